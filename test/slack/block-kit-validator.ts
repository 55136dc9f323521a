/**
 * Checks a message against Slack's Block Kit limits and against unescaped outside text, the way
 * Slack would reject it (`invalid_blocks`) or mis-render it (a `<!channel>` that notifies).
 * Written from Slack's reference (https://docs.slack.dev/reference/block-kit/blocks), independently
 * of the renderer's own constants.
 */

interface TextObject {
  type?: unknown;
  text?: unknown;
}

/** Markup the bot itself writes: links to http(s) URLs, user mentions and channel links (the Home tab's). */
const ALLOWED_MARKUP = /<https?:\/\/[^\s|<>]+\|[^<>]*>|<@[UW][A-Z0-9]+>|<#[CG][A-Z0-9]+>/g;
const BARE_AMPERSAND = /&(?!amp;|lt;|gt;)/;

function checkMrkdwn(text: string, where: string, problems: string[]): void {
  const withoutMarkup = text.replace(ALLOWED_MARKUP, '');
  if (/[<>]/.test(withoutMarkup)) problems.push(`${where}: unescaped < or > in mrkdwn: ${JSON.stringify(text.slice(0, 120))}`);
  if (BARE_AMPERSAND.test(withoutMarkup)) problems.push(`${where}: unescaped & in mrkdwn: ${JSON.stringify(text.slice(0, 120))}`);
}

function checkText(value: unknown, where: string, max: number, problems: string[], plainOnly = false): void {
  const text = value as TextObject | undefined;
  if (!text || typeof text.text !== 'string') return void problems.push(`${where}: missing text object`);
  if (text.type !== 'plain_text' && (plainOnly || text.type !== 'mrkdwn')) problems.push(`${where}: text type ${String(text.type)}`);
  if (text.text.length < 1) problems.push(`${where}: empty text`);
  if (text.text.length > max) problems.push(`${where}: ${text.text.length} characters, limit ${max}`);
  if (text.type === 'mrkdwn') checkMrkdwn(text.text, where, problems);
}

function checkButton(element: Record<string, unknown>, where: string, actionIds: Set<string>, problems: string[]): void {
  if (element['type'] !== 'button') return void problems.push(`${where}: element type ${String(element['type'])}`);
  checkText(element['text'], `${where}.text`, 75, problems, true);
  const actionId = element['action_id'];
  if (typeof actionId !== 'string' || actionId.length < 1 || actionId.length > 255) problems.push(`${where}: bad action_id`);
  else if (actionIds.has(actionId)) problems.push(`${where}: duplicate action_id ${actionId}`);
  else actionIds.add(actionId);
  const value = element['value'];
  if (value !== undefined && (typeof value !== 'string' || value.length > 2000)) problems.push(`${where}: value over 2000 characters`);
}

/**
 * Every problem Slack would have with the message; empty when it is valid. `maxBlocks` is 50 for
 * a message, 100 for a Home tab view (https://docs.slack.dev/reference/views/home-tab-views).
 */
export function blockKitProblems(message: { text?: unknown; blocks?: unknown }, maxBlocks = 50): string[] {
  const problems: string[] = [];
  if (typeof message.text !== 'string' || message.text.trim() === '') problems.push('fallback text missing');
  else {
    if (message.text.length > 4000) problems.push(`fallback text ${message.text.length} characters`);
    checkMrkdwn(message.text, 'text', problems);
  }
  const blocks = message.blocks;
  if (!Array.isArray(blocks)) return [...problems, 'blocks missing'];
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks, limit ${maxBlocks}`);
  const actionIds = new Set<string>();
  blocks.forEach((raw, i) => {
    const block = raw as Record<string, unknown>;
    const where = `blocks[${i}] (${String(block['type'])})`;
    switch (block['type']) {
      case 'header':
        checkText(block['text'], where, 150, problems, true);
        break;
      case 'section': {
        const fields = block['fields'] as unknown[] | undefined;
        if (block['text'] === undefined && !fields) problems.push(`${where}: neither text nor fields`);
        if (block['text'] !== undefined) checkText(block['text'], where, 3000, problems);
        if (fields) {
          if (fields.length > 10) problems.push(`${where}: ${fields.length} fields, limit 10`);
          fields.forEach((f, j) => checkText(f, `${where}.fields[${j}]`, 2000, problems));
        }
        if (block['accessory'] !== undefined) checkButton(block['accessory'] as Record<string, unknown>, `${where}.accessory`, actionIds, problems);
        break;
      }
      case 'context': {
        const elements = block['elements'] as unknown[];
        if (!Array.isArray(elements) || elements.length < 1 || elements.length > 10) problems.push(`${where}: 1 to 10 elements`);
        else elements.forEach((e, j) => checkText(e, `${where}.elements[${j}]`, 3000, problems));
        break;
      }
      case 'actions': {
        const elements = block['elements'] as Record<string, unknown>[];
        if (!Array.isArray(elements) || elements.length < 1 || elements.length > 25) problems.push(`${where}: 1 to 25 elements`);
        else elements.forEach((e, j) => checkButton(e, `${where}.elements[${j}]`, actionIds, problems));
        break;
      }
      case 'divider':
        break;
      default:
        problems.push(`${where}: unexpected block type`);
    }
  });
  return problems;
}

/** All mrkdwn and plain text of a message, joined, to look for what a user would see. */
export function visibleText(message: { blocks?: unknown }): string {
  const texts: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (value && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      if ((object['type'] === 'mrkdwn' || object['type'] === 'plain_text') && typeof object['text'] === 'string') texts.push(object['text']);
      Object.values(object).forEach(walk);
    }
  };
  walk(message.blocks);
  return texts.join('\n');
}

/** The buttons of a message (section accessories and actions elements). */
export function buttonsOf(message: { blocks?: unknown }): { action_id: string; value: string; text: string }[] {
  const buttons: { action_id: string; value: string; text: string }[] = [];
  for (const raw of (message.blocks as Record<string, unknown>[]) ?? []) {
    const elements = [raw['accessory'], ...((raw['elements'] as unknown[] | undefined) ?? [])];
    for (const e of elements) {
      const element = e as Record<string, unknown> | undefined;
      if (element?.['type'] === 'button') {
        buttons.push({ action_id: String(element['action_id']), value: String(element['value']), text: String((element['text'] as TextObject).text) });
      }
    }
  }
  return buttons;
}
