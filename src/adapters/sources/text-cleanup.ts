import { withoutControlCharacters } from '../../core/safe-text.ts';

/**
 * Text from a source as stored: control characters, terminal escapes and bidirectional overrides
 * removed (core/safe-text.ts, as the snapshot import does), every run of whitespace (hard wraps,
 * indentation) collapsed into one space, trimmed. Every source parser reads text through this.
 */
export function collapseWhitespace(text: string): string {
  return withoutControlCharacters(text).replace(/\s+/g, ' ').trim();
}

const ISO_DATE_PREFIX = /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/;

/**
 * The YYYY-MM-DD date at the start of an ISO date or timestamp, as written (no time-zone
 * conversion, so "2026-09-25T00:00:00-04:00" stays 2026-09-25), or null when there is none.
 */
export function isoDatePrefix(value: string | null | undefined): string | null {
  if (!value) return null;
  const match = ISO_DATE_PREFIX.exec(value.trim());
  return match ? match[1]! : null;
}

/** The non-blank texts, whitespace-collapsed, without case-insensitive repeats, in first-seen order. */
export function distinctTexts(texts: readonly string[]): string[] {
  const seen = new Set<string>();
  const distinct: string[] = [];
  for (const raw of texts) {
    const text = collapseWhitespace(raw);
    if (text === '' || seen.has(text.toLowerCase())) continue;
    seen.add(text.toLowerCase());
    distinct.push(text);
  }
  return distinct;
}
