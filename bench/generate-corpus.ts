/**
 * Extends the real arXiv corpus to any size with synthetic papers that keep its vocabulary, word
 * statistics, topics and lengths, so search and import can be measured at arXiv scale:
 *
 *   node bin/run-ts.js bench/generate-corpus.ts --papers 1000000 --out /tmp/arxiv-1m.jsonl [--seed 20250318]
 *
 * Each synthetic paper starts from a real "template" paper (its title and abstract lengths,
 * author count, categories and comment) and a few real "donor" papers on the same topic: papers
 * whose abstracts share a distinctive word of the template's title. Its abstract is real
 * sentences drawn from the template and the donors, its title a splice of their titles. So the
 * phrases researchers search for ("graph neural network") stay intact, and a word is as likely
 * to be in a synthetic paper as in a real one: a word-level Markov walk over the whole corpus
 * would mix some fifty unrelated abstracts into each paper and double the FTS5 posting lists of
 * topical words. Measured on the benchmark's multi-word queries (all words required), synthetic
 * papers match 1.25 times as often as real ones (median; a word-level walk: 2.1 times). Authors are drawn
 * from every real author occurrence, so prolific authors stay prolific. Synthetic ids are
 * new-style arXiv ids from 1501 to 2502, before the real corpus (2503 on), so none collides; the
 * output lists them first, then the real papers verbatim, as in arXiv's own id-ordered snapshot.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createSeededRandom, type SeededRandom } from './seeded-random.ts';
import { createLineWriter, readSnapshotLines } from './snapshot-lines.ts';

/** Bump when the generated text changes, so cached corpora are regenerated. */
export const GENERATOR_VERSION = 2;
export const DEFAULT_SEED = 20250318;
/** The real corpus in ../shared (78,736 arXiv CS papers, 2025-03 to 2026-07). */
export const REAL_CORPUS = new URL('../../shared/datasets/arxiv-cs-daily/arxiv-cs-2025-2026.snapshot.jsonl.gz', import.meta.url);

/** Donor papers besides the template, and the template's share of the sentences. */
const DONORS = 2;
const TEMPLATE_SHARE = 0.6;
/** A title word anchors the donors when this many abstract words are that word (specific, not rare noise). */
const ANCHOR_OCCURRENCES = { min: 20, max: 20_000 };
/** Tries to find a donor other than the template, or a sentence not used yet. */
const TRIES = 8;
const END_OF_TEXT = -1;
/** Synthetic ids run over these months (YYMM), all before the real corpus. */
const FIRST_MONTH = { year: 2015, month: 1 };
const MONTHS = 122;
const MAX_PER_MONTH = 99_999;

/** Real texts as word-id streams, with every word's occurrences. */
interface TextModel {
  words: string[];
  ids: Map<string, number>;
  /** Per word id: 1 when the word ends a sentence ("results."). */
  endsSentence: Uint8Array;
  stream: Int32Array;
  docStarts: Int32Array;
  docLengths: Int32Array;
  occurrenceOffsets: Int32Array;
  occurrences: Int32Array;
}

interface TemplatePaper {
  categories: string;
  comment: string | null;
  authorCount: number;
}

export interface CorpusModel {
  titles: TextModel;
  abstracts: TextModel;
  /** [last, first, suffix] of every distinct author name. */
  authorNames: Array<[string, string, string]>;
  /** One entry per author occurrence (an index into authorNames). */
  authorOccurrences: Int32Array;
  templates: TemplatePaper[];
}

class GrowableInt32 {
  private data = new Int32Array(1 << 16);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

function createTextModelBuilder() {
  const ids = new Map<string, number>();
  const words: string[] = [];
  const stream = new GrowableInt32();
  const docStarts = new GrowableInt32();
  const docLengths = new GrowableInt32();
  return {
    add(text: string): void {
      const tokens = text.split(/\s+/).filter(Boolean);
      if (tokens.length === 0) return;
      docStarts.push(stream.length);
      docLengths.push(tokens.length);
      for (const token of tokens) {
        let id = ids.get(token);
        if (id === undefined) {
          id = words.length;
          ids.set(token, id);
          words.push(token);
        }
        stream.push(id);
      }
      stream.push(END_OF_TEXT);
    },
    build(): TextModel {
      const tokens = stream.toArray();
      const counts = new Int32Array(words.length + 1);
      for (const id of tokens) if (id !== END_OF_TEXT) counts[id + 1]!++;
      const occurrenceOffsets = new Int32Array(words.length + 1);
      for (let w = 1; w <= words.length; w++) occurrenceOffsets[w] = occurrenceOffsets[w - 1]! + counts[w]!;
      const fill = occurrenceOffsets.slice(0, words.length);
      const occurrences = new Int32Array(occurrenceOffsets[words.length]!);
      tokens.forEach((id, position) => {
        if (id !== END_OF_TEXT) occurrences[fill[id]!++] = position;
      });
      const endsSentence = Uint8Array.from(words, (w) => (/[.!?]$/.test(w) ? 1 : 0));
      return { words, ids, endsSentence, stream: tokens, docStarts: docStarts.toArray(), docLengths: docLengths.toArray(), occurrenceOffsets, occurrences };
    },
  };
}

interface RealRecord {
  title?: string;
  abstract?: string;
  categories?: string;
  comments?: string | null;
  authors_parsed?: string[][];
}

/** Reads the real corpus once into the generator's model. */
export async function buildCorpusModel(source: string): Promise<CorpusModel> {
  const titles = createTextModelBuilder();
  const abstracts = createTextModelBuilder();
  const authorIds = new Map<string, number>();
  const authorNames: Array<[string, string, string]> = [];
  const authorOccurrences = new GrowableInt32();
  const templates: TemplatePaper[] = [];
  for await (const line of readSnapshotLines(source)) {
    const record = JSON.parse(line) as RealRecord;
    // Titles, abstracts and templates stay index-aligned: a paper is learnt from only when it has both.
    if (!record.title?.trim() || !record.abstract?.trim()) continue;
    titles.add(record.title);
    abstracts.add(record.abstract);
    const parsed = (record.authors_parsed ?? []).map(([last = '', first = '', suffix = '']) => [last, first, suffix] as [string, string, string]);
    for (const name of parsed) {
      const key = name.join('\u0000');
      let id = authorIds.get(key);
      if (id === undefined) {
        id = authorNames.length;
        authorIds.set(key, id);
        authorNames.push(name);
      }
      authorOccurrences.push(id);
    }
    templates.push({ categories: record.categories ?? 'cs.LG', comment: record.comments ?? null, authorCount: Math.max(1, parsed.length) });
  }
  if (templates.length === 0) throw new Error(`${source} holds no papers to learn from`);
  return { titles: titles.build(), abstracts: abstracts.build(), authorNames, authorOccurrences: authorOccurrences.toArray(), templates };
}

/** The document holding a stream position (binary search over the document starts). */
function docOf(model: TextModel, position: number): number {
  let low = 0;
  let high = model.docStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (model.docStarts[mid]! <= position) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The template and papers whose abstracts share a distinctive word of its title. */
function pickDonors(model: CorpusModel, random: SeededRandom, template: number): number[] {
  const { abstracts, titles } = model;
  const start = titles.docStarts[template]!;
  const anchors: number[] = [];
  for (let p = start; p < start + titles.docLengths[template]!; p++) {
    const word = titles.words[titles.stream[p]!]!.replace(/[^\p{L}\p{N}-]+/gu, '');
    if (word.length < 4) continue;
    const id = abstracts.ids.get(word) ?? abstracts.ids.get(word.toLowerCase());
    if (id === undefined) continue;
    const count = abstracts.occurrenceOffsets[id + 1]! - abstracts.occurrenceOffsets[id]!;
    if (count >= ANCHOR_OCCURRENCES.min && count <= ANCHOR_OCCURRENCES.max) anchors.push(id);
  }
  // The most specific anchor finds the closest donors.
  anchors.sort((a, b) => abstracts.occurrenceOffsets[a + 1]! - abstracts.occurrenceOffsets[a]! - (abstracts.occurrenceOffsets[b + 1]! - abstracts.occurrenceOffsets[b]!));
  anchors.splice(1);
  const donors = [template];
  for (let i = 0; i < DONORS && anchors.length > 0; i++) {
    for (let attempt = 0; attempt < TRIES; attempt++) {
      const anchor = random.pick(anchors);
      const first = abstracts.occurrenceOffsets[anchor]!;
      const doc = docOf(abstracts, abstracts.occurrences[first + random.below(abstracts.occurrenceOffsets[anchor + 1]! - first)]!);
      if (!donors.includes(doc)) {
        donors.push(doc);
        break;
      }
    }
  }
  return donors;
}

/** Real sentences of the donors (the template most often) until `length` words. */
function generateAbstract(model: TextModel, random: SeededRandom, donors: number[], length: number): string {
  const words: string[] = [];
  const used = new Set<number>();
  while (words.length < length) {
    let position = 0;
    // A sentence not used yet, when one is found in a few tries (short donors run out).
    for (let attempt = 0; attempt < TRIES; attempt++) {
      const doc = random.next() < TEMPLATE_SHARE ? donors[0]! : random.pick(donors);
      const start = model.docStarts[doc]!;
      position = start + random.below(model.docLengths[doc]!);
      while (position > start && model.endsSentence[model.stream[position - 1]!] !== 1) position--;
      if (!used.has(position)) break;
    }
    used.add(position);
    for (; words.length < length; position++) {
      const word = model.stream[position]!;
      if (word === END_OF_TEXT) break;
      words.push(model.words[word]!);
      if (model.endsSentence[word] === 1) break;
    }
  }
  return words.join(' ');
}

/** The template's title up to a random cut, then another donor's title from a random word on. */
function generateTitle(model: TextModel, random: SeededRandom, donors: number[], length: number): string {
  const words: string[] = [];
  let doc = donors[0]!;
  let position = model.docStarts[doc]!;
  let cut = length <= 1 ? length : 1 + random.below(length - 1);
  while (words.length < length) {
    const word = model.stream[position]!;
    if (word === END_OF_TEXT || words.length === cut) {
      doc = random.pick(donors);
      position = model.docStarts[doc]! + random.below(model.docLengths[doc]!);
      cut = length;
      continue;
    }
    words.push(model.words[word]!);
    position++;
  }
  return words.join(' ');
}

function joinAuthors(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The id and listing date of the n-th synthetic paper out of `total`. */
export function syntheticIdentity(n: number, total: number): { id: string; date: Date } {
  const perMonth = Math.ceil(total / MONTHS);
  if (perMonth > MAX_PER_MONTH) throw new Error(`at most ${MONTHS * MAX_PER_MONTH} synthetic papers fit the id range`);
  const monthIndex = Math.floor(n / perMonth);
  const number = (n % perMonth) + 1;
  const year = FIRST_MONTH.year + Math.floor((FIRST_MONTH.month - 1 + monthIndex) / 12);
  const month = ((FIRST_MONTH.month - 1 + monthIndex) % 12) + 1;
  const day = 1 + Math.floor(((number - 1) * 28) / perMonth);
  const id = `${String(year % 100).padStart(2, '0')}${String(month).padStart(2, '0')}.${String(number).padStart(5, '0')}`;
  return { id, date: new Date(Date.UTC(year, month - 1, day, 18)) };
}

/** One synthetic paper, with the given id and listing date, in the arXiv bulk snapshot's field layout. */
export function generateRecord(model: CorpusModel, random: SeededRandom, identity: { id: string; date: Date }): Record<string, unknown> {
  const templateIndex = random.below(model.templates.length);
  const template = model.templates[templateIndex]!;
  const { id, date } = identity;
  const donors = pickDonors(model, random, templateIndex);
  const title = generateTitle(model.titles, random, donors, model.titles.docLengths[templateIndex]!);
  const abstract = generateAbstract(model.abstracts, random, donors, model.abstracts.docLengths[templateIndex]!);
  const parsed = Array.from({ length: template.authorCount }, () => model.authorNames[model.authorOccurrences[random.below(model.authorOccurrences.length)]!]!);
  const day = date.toISOString().slice(0, 10);
  return {
    id,
    submitter: null,
    authors: joinAuthors(parsed.map(([last, first, suffix]) => [first, last, suffix].filter(Boolean).join(' '))),
    title,
    comments: template.comment,
    'journal-ref': null,
    doi: null,
    'report-no': null,
    categories: template.categories,
    license: null,
    abstract,
    versions: [{ version: 'v1', created: date.toUTCString() }],
    update_date: day,
    authors_parsed: parsed,
  };
}

export interface ExtendOptions {
  source: string;
  out: string;
  /** Papers in the output: every real paper plus as many synthetic ones as needed. */
  papers: number;
  seed?: number;
  /** Keep an existing output written by the same generator version, seed, size and source. */
  reuse?: boolean;
  onProgress?: (written: number) => void;
}

export interface ExtendSummary {
  real: number;
  synthetic: number;
  seconds: number;
  reused: boolean;
}

interface Manifest {
  generator: number;
  seed: number;
  papers: number;
  sourceBytes: number;
  real: number;
  synthetic: number;
}

/** Writes the real corpus extended to `papers` papers as plain JSON lines. */
export async function extendCorpus(options: ExtendOptions): Promise<ExtendSummary> {
  const started = performance.now();
  const seed = options.seed ?? DEFAULT_SEED;
  const manifestPath = `${options.out}.manifest.json`;
  const expected = { generator: GENERATOR_VERSION, seed, papers: options.papers, sourceBytes: statSync(options.source).size };
  if (options.reuse && existsSync(options.out) && existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    if (Object.entries(expected).every(([k, v]) => manifest[k as keyof Manifest] === v)) {
      return { real: manifest.real, synthetic: manifest.synthetic, seconds: 0, reused: true };
    }
  }
  const model = await buildCorpusModel(options.source);
  const real = model.templates.length;
  const synthetic = Math.max(0, options.papers - real);
  const random = createSeededRandom(seed);
  const writer = createLineWriter(options.out);
  let written = 0;
  for (let n = 0; n < synthetic; n++) {
    await writer.write(JSON.stringify(generateRecord(model, random, syntheticIdentity(n, synthetic))));
    if (++written % 50_000 === 0) options.onProgress?.(written);
  }
  for await (const line of readSnapshotLines(options.source)) {
    if (written >= Math.max(options.papers, synthetic)) break;
    await writer.write(line);
    written++;
  }
  await writer.close();
  const manifest: Manifest = { ...expected, real: written - synthetic, synthetic };
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return { real: written - synthetic, synthetic, seconds: (performance.now() - started) / 1000, reused: false };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      papers: { type: 'string', default: '1000000' },
      out: { type: 'string' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      source: { type: 'string', default: fileURLToPath(REAL_CORPUS) },
    },
  });
  if (!values.out) throw new Error('usage: node bin/run-ts.js bench/generate-corpus.ts --papers 1000000 --out FILE [--seed N] [--source FILE]');
  const summary = await extendCorpus({
    source: values.source,
    out: values.out,
    papers: Number(values.papers),
    seed: Number(values.seed),
    onProgress: (n) => process.stderr.write(`\r${n.toLocaleString('en-US')} synthetic papers written`),
  });
  process.stderr.write('\n');
  console.log(
    `Wrote ${values.out}: ${summary.synthetic.toLocaleString('en-US')} synthetic + ${summary.real.toLocaleString('en-US')} real papers in ${summary.seconds.toFixed(1)} s.`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
