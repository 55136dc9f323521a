import { describe, it, expect } from 'vitest';
import { LineSplitter, type SplitLine } from '../../src/adapters/snapshot/line-splitter.ts';
import { checkPaperId } from '../../src/core/paper.ts';
import { forTerminal, shortenText, withoutControlCharacters } from '../../src/core/safe-text.ts';

/** Every line of `chunks` fed one after another to a splitter with the given limit. */
function split(chunks: Array<string | Buffer>, maxBytes: number): SplitLine[] {
  const splitter = new LineSplitter(maxBytes);
  const lines = chunks.flatMap((chunk) => splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
  const last = splitter.end();
  return last === null ? lines : [...lines, last];
}

describe('LineSplitter', () => {
  it('splits at newlines across chunks, drops a CR before the newline, keeps a last line without one', () => {
    expect(split(['ab', 'c\r\nd', 'e\n\nf'], 100)).toEqual([
      { text: 'abc', bytes: 4 },
      { text: 'de', bytes: 2 },
      { text: '', bytes: 0 },
      { text: 'f', bytes: 1 },
    ]);
    expect(split(['a\n'], 100)).toEqual([{ text: 'a', bytes: 1 }]);
  });

  it('decodes a character whose bytes arrive in two chunks', () => {
    const bytes = Buffer.from('é😀\n');
    expect(split([bytes.subarray(0, 1), bytes.subarray(1, 4), bytes.subarray(4)], 100)).toEqual([{ text: 'é😀', bytes: 6 }]);
  });

  it('gives a line over the limit as its length alone, and the lines around it whole', () => {
    expect(split(['ok\n12345', '678', '9\nnext\n', '1234'], 8)).toEqual([
      { text: 'ok', bytes: 2 },
      { text: null, bytes: 9 },
      { text: 'next', bytes: 4 },
      { text: '1234', bytes: 4 },
    ]);
    expect(split(['12345678\n'], 8)).toEqual([{ text: '12345678', bytes: 8 }]);
  });
});

describe('checkPaperId', () => {
  it.each([
    ['2401.01234', '2401.01234', null],
    ['2401.01234v2', '2401.01234', 2],
    ['0704.0001', '0704.0001', null],
    ['hep-th/9901001v1', 'hep-th/9901001', 1],
    ['math.GT/0309136', 'math.GT/0309136', null],
    ['openalex:W4396723768', 'openalex:W4396723768', null],
    ['s2:01063e45d9fc9635d29d8d78aa24ed8de351f36a', 's2:01063e45d9fc9635d29d8d78aa24ed8de351f36a', null],
    ['hf:some-paper.1', 'hf:some-paper.1', null],
  ])('accepts %s', (raw, id, version) => {
    expect(checkPaperId(raw)).toMatchObject({ ok: true, id, version });
  });

  it.each(['seed:zero-shot-recommender-systems', 'SEED:x', '2413.01234', '2401.01234v0', 'arXiv:2401.01234', 'https://arxiv.org/abs/2401.01234', 's2:XYZ', 'hf:../x', 'openalex:W1; DROP', '10.1145/3383313.3412245', `2401.${'1'.repeat(100)}`])(
    'refuses %s',
    (raw) => {
      expect(checkPaperId(raw)).toMatchObject({ ok: false });
    },
  );
});

describe('safe text', () => {
  it('removes whole escape sequences and other control characters, keeping whitespace for the caller to collapse', () => {
    expect(withoutControlCharacters('\u001b[1;31mRed\u001b[0m \u001b]0;title\u0007ok\u0000\u007f\u0085\u009b2J\tend\n')).toBe('Red ok\tend\n');
    expect(withoutControlCharacters('plain')).toBe('plain');
  });

  it('shortens at a word when one ends near the limit, never splitting a surrogate pair', () => {
    expect(shortenText(`${'a'.repeat(95)} bbbbbbbbbb`, 100)).toBe(`${'a'.repeat(95)}…`);
    // No space in the last tenth: cut where the limit falls.
    expect(shortenText('one two three four', 10)).toBe('one two t…');
    expect(shortenText('abcdefghijkl', 5)).toBe('abcd…');
    expect(shortenText('abc😀def', 5)).toBe('abc…');
    expect(shortenText('short', 10)).toBe('short');
  });

  it('escapes what a terminal would act on and quotes at most the limit', () => {
    expect(forTerminal('a\u001b[2Jb\u0000\u202e')).toBe('a\\x1b[2Jb\\x00\\u202e');
    const quoted = forTerminal('x'.repeat(5000));
    expect(quoted).toBe(`${'x'.repeat(79)}…`);
    expect(forTerminal('\u001b'.repeat(200)).length).toBeLessThanOrEqual(80);
  });
});
