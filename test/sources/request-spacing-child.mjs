// A paperboy process for request-spacing.test.ts: opens the store at DATABASE_PATH and prints
// "ready"; then reads a start time (epoch ms) on stdin and, from then on, books BOOKINGS starts of
// the "arxiv" domain, INTERVAL_MS apart, each once the one before it has come (as a polite client
// does, with a short interval so the test is quick), and prints them.
// Plain JavaScript on the compiled sources (dist/, which the tests' global setup builds).
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { openDatabase } from '../../dist/adapters/store/open-database.js';
import { createSqliteRequestSpacing } from '../../dist/adapters/store/sqlite-request-spacing.js';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const database = openDatabase(process.env.DATABASE_PATH);
const spacing = createSqliteRequestSpacing(database.sqlite);
const interval = Number(process.env.INTERVAL_MS);
const starts = [];
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
const [startAt] = await once(lines, 'line');
lines.close();
// Both processes start booking at the same moment, so their transactions contend.
while (Date.now() < Number(startAt)) await sleep(1);
for (let i = 0; i < Number(process.env.BOOKINGS); i++) {
  const start = spacing.book('arxiv', interval, Date.now);
  starts.push(start);
  await sleep(Math.max(0, start - Date.now()));
}
database.close();
process.stdout.write(starts.join('\n') + '\n');
