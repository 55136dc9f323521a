/**
 * Text for Slack. Every string in a Reply comes from papers, users or the domain, so it is escaped
 * before it reaches mrkdwn: Slack reads `<…>` as links and mentions, so a paper titled
 * `<!channel>` would notify a whole channel (https://docs.slack.dev/messaging/formatting-message-text#escaping).
 */
import { SLACK_MAX_LINK_URL } from './slack-limits.ts';

const ELLIPSIS = '…';
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Escapes the three characters mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (c) => ESCAPES[c]!);
}

/**
 * Escapes `raw` and cuts it so the escaped result has at most `max` UTF-16 code units, ending with
 * an ellipsis when cut. Escaping can grow text fivefold, so the cut is made on the raw characters
 * (never inside an entity or a surrogate pair).
 */
export function fitMrkdwn(raw: string, max: number): string {
  const escaped = escapeMrkdwn(raw);
  if (escaped.length <= max) return escaped;
  return cutCharacters(raw, max, escapeMrkdwn);
}

/** Cuts plain text (headers, button labels, which Slack does not parse) to `max` UTF-16 code units. */
export function fitPlainText(raw: string, max: number): string {
  if (raw.length <= max) return raw;
  return cutCharacters(raw, max, (c) => c);
}

function cutCharacters(raw: string, max: number, encode: (char: string) => string): string {
  if (max <= 0) return '';
  const budget = max - ELLIPSIS.length;
  let out = '';
  for (const char of raw) {
    const piece = encode(char);
    if (out.length + piece.length > budget) break;
    out += piece;
  }
  return out.trimEnd() + ELLIPSIS;
}

/**
 * The URL to put in a `<url|label>` link, or null when it is not a plain http(s) URL. `|` and `>`
 * would end Slack's link syntax early, so they are percent-encoded.
 */
export function safeLinkUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password) return null;
  const href = url.href.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E');
  return href.length <= SLACK_MAX_LINK_URL ? href : null;
}

/** `<url|label>` with the label escaped and cut to `maxLabel`, or the escaped label alone when the URL is unusable. */
export function mrkdwnLink(url: string | null | undefined, label: string, maxLabel: number): string {
  const text = fitMrkdwn(label, maxLabel);
  const href = safeLinkUrl(url);
  return href ? `<${href}|${text}>` : text;
}

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,20}$/;

/** A user mention the bot writes itself (`<@U123>`), or null when the id is not a Slack user id. */
export function userMention(userId: string): string | null {
  return SLACK_USER_ID.test(userId) ? `<@${userId}>` : null;
}
