/**
 * Text from outside (a snapshot file, a source's response) made safe to store and to show.
 *
 * Stored text carries no control characters: NUL (SQLite's C API and most tools end a string
 * there: a title starting with NUL reads back empty), ESC (a terminal runs what follows it), the
 * rest of C0 and C1, DEL, and the Unicode bidirectional embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069), with which a title displays reversed or reorders the text
 * around it wherever it is shown. Line breaks and tabs are whitespace, collapsed to single spaces
 * by the callers that store text. Every source and the snapshot import clean with
 * {@link withoutControlCharacters}. Text echoed to a terminal shows every such character escaped and
 * quotes at most a short, bounded piece of it.
 */

/**
 * Terminal escape sequences, whole: CSI (`ESC [ … final`, and its one-character C1 form U+009B),
 * OSC (`ESC ] … BEL` or `… ESC \`) and the two-character ones (`ESC c`, `ESC 7`, …). Removing only
 * the ESC would leave `[31m` in a title.
 */
const ESCAPE_SEQUENCE = /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[ -~]?/g;

/**
 * Control characters other than the whitespace ones (tab, line feed, vertical tab, form feed,
 * carriage return), and the bidirectional embeddings, overrides (LRE, RLE, PDF, LRO, RLO) and
 * isolates (LRI, RLI, FSI, PDI). The implicit marks (LRM, RLM, ALM) stay: they reorder nothing
 * beyond their neighbours and real titles in right-to-left scripts use them.
 */
const NON_WHITESPACE_CONTROL = /[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
const ANY_NON_WHITESPACE_CONTROL = /[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

/**
 * The text without escape sequences, without control characters other than tab, line feed,
 * vertical tab, form feed and carriage return (which the callers collapse into spaces), and
 * without bidirectional embeddings, overrides and isolates. The text itself when it holds none,
 * the common case: one scan, no copy.
 */
export function withoutControlCharacters(text: string): string {
  if (!ANY_NON_WHITESPACE_CONTROL.test(text)) return text;
  return text.replace(ESCAPE_SEQUENCE, '').replace(NON_WHITESPACE_CONTROL, '');
}

/**
 * The text cut to at most `limit` characters (UTF-16 code units, as String.length counts), ending
 * in "…" when cut: at the last space in its final tenth when there is one, so a word is not split,
 * and never between the two halves of a surrogate pair.
 */
export function shortenText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let end = limit - 1;
  const space = text.lastIndexOf(' ', end);
  if (space >= end - Math.floor(limit / 10) && space > 0) end = space;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end).trimEnd()}…`;
}

/**
 * Characters a terminal must not receive raw: C0 and C1 controls, DEL, and the Unicode
 * direction overrides and isolates that reorder what is shown around them.
 */
const UNSAFE_FOR_TERMINAL = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** How much outside text a message quotes, at most. */
export const QUOTED_TEXT_LIMIT = 80;

/**
 * Outside text made safe to print in a message: each control or direction character shown as a
 * visible escape (ESC as `\x1b`, NUL as `\x00`, U+202E as `\u202e`), and at most `limit`
 * characters of the result quoted, ending in "…" when cut.
 */
export function forTerminal(text: string, limit = QUOTED_TEXT_LIMIT): string {
  // Only what can be shown is escaped: a huge text is cut first, then escaped, then cut again.
  const head = text.length > limit ? text.slice(0, limit) : text;
  const escaped = head.replace(UNSAFE_FOR_TERMINAL, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
  if (escaped.length <= limit && head.length === text.length) return escaped;
  let end = Math.min(escaped.length, limit - 1);
  const last = escaped.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${escaped.slice(0, end)}…`;
}
