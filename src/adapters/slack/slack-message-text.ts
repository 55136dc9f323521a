/**
 * A message's `text` as the person typed it. Slack delivers message text (DMs, @mentions)
 * formatted: `&`, `<` and `>` escaped as entities, links as `<url|label>`, mentions as `<@U…>`,
 * `<#C…|name>` and `<!here>` (https://docs.slack.dev/messaging/formatting-message-text). A slash
 * command's text arrives unformatted (should_escape false in the manifest), so a line typed in
 * either place reaches the command parser in the same shape.
 */

/** `<…>` markup (what is inside the angle brackets, up to an optional `|label`), or an entity. */
const MARKUP_OR_ENTITY = /<([^<>|]*)(?:\|([^<>]*))?>|&(lt|gt|amp);/g;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&' };

function unescapeEntities(text: string): string {
  return text.replace(/&(lt|gt|amp);/g, (_entity, name: string) => ENTITIES[name]!);
}

/** What one piece of markup reads as in plain text. */
function plainOfMarkup(target: string, label: string | undefined): string {
  if (target.startsWith('@')) return `@${label ?? target.slice(1)}`;
  if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
  // <!here>, <!channel>, <!subteam^S123|@team>, <!date^…|fallback>
  if (target.startsWith('!')) return label ?? `@${target.slice(1)}`;
  // A link: the URL itself, which is what the paper command and searches read (Slack shows a
  // typed URL as <url>, and a URL with link text as <url|text>).
  return target.startsWith('mailto:') ? (label ?? target.slice('mailto:'.length)) : target;
}

/**
 * The plain text of a Slack-formatted message: markup replaced by what it reads as, entities
 * unescaped, in one pass (so `&amp;lt;` stays `&lt;`). `dropUser` (paperboy's own user id) is
 * removed where it is mentioned, so `<@UBOT> recsys cold-start` reads `recsys cold-start`.
 */
export function plainMessageText(formatted: string, dropUser?: string): string {
  const plain = formatted.replace(MARKUP_OR_ENTITY, (_match, target: string | undefined, label: string | undefined, entity: string | undefined) => {
    if (entity !== undefined) return ENTITIES[entity]!;
    const inner = unescapeEntities(target ?? '');
    if (dropUser !== undefined && inner === `@${dropUser}`) return ' ';
    return plainOfMarkup(inner, label === undefined ? undefined : unescapeEntities(label));
  });
  return plain.replace(/\s+/g, ' ').trim();
}
