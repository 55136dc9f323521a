/**
 * The merge key of an author name: accents folded, lowercased, punctuation and extra
 * spaces removed, so "Hao  Ding", "hao ding" and "Hào Ding" are one author.
 */
export function authorNameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
