// A paperboy process for sqlite-ingest-lock.test.ts: opens the store at DATABASE_PATH, takes the
// ingest lock as a run does, prints "locked" (or "busy"), and then holds it until it is killed.
// Plain JavaScript on the compiled sources (dist/, which the tests' global setup builds).
import { createSqliteIngestPorts } from '../../dist/adapters/ingest/ingest-ports.js';
import { openDatabase } from '../../dist/adapters/store/open-database.js';
import { createSqlitePaperRepository } from '../../dist/adapters/store/sqlite-paper-repository.js';

const database = openDatabase(process.env.DATABASE_PATH);
const ports = createSqliteIngestPorts(database.db, createSqlitePaperRepository(database.sqlite));
const lock = ports.lockRun();
process.stdout.write(lock ? 'locked\n' : 'busy\n');
// Held until the test kills this process, as a run is when its process dies.
setInterval(() => undefined, 60_000);
