import { describe, expect, it } from 'vitest';
import { PAPERBOY_ENV } from '../../bench/node-command.ts';

describe('the benchmark runs paperboy as its bin does', () => {
  it('reads the environment from bin/paperboy.js’s #! line', () => {
    expect(PAPERBOY_ENV).toEqual({ MALLOC_ARENA_MAX: '1' });
  });
});
