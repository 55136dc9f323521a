import type { Config } from '../../config.ts';
import type { Logger } from '../../core/logger.ts';
import type { AuthorSearch, AuthorSearchFailure, ExternalAuthorCandidate } from '../../core/subscriptions/subscription-ports.ts';
import type { AuthorCandidate } from '../sources/author-candidate.ts';
import { HostUnreachableError } from '../sources/http-client.ts';
import { searchOpenAlexAuthors } from '../sources/openalex-client.ts';
import { searchS2Authors } from '../sources/semantic-scholar-client.ts';
import type { SourceClients } from '../sources/source-clients.ts';
import { namesMatch } from './author-name-match.ts';

/** Authors asked of each source: a page a person reads, and a small answer (each S2 author brings their papers' titles). */
export const AUTHORS_ASKED = 10;

/**
 * Settings of the clients a chat command searches with: a person is waiting, so one retry and
 * short waits instead of an ingest's patience. The request spacing stays the shared one.
 */
export const INTERACTIVE_CLIENT_SETTINGS = { maxRetries: 1, maxDelayMs: 5_000, timeoutMs: 10_000 } as const;

/**
 * Asks Semantic Scholar and OpenAlex author search for a name, both at once (each through its own
 * polite client), and keeps the candidates whose name fits it: the same name key, or compatible
 * initials ("G. Hinton"). A source that fails is reported in `failures`, never thrown.
 */
export function createExternalAuthorSearch(deps: { config: Config; clients: Pick<SourceClients, 'semanticScholar' | 'openAlex'>; log: Logger }): AuthorSearch {
  const { config, clients } = deps;
  const log = deps.log.child({ component: 'author-search' });
  const s2 = { client: clients.semanticScholar, baseUrl: config.S2_API_URL, apiKey: config.S2_API_KEY };
  const openAlex = { client: clients.openAlex, baseUrl: config.OPENALEX_API_URL, apiKey: config.OPENALEX_API_KEY };

  return {
    async searchAuthors(name) {
      const failures: AuthorSearchFailure[] = [];
      const ask = async (source: AuthorSearchFailure['source'], search: () => Promise<AuthorCandidate[]>): Promise<AuthorCandidate[]> => {
        try {
          return await search();
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          failures.push({ source, unreachable: error instanceof HostUnreachableError, message });
          log.warn({ source, reason: message }, 'author search failed');
          return [];
        }
      };
      const [fromS2, fromOpenAlex] = await Promise.all([
        ask('semantic-scholar', () => searchS2Authors(s2, name, AUTHORS_ASKED)),
        ask('openalex', () => searchOpenAlexAuthors(openAlex, name, AUTHORS_ASKED)),
      ]);
      const fits = (candidate: AuthorCandidate) => namesMatch(name, [candidate.name, ...candidate.aliases]);
      const candidates = [...fromS2, ...fromOpenAlex].filter(fits).map(toExternalCandidate);
      return { candidates, failures };
    },
  };
}

function toExternalCandidate(candidate: AuthorCandidate): ExternalAuthorCandidate {
  return {
    source: candidate.source,
    followId: candidate.source === 'semantic-scholar' ? `s2:${candidate.externalId}` : candidate.externalId,
    name: candidate.name,
    affiliation: candidate.affiliations[0] ?? null,
    paperCount: candidate.paperCount,
    recentTitle: candidate.recentTitles[0] ?? null,
    orcid: candidate.orcid,
    arxivIds: candidate.arxivIds,
  };
}
