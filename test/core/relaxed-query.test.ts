import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/core/search/parse-query.ts';
import { relaxedQuery } from '../../src/core/search/relaxed-query.ts';

const parse = (text: string) => {
  const result = parseQuery(text);
  if (!result.ok) throw result.error;
  return result.value;
};
const alternatives = (text: string) => relaxedQuery(parse(text)).terms.map((t) => t.alternatives);

describe('relaxedQuery: the terms an "any word" search uses', () => {
  it.each([
    ['beta-band oscillations', [[['beta']], [['band']], [['betaband']], [['oscillations']]]],
    ['Rad53-dependent checkpoint', [[['rad53']], [['dependent']], [['rad53dependent']], [['checkpoint']]]],
    ['cells cells divide', [[['cells']], [['divide']]]],
  ])('%s', (text, expected) => {
    expect(alternatives(text)).toEqual(expected);
  });

  it('keeps phrases with related matches and quoted phrases whole', () => {
    expect(alternatives('cold-start "graph neural"')).toEqual([
      [['cold', 'start'], ['coldstart'], ['zero', 'shot']],
      [['graph', 'neural']],
    ]);
  });
});
