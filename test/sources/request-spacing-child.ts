// A paperboy process for request-spacing.test.ts: from START_AT on, books BOOKINGS starts of the
// "arxiv" domain, INTERVAL_MS apart, in the store at DATABASE_PATH, each once the one before it has
// come (as a polite client does, with a short interval so the test is quick), and prints them.
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { createSqliteRequestSpacing } from '../../src/adapters/store/sqlite-request-spacing.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const database = openDatabase(process.env.DATABASE_PATH!);
const spacing = createSqliteRequestSpacing(database.sqlite);
const interval = Number(process.env.INTERVAL_MS);
const starts: number[] = [];
// Both processes start booking at the same moment, so their transactions contend.
while (Date.now() < Number(process.env.START_AT)) await sleep(5);
for (let i = 0; i < Number(process.env.BOOKINGS); i++) {
  const start = spacing.book('arxiv', interval, Date.now);
  starts.push(start);
  await sleep(Math.max(0, start - Date.now()));
}
database.close();
process.stdout.write(starts.join('\n') + '\n');
