import { describe, expect, it } from 'vitest';
import { arxivCategories, arxivCategoryCode } from '../../src/core/paper.ts';

describe('arXiv category codes', () => {
  it.each([
    ['cs.IR', 'cs.IR'],
    ['math.GT', 'math.GT'],
    ['hep-th', 'hep-th'],
    ['q-bio.NC', 'q-bio.NC'],
    ['astro-ph.CO', 'astro-ph.CO'],
    ['cond-mat.mes-hall', 'cond-mat.mes-hall'],
    ['physics.ao-ph', 'physics.ao-ph'],
    ['cs.ir', 'cs.IR'],
    ['cs.LG,', 'cs.LG'],
    ['solv-int', 'solv-int'],
  ])('%s is arXiv’s %s', (raw, code) => {
    expect(arxivCategoryCode(raw)).toBe(code);
  });

  it.each(['I.2.7;', 'H.3.3', 'I.4', '68T45', '68T07,', '(Primary)', 'A.I', 'J.3', 'computing,', 'spatial', 'cs.', '.IR', 'cs.I', ''])(
    '%j is not an arXiv category',
    (raw) => {
      expect(arxivCategoryCode(raw)).toBeNull();
    },
  );

  it('keeps a record’s arXiv codes once each, primary first', () => {
    expect(arxivCategories('cs.AI cs.CV cs.LG cs.RO 68T45, 68T05 68T45, 68T05 I.2.6; I.2.10; cs.AI'.split(' '))).toEqual(['cs.AI', 'cs.CV', 'cs.LG', 'cs.RO']);
  });
});
