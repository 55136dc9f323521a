import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The benchmark code's own tests run with `npm run test:bench` (test/bench/vitest.config.ts), not in `npm test`.
    exclude: [...configDefaults.exclude, 'test/bench/**'],
    // dist/ as the sources are now, for the tests that run paperboy as users do (test/build-dist.ts).
    globalSetup: ['test/build-dist.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One test file per core. Vitest's default leaves one core free (a single worker on two cores),
    // but much of a file's time is spent waiting on the child processes, servers and timers it
    // starts, so a second file runs in that time (on two shared cores: 72 s against 130 s).
    maxWorkers: availableParallelism(),
  },
});
