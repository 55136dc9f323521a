import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';

/** The recorded arXiv cs snapshot (Kaggle field names), shared by every checkout; never copied into the repo. */
export const ARXIV_CS_SNAPSHOT = fileURLToPath(
  new URL('../../../shared/datasets/arxiv-cs-daily/arxiv-cs-2025-2026.snapshot.jsonl.gz', import.meta.url),
);

/** Streams the first `lines` lines of the gzipped snapshot into a plain JSON-lines file at `path`. */
export async function writeSnapshotSlice(path: string, lines: number): Promise<void> {
  const input = createReadStream(ARXIV_CS_SNAPSHOT).pipe(createGunzip());
  const reader = createInterface({ input, crlfDelay: Infinity });
  const output = createWriteStream(path);
  let written = 0;
  for await (const line of reader) {
    if (!output.write(`${line}\n`)) await once(output, 'drain');
    if (++written >= lines) break;
  }
  reader.close();
  input.destroy();
  output.end();
  await once(output, 'finish');
}
