/**
 * Outside text (titles, abstracts, author names) made safe for Discord, and cut to Discord's
 * limits. Lengths are measured in UTF-16 code units (`string.length`), never fewer than the
 * characters Discord counts, so a string that fits here fits there.
 */
import { truncate } from '../../core/reply.ts';

const ZERO_WIDTH_SPACE = '\u200b';

/**
 * Breaks every mention: `@everyone`, `@here`, `<@123>`, `<@&123>` get a zero-width space after
 * the `@`. allowedMentions `parse: []` already stops pings on every send; this also stops the
 * text from rendering as a mention at all.
 */
export function neutraliseMentions(text: string): string {
  return text.replaceAll('@', `@${ZERO_WIDTH_SPACE}`);
}

// Discord treats a backslash before punctuation as an escape. These characters format or link
// anywhere in a line; `<` opens mentions, timestamps and custom emoji.
const INLINE_MARKUP = /[\\*_~`|[\]<]/g;
// These only format at the start of a line: headings, subtext (-#), lists, quotes.
const LINE_START_MARKUP = /^(\s*)([-#>+])/gm;
// A backslash only escapes punctuation, so a numbered list item is broken after its digits.
const NUMBERED_LIST_ITEM = /^(\s*\d+)\./gm;
// Discord links bare URLs before it applies escapes, so a backslash inside a URL would end up in
// the link; URLs are left as they are.
const BARE_URL = /https?:\/\/[^\s<]+/g;

function escapeMarkup(text: string): string {
  const escaped = text.replace(INLINE_MARKUP, '\\$&').replace(LINE_START_MARKUP, '$1\\$2').replace(NUMBERED_LIST_ITEM, '$1\\.');
  return neutraliseMentions(escaped);
}

/**
 * Outside text for places Discord renders markdown (embed titles, descriptions, fields): markup
 * escaped so a title cannot format, link or quote anything, and mentions neutralised. One linear
 * pass: discord.js's escapeMarkdown is quadratic on long text (15 ms for a 4,500-character
 * abstract, 300 ms for 18,000), and abstracts are long.
 * https://discord.com/developers/docs/reference#message-formatting
 */
export function escapeOutsideText(text: string): string {
  let out = '';
  let last = 0;
  for (const url of text.matchAll(BARE_URL)) {
    out += escapeMarkup(text.slice(last, url.index)) + url[0];
    last = url.index + url[0].length;
  }
  return out + escapeMarkup(text.slice(last));
}

/** Outside text for places Discord shows as plain text (footer, author name, button label). */
export function plainOutsideText(text: string): string {
  return neutraliseMentions(text);
}

/** Cuts text to at most `max` UTF-16 units, ending with an ellipsis when cut. */
export function fitText(text: string, max: number): string {
  if (text.length <= max) return text;
  // truncate counts code points; astral characters take two units, so shrink until it fits.
  return shrinkUntilFits(text, max, max, (t) => t);
}

/**
 * Transforms text (escaping) and cuts the *source* until the result fits, so a cut never
 * leaves half an escape sequence behind.
 */
export function fitTransformed(text: string, max: number, transform: (text: string) => string): string {
  const out = transform(text);
  if (out.length <= max) return out;
  return shrinkUntilFits(text, Array.from(text).length, max, transform);
}

/** Cuts the source to `budget` code points, then fewer in proportion to the overflow, until the transformed text fits. */
function shrinkUntilFits(text: string, budget: number, max: number, transform: (text: string) => string): string {
  let out = transform(truncate(text, budget));
  while (out.length > max && budget > 1) {
    budget = Math.max(1, Math.min(budget - 1, Math.floor((budget * max) / out.length)));
    out = transform(truncate(text, budget));
  }
  return out.length <= max ? out : '';
}

/** Escaped outside text cut to `max`. */
export function fitEscaped(text: string, max: number): string {
  return fitTransformed(text, max, escapeOutsideText);
}

/** Plain outside text cut to `max`. */
export function fitPlain(text: string, max: number): string {
  return fitTransformed(text, max, plainOutsideText);
}

/**
 * Splits already-escaped text into pieces of at most `max` units, preferring paragraph, line
 * and word boundaries, never splitting a surrogate pair or ending a piece on an escaping backslash.
 */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = Math.max(window.lastIndexOf('\n\n'), window.lastIndexOf('\n'));
    if (cut < max / 2) cut = window.lastIndexOf(' ');
    if (cut < max / 2) cut = max;
    // Never cut between a surrogate pair or right after an escaping backslash.
    while (cut > 1 && (isHighSurrogate(rest.charCodeAt(cut - 1)) || rest[cut - 1] === '\\')) cut--;
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) pieces.push(rest);
  return pieces.filter((p) => p.length > 0);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** An http(s) URL that Discord accepts as an embed or button link, or null. */
export function httpUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
