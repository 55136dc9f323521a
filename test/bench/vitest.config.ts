/**
 * `npm run test:bench`: the tests of the benchmark code in this folder (its statistics, report, query
 * set and corpus generator), apart from `npm test`, which tests paperboy itself (vitest.config.ts
 * leaves this folder out). They import the sources and bench/ directly, so they need no dist/ build.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/bench/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
