import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

/** The non-empty lines of a JSON-lines file, gzipped (`.gz`) or plain. */
export async function* readSnapshotLines(path: string): AsyncGenerator<string> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const input = path.endsWith('.gz') ? file.pipe(createGunzip()) : file;
  try {
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      if (line.trim() !== '') yield line;
    }
  } finally {
    // A reader that stops early must not leave the file open.
    file.destroy();
  }
}

/** Buffered line output with back-pressure, for writing large generated files. */
export function createLineWriter(path: string) {
  const stream = createWriteStream(path, { highWaterMark: 1 << 20 });
  let buffer: string[] = [];
  let buffered = 0;
  const flush = async () => {
    if (buffer.length === 0) return;
    const chunk = buffer.join('');
    buffer = [];
    buffered = 0;
    if (!stream.write(chunk)) await once(stream, 'drain');
  };
  return {
    async write(line: string): Promise<void> {
      buffer.push(line, '\n');
      buffered += line.length + 1;
      if (buffered >= 1 << 20) await flush();
    },
    async close(): Promise<void> {
      await flush();
      stream.end();
      await once(stream, 'finish');
    },
  };
}

/** Copies the first `count` records of a snapshot into a plain JSON-lines file; returns how many it copied. */
export async function writeSnapshotPrefix(source: string, out: string, count: number): Promise<number> {
  const writer = createLineWriter(out);
  let written = 0;
  for await (const line of readSnapshotLines(source)) {
    if (written >= count) break;
    await writer.write(line);
    written++;
  }
  await writer.close();
  return written;
}
