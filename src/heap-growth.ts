import { setFlagsFromString } from 'node:v8';

/**
 * V8's --heap-growing-percent for every paperboy process: a heap's old generation may grow to 1.5x
 * what survived the last full collection before V8 collects again, not up to 4x (its default on a
 * machine with this much memory). A serving process keeps about 21 MB alive on its chat thread and
 * 8 MB in each search worker (heap snapshots), yet without the pool its chat thread's heap grew from
 * 62 to 104 MB over 6,000 commands, most of it garbage. At 78,736 papers with the pool
 * (bench/serving-memory.ts, 20 rounds of 300 commands): RSS peak 212 MB against 227, after round 20
 * 202 against 217; `paperboy import` of the snapshot peaked at 199 MB against 209-215, in
 * 10.5 / 12.8 s against 10.7 / 11.8 s. A large import lowers it further (src/cli/import-cli.ts).
 */
export const PAPERBOY_V8_FLAGS: readonly string[] = ['--heap-growing-percent=50'];

/**
 * Sets PAPERBOY_V8_FLAGS in the running process. Done in code, not on bin/paperboy.js's #! line, so
 * that `node bin/paperboy.js`, `node dist/cli.js` and `node --env-file=.env bin/paperboy.js serve`
 * get it too. V8 reads the factor at each full collection and the flags are process-wide, so setting
 * it at start governs the chat thread and the search workers started later (measured: a worker
 * thread churning garbage peaked at 243 MB heap total with the flag set this way, 542 MB without,
 * the same as with the flag on node's command line).
 */
export function applyPaperboyV8Flags(): void {
  for (const flag of PAPERBOY_V8_FLAGS) setFlagsFromString(flag);
}

/**
 * V8's --semi-space-growth-factor=1 for `paperboy serve` (src/cli.ts, first thing): the chat
 * thread's young generation stays at its 1 MB semi-spaces instead of growing to V8's 16 MB, which
 * a busy process never gives back. With searches and digest selection in the pool's workers,
 * the chat thread's garbage is a command's parse and reply. Measured from dist/ at 78,736 papers
 * (bench/serving-memory.ts, 20 rounds of 300 commands): new space 2-4 MB against 32, peak RSS
 * 171.8 / 173.1 MB against 213.3 / 207.9, with searches through the pool as fast (200 queries x 3,
 * median of 5 interleaved runs: mean 6.5 ms both, p95 15.9 against 14.2, within the runs'
 * spread). --max-semi-space-size cannot do it: V8 reads it only when an isolate is created, so it
 * misses the chat thread's at run time and on node's command line would slow `paperboy import`
 * too (7-11 %); the growth factor is read at each growth. Each new isolate's
 * heap set-up raises the factor back to 2 for the whole process, so each search-pool worker sets
 * it again as its first line (search-pool-worker.ts).
 */
export const SERVING_YOUNG_GENERATION_FLAG = '--semi-space-growth-factor=1';

/** Sets SERVING_YOUNG_GENERATION_FLAG: `serve` and its search workers call it, `paperboy import` never does. */
export function holdChatThreadYoungGeneration(): void {
  setFlagsFromString(SERVING_YOUNG_GENERATION_FLAG);
}
