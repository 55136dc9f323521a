/**
 * Converts a BEIR-layout retrieval collection (corpus.jsonl `_id,title,text`; queries.jsonl
 * `_id,text[,split]`; qrels/<split>.tsv) into what the paperboy CLI reads: the arXiv bulk
 * snapshot layout for `paperboy import`, and a queries file (one query per line) for
 * `paperboy search --queries FILE`, with an ids file in the same order.
 *
 *   node bin/run-ts.js bench/relevance/convert-beir.ts --dataset ../shared/datasets/scifact --split train --out bench/out/scifact
 *
 * BEIR layout: https://github.com/beir-cellar/beir/wiki/Load-your-custom-dataset
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** One document of a BEIR corpus.jsonl. */
interface BeirDocument {
  _id: string;
  title: string;
  text: string;
}

/** One query of a BEIR queries.jsonl; `split` is an extension some exports carry. */
interface BeirQuery {
  _id: string;
  text: string;
  split?: string;
}

export interface ConvertedQueries {
  ids: string[];
  texts: string[];
}

/** Line breaks, tabs and other control or format characters inside a query would split or hide a line. */
const LINE_UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\s]+/gu;

/** The source-id prefix the BEIR ids are stored under (src/core/paper.ts: SOURCE_PAPER_IDS). */
const BEIR_ID_PREFIX = 'hf:';

/** The paper id a BEIR document is imported as. */
export function paperIdOfBeir(beirId: string): string {
  return `${BEIR_ID_PREFIX}${beirId}`;
}

/** The BEIR id of an imported document (the qrels' and run files' id). */
export function beirIdOfPaper(paperId: string): string {
  return paperId.startsWith(BEIR_ID_PREFIX) ? paperId.slice(BEIR_ID_PREFIX.length) : paperId;
}

function oneLine(text: string): string {
  return text.replace(LINE_UNSAFE, ' ').trim();
}

/**
 * One snapshot record (Kaggle `arxiv-metadata-oai-snapshot` field names, as
 * src/adapters/snapshot/parse-snapshot-record.ts reads them). The BEIR `_id` becomes the paper id
 * `hf:<_id>` (paperIdOfBeir): paperboy stores only arXiv ids and source ids (src/core/paper.ts), and
 * a bare "4983" is skipped on import. BEIR has no authors, categories or dates, so those are empty or null.
 */
export function snapshotRecord(doc: BeirDocument): Record<string, unknown> {
  return {
    id: paperIdOfBeir(String(doc._id)),
    submitter: null,
    authors: '',
    title: doc.title,
    comments: null,
    'journal-ref': null,
    doi: null,
    'report-no': null,
    categories: '',
    license: null,
    abstract: doc.text,
    versions: [],
    update_date: null,
    authors_parsed: [],
  };
}

/**
 * A paper needs a title to be imported; BEIR corpora where a document has none get the opening of
 * its text as the title, so the document still takes part in the ranking.
 */
const UNTITLED_TITLE_WORDS = 12;

function withTitle(doc: BeirDocument): BeirDocument {
  if (doc.title.trim() !== '') return doc;
  return { ...doc, title: doc.text.trim().split(/\s+/).slice(0, UNTITLED_TITLE_WORDS).join(' ') };
}

async function* jsonLines<T>(path: string): AsyncGenerator<T> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) if (line.trim() !== '') yield JSON.parse(line) as T;
}

/** Writes the corpus as a snapshot JSON-lines file. Returns the number of documents written. */
export async function convertCorpus(corpusPath: string, outPath: string): Promise<number> {
  const out = createWriteStream(outPath);
  let count = 0;
  for await (const doc of jsonLines<BeirDocument>(corpusPath)) {
    const line = `${JSON.stringify(snapshotRecord(withTitle({ _id: String(doc._id), title: doc.title ?? '', text: doc.text ?? '' })))}\n`;
    if (!out.write(line)) await once(out, 'drain');
    count++;
  }
  out.end();
  await once(out, 'finish');
  return count;
}

/** The graded judgements of a qrels file (`query-id\tcorpus-id\tscore`, header line optional): query → document → grade. */
export function readQrels(path: string): Map<string, Map<string, number>> {
  const qrels = new Map<string, Map<string, number>>();
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const [queryId, docId, score] = line.split('\t');
    if (queryId === undefined || docId === undefined || score === undefined) continue;
    if (index === 0 && Number.isNaN(Number(score))) continue;
    const judged = qrels.get(queryId) ?? new Map<string, number>();
    judged.set(docId, Number(score));
    qrels.set(queryId, judged);
  }
  return qrels;
}

/**
 * The queries of one split, in file order. Uses the `split` field when queries.jsonl has one,
 * else the query ids of qrels/<split>.tsv (plain BEIR). Queries that are empty once made into one
 * line are left out, since the CLI skips blank lines and the ids would no longer line up.
 */
export async function splitQueries(datasetDir: string, split: string): Promise<ConvertedQueries> {
  const all: BeirQuery[] = [];
  for await (const query of jsonLines<BeirQuery>(join(datasetDir, 'queries.jsonl'))) all.push(query);
  let chosen: BeirQuery[];
  if (all.some((q) => q.split !== undefined)) {
    chosen = all.filter((q) => q.split === split);
  } else {
    const qrelsPath = join(datasetDir, 'qrels', `${split}.tsv`);
    if (!existsSync(qrelsPath)) throw new Error(`queries.jsonl has no split field and ${qrelsPath} does not exist`);
    const judged = readQrels(qrelsPath);
    chosen = all.filter((q) => judged.has(String(q._id)));
  }
  const result: ConvertedQueries = { ids: [], texts: [] };
  for (const query of chosen) {
    const text = oneLine(query.text);
    if (text === '') continue;
    result.ids.push(String(query._id));
    result.texts.push(text);
  }
  return result;
}

/** Writes the queries file (one per line) and the ids file (same order). */
export function writeQueries(queries: ConvertedQueries, textPath: string, idsPath: string): void {
  writeFileSync(textPath, `${queries.texts.join('\n')}\n`);
  writeFileSync(idsPath, `${queries.ids.join('\n')}\n`);
}

/** The paths convertDataset writes. */
export interface ConvertedDataset {
  snapshotPath: string;
  queriesPath: string;
  idsPath: string;
  documents: number;
  queries: ConvertedQueries;
}

/** Converts the corpus and one split's queries into outDir. */
export async function convertDataset(datasetDir: string, split: string, outDir: string): Promise<ConvertedDataset> {
  mkdirSync(outDir, { recursive: true });
  const snapshotPath = join(outDir, 'corpus.snapshot.jsonl');
  const queriesPath = join(outDir, `queries-${split}.txt`);
  const idsPath = join(outDir, `queries-${split}.ids.txt`);
  const documents = await convertCorpus(join(datasetDir, 'corpus.jsonl'), snapshotPath);
  const queries = await splitQueries(datasetDir, split);
  writeQueries(queries, queriesPath, idsPath);
  return { snapshotPath, queriesPath, idsPath, documents, queries };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dataset: { type: 'string', default: fileURLToPath(new URL('../../../shared/datasets/scifact', import.meta.url)) },
      split: { type: 'string', default: 'train' },
      out: { type: 'string', default: fileURLToPath(new URL('../out/scifact', import.meta.url)) },
    },
  });
  const converted = await convertDataset(resolve(values.dataset), values.split, resolve(values.out));
  process.stdout.write(
    `${converted.documents} documents → ${converted.snapshotPath}\n` +
      `${converted.queries.ids.length} ${values.split} queries → ${converted.queriesPath} (ids: ${converted.idsPath})\n`,
  );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
