/**
 * Child process for the kill-at-every-step test: runs one scheduler tick against a database file
 * and, when CRASH_AT names a delivery step, kills itself with SIGKILL right after that step,
 * exactly as a power cut or an OOM kill would.
 *
 * Plain JavaScript on the compiled sources (dist/, which npm ci and the tests' global setup build):
 * plain node starts it in a fraction of the time that `node --import tsx` took to compile the
 * sources, and the test starts it 47 times.
 */
import { createApp } from '../../dist/app.js';
import { loadConfig } from '../../dist/config.js';
import { silentLogger } from '../../dist/core/logger.js';

const crashAt = process.env['CRASH_AT'];
const now = new Date(process.env['NOW'] ?? '2026-11-16T09:00:00Z');
const app = createApp(loadConfig({ DATABASE_PATH: process.env['DATABASE_PATH'], LOG_LEVEL: 'silent' }), {
  clock: { now: () => now },
  log: silentLogger,
  ...(process.env['PAPERS_PER_MESSAGE'] ? { consolePapersPerMessage: Number(process.env['PAPERS_PER_MESSAGE']) } : {}),
  onDeliveryStep: (step) => {
    if (step === crashAt) process.kill(process.pid, 'SIGKILL');
  },
});
await app.services.digests.runDue(now);
app.close();
process.stdout.write('tick done\n');
