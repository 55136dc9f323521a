import { describe, expect, it } from 'vitest';
import { ARXIV_ARCHIVES, ARXIV_CATEGORIES, checkCategoryFilters, isArxivCategory, nearestArxivCategories } from '../../src/core/search/arxiv-categories.ts';
import { parseQuery } from '../../src/core/search/parse-query.ts';

const check = (text: string) => {
  const query = parseQuery(text);
  if (!query.ok) throw query.error;
  return checkCategoryFilters(query.value.categories, query.value.text);
};

describe('arXiv categories', () => {
  it.each(['cat:cs.IR', 'cat:cs.ir', 'cat:CS.IR', 'cat:cs', 'cat:stat.ML', 'cat:q-bio.NC', 'cat:cond-mat.stat-mech', 'cat:physics.optics', 'cat:quant-ph', 'cat:hep-th', 'cat:eess.SY', 'cat:math.IT', 'category:econ.EM', 'llm agents'])(
    'accepts %j',
    (text) => {
      expect(check(text)).toEqual({ ok: true, value: undefined });
    },
  );

  it.each([
    // query, message, hint
    ['cat:cs.XX', '“cs.XX” is not an arXiv category. Nearest: cs.AI (Artificial Intelligence), cs.AR (Hardware Architecture), cs.CC (Computational Complexity).', /^The cs categories: cs\.AI, .* cs\.SY\. Or cat:cs for all of them\.$/],
    ['cat:cs.IRR', '“cs.IRR” is not an arXiv category. Nearest: cs.IR (Information Retrieval).', /The cs categories/],
    ['category:cs.XY', '“cs.XY” is not an arXiv category. Nearest: cs.CY (Computers and Society), cs.SY (Systems and Control).', /The cs categories/],
    ['cat:csx.IR', '“csx.IR” is not an arXiv category. Nearest: cs.IR (Information Retrieval).', /^Archives: astro-ph, cond-mat, cs, /],
    ['cat:hepth', '“hepth” is not an arXiv category. Nearest: hep-th (High Energy Physics - Theory).', /category_taxonomy/],
    ['cat:hep-th.XX', '“hep-th.XX” is not an arXiv category. Nearest: hep-th (High Energy Physics - Theory).', /Archives/],
    ['llm cat:cs.IR cat:stat.MX', '“stat.MX” is not an arXiv category. Nearest: stat.ME (Methodology), stat.ML (Machine Learning).', /The stat categories/],
  ])('refuses %j', (text, message, hint) => {
    const result = check(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('query.unknown_category');
    expect(result.error.message).toBe(message);
    expect(result.error.hint).toMatch(hint);
  });

  it('lists every code in arXiv’s spelling, under a listed archive', () => {
    for (const code of Object.keys(ARXIV_CATEGORIES)) {
      const [archive, subject] = code.split('.') as [string, string];
      expect(ARXIV_ARCHIVES[archive], code).toBeDefined();
      expect(subject, code).toBe(subject.length === 2 ? subject.toUpperCase() : subject.toLowerCase());
      expect(isArxivCategory(code.toLowerCase()), code).toBe(true);
    }
    expect(Object.keys(ARXIV_CATEGORIES).filter((c) => c.startsWith('cs.'))).toHaveLength(40);
    expect(nearestArxivCategories('cs.IRR')).toEqual(['cs.IR']);
  });
});
