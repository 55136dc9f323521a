import { authorNameKey } from '../../core/author-name.ts';

/**
 * True when a stored author name can be the person a source names with any of `names`: the same
 * name key, or the same surname with compatible given names ("A. Building" and "Alex Building").
 */
export function namesMatch(stored: string, names: readonly string[]): boolean {
  const storedKey = authorNameKey(stored);
  if (storedKey === '') return false;
  return names.some((name) => {
    const key = authorNameKey(name);
    return key === storedKey || compatibleGivenNames(storedKey, key);
  });
}

/** True when two name keys are the same, so only an exact spelling counts. */
export function sameNameKey(stored: string, names: readonly string[]): boolean {
  const storedKey = authorNameKey(stored);
  return storedKey !== '' && names.some((name) => authorNameKey(name) === storedKey);
}

// Same surname; each given name agrees with the other's at the same place, an initial matching its first letter.
function compatibleGivenNames(a: string, b: string): boolean {
  const left = a.split(' ');
  const right = b.split(' ');
  if (left.length < 2 || right.length < 2 || left[left.length - 1] !== right[right.length - 1]) return false;
  const givenLeft = left.slice(0, -1);
  const givenRight = right.slice(0, -1);
  const shared = Math.min(givenLeft.length, givenRight.length);
  for (let i = 0; i < shared; i++) {
    const x = givenLeft[i]!;
    const y = givenRight[i]!;
    const agree = x === y || (x.length === 1 && y.startsWith(x)) || (y.length === 1 && x.startsWith(y));
    if (!agree) return false;
  }
  return true;
}
