import { describe, expect, it } from 'vitest';
import { createRecentKeyCache } from '../../src/adapters/store/recent-key-cache.ts';

describe('createRecentKeyCache', () => {
  it('keeps a key in use however many others pass through, and forgets one left unused', () => {
    const cache = createRecentKeyCache(3);
    cache.set('hot', 1);
    for (let i = 0; i < 100; i++) {
      cache.set(`once ${i}`, 100 + i);
      // Looked up once every other insertion, so it never ages out of the two generations.
      if (i % 2 === 0) expect(cache.get('hot')).toBe(1);
    }
    expect(cache.get('once 0')).toBeUndefined();
    expect(cache.get('once 99')).toBe(199);
  });

  it('holds at most two generations of entries', () => {
    const cache = createRecentKeyCache(3);
    for (let i = 0; i < 10; i++) cache.set(`k${i}`, i);
    const held = Array.from({ length: 10 }, (_, i) => cache.get(`k${i}`)).filter((id) => id !== undefined);
    expect(held.length).toBeLessThanOrEqual(6);
    expect(cache.get('k9')).toBe(9);
  });

  it('forgets everything on clear (ids from a rolled-back transaction)', () => {
    const cache = createRecentKeyCache(3);
    cache.set('a', 1);
    for (let i = 0; i < 4; i++) cache.set(`k${i}`, i);
    cache.clear();
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('k3')).toBeUndefined();
  });
});
