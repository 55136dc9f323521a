/**
 * Where a searched author stands in a paper's author list. `author:"Yoshua Bengio"` matches the
 * same way the store's author filter does (sqlite-paper-repository.ts): the name's words as one
 * run inside one author's name, accents folded and case ignored.
 */
import { authorNameKey } from '../author-name.ts';

/** The index of the first author whose name holds one of the searched names (token lists), or null. */
export function searchedAuthorIndex(authors: readonly string[], searched: readonly (readonly string[])[]): number | null {
  if (searched.length === 0) return null;
  const phrases = searched.map((words) => ` ${authorNameKey(words.join(' '))} `);
  const index = authors.findIndex((name) => {
    const key = ` ${authorNameKey(name)} `;
    return phrases.some((phrase) => key.includes(phrase));
  });
  return index === -1 ? null : index;
}

/**
 * How much a paper is the searched author's own: 0 when they are the first or the last author
 * (who lead and who supervise, by the usual convention), 1 for any other place, 2 when the list
 * paperboy has does not name them. Smaller ranks first.
 */
export function authorPositionClass(authors: readonly string[], authorsTruncated: boolean, searched: readonly (readonly string[])[]): 0 | 1 | 2 {
  const index = searchedAuthorIndex(authors, searched);
  if (index === null) return 2;
  // A list cut with "et al." has no known last author.
  const last = !authorsTruncated && index === authors.length - 1;
  return index === 0 || last ? 0 : 1;
}
