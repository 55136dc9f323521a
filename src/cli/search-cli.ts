import { existsSync, readFileSync, statSync } from 'node:fs';
import { UserError } from '../core/errors.ts';
import { INDEXING_NOTE, type PaperSearch, type SearchOutcome } from '../core/search/paper-search.ts';

// The chat reply and its console rendering load only for text output: `--json` (scripts, the
// cold-start bench) never renders one.
const loadRenderConsole = () => import('../adapters/console/render-console.ts');

/** The JSON shape of one search result on the command line. */
function resultJson(outcome: SearchOutcome) {
  return outcome.hits.map((hit) => ({
    id: hit.paper.id,
    title: hit.paper.title,
    authors: hit.paper.authors,
    published: hit.paper.published,
    categories: hit.paper.categories,
    score: Number(hit.score.toFixed(6)),
    url: hit.paper.absUrl,
    partial: hit.partial,
  }));
}

function withSort(query: string, sort: string | undefined): string {
  return sort ? `${query} sort:${sort}` : query;
}

/**
 * `paperboy search`: one query, or one JSON line per query of a file. Returns the exit code. As
 * text, the results are the reply a search in chat gets, through the console renderer; a query
 * paperboy cannot run is its UserError reply, on stderr.
 */
export async function runSearchCli(
  search: PaperSearch,
  args: { query: string | undefined; limit: number; sort: string | undefined; json: boolean; queries: string | undefined },
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  if (args.queries !== undefined) {
    if (!existsSync(args.queries) || !statSync(args.queries).isFile()) {
      err(`No such file: ${args.queries}`);
      return 2;
    }
    const lines = readFileSync(args.queries, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
    for (const line of lines) {
      try {
        out(JSON.stringify({ query: line, results: resultJson(await search.searchText(withSort(line, args.sort), args.limit, { withSuggestion: false })) }));
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        out(JSON.stringify({ query: line, error: error.message, results: [] }));
      }
    }
    return 0;
  }
  if (args.query === undefined) {
    err('search needs a query: paperboy search "recsys cold-start"');
    return 2;
  }
  let outcome: SearchOutcome;
  try {
    // JSON output carries no did-you-mean: skip loading the vocabulary for it.
    outcome = await search.searchText(withSort(args.query, args.sort), args.limit, { withSuggestion: !args.json });
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    const [{ renderConsoleReply }, { userErrorReply }] = await Promise.all([loadRenderConsole(), import('../commands/dispatch.ts')]);
    err(renderConsoleReply(userErrorReply(error), process.stderr.isTTY === true));
    return 2;
  }
  if (args.json) {
    if (outcome.indexing) err(`(${INDEXING_NOTE})`);
    out(JSON.stringify(resultJson(outcome), null, 2));
    return 0;
  }
  const [{ renderConsoleReply }, { searchReply, searchTitle }] = await Promise.all([loadRenderConsole(), import('../commands/definitions/search-command.ts')]);
  out(renderConsoleReply(searchReply(outcome, args.limit, searchTitle(outcome)), process.stdout.isTTY === true));
  return 0;
}
