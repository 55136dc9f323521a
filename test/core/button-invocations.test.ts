/**
 * Buttons carry a structured invocation (a command and its validated arguments), built from the
 * command that made the reply, never a command line to parse again (issue 18).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SqliteApp } from '../../src/app.ts';
import { parseArguments } from '../../src/commands/parse-arguments.ts';
import { MAX_RESULT_PAGE, parsePage } from '../../src/commands/definitions/search-command.ts';
import { renderReplyText } from '../../src/core/render-text.ts';
import { decodeInvocation, encodeInvocation, invocationText, type Button, type Reply } from '../../src/core/reply.ts';
import { parseQuery } from '../../src/core/search/parse-query.ts';
import { invoker, manualClock, paper, testApp } from '../digest/digest-helpers.ts';

let app: SqliteApp | undefined;
afterEach(() => {
  app?.close();
  app = undefined;
});

const member = invoker('console', 'console', 'console');

function buttonsOf(reply: Reply): Button[] {
  return reply.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
}
const byLabel = (reply: Reply, label: string) => buttonsOf(reply).find((b) => b.label === label);

async function storeWithPapers(): Promise<SqliteApp> {
  const made = testApp(manualClock('2026-11-22T10:00:00Z'));
  await made.papers.upsertPapers(
    [
      ...Array.from({ length: 12 }, (_, i) => paper(`Quokka field notes ${i + 1}`, 'Quokkas on islands.')),
      ...Array.from({ length: 25 }, (_, i) => paper(`Pause tokens for reasoning, part ${i + 1}`, 'Tokens that pause.')),
    ],
    '2026-11-20T00:00:00Z',
  );
  return made;
}

describe('invocations as data', () => {
  it('encode compactly and decode to the same invocation', () => {
    const like = { command: 'like', args: { id: '2602.13836', page: '2' } };
    expect(encodeInvocation(like)).toBe('["like",{"id":"2602.13836","page":"2"}]');
    expect(decodeInvocation(encodeInvocation(like))).toEqual(like);
    expect(decodeInvocation('["search",{"query":"x","page":2}]')).toEqual({ command: 'search', args: { query: 'x', page: 2 } });
  });

  it.each([
    'pause',
    'search pause',
    'like 2602.13836 page:2',
    '["pause"]',
    '[1,{}]',
    '["Pause",{}]',
    '["like",[]]',
    '["like",{"id":null}]',
    '["like",{"id":{"x":1}}]',
    '{"command":"like"}',
  ])('decode %s to nothing', (text) => {
    expect(decodeInvocation(text)).toBeNull();
  });
});

describe('the buttons of a search reply', () => {
  it('page and share the search itself; each paper’s More like this runs like with its id', async () => {
    app = (await storeWithPapers());
    const reply = await app.run('quokka', member);
    expect(byLabel(reply, 'More results')).toEqual({
      kind: 'run',
      label: 'More results',
      invocation: { command: 'search', args: { query: 'quokka page:2' } },
      style: 'primary',
      nextPage: true,
    });
    expect(byLabel(reply, 'Share to channel')!.invocation).toEqual({ command: 'search', args: { query: 'quokka' } });
    const likes = buttonsOf(reply).filter((b) => b.label === 'More like this');
    expect(likes).toHaveLength(5);
    for (const like of likes) expect(like.invocation).toEqual({ command: 'like', args: { id: expect.stringMatching(/^2611\.\d+$/) } });
  });

  it('offer no More results on the last page, nor past page:20', async () => {
    app = (await storeWithPapers());
    expect(byLabel(await app.run('quokka page:3', member), 'More results')).toBeUndefined();
    expect(byLabel(await app.run('quokka page:2', member), 'More results')).toBeDefined();
    const pauseAt20 = await app.run(`search pause page:${MAX_RESULT_PAGE}`, member);
    expect(pauseAt20.failed).toBeUndefined();
    // 25 pause papers at 5 a page end on page 5: page 20 is past them, and says so.
    expect(renderReplyText(pauseAt20)).toContain(`Page ${MAX_RESULT_PAGE} is past the last results for “pause”.`);
    expect(byLabel(pauseAt20, 'More results')).toBeUndefined();
  });

  it('show a did-you-mean under the header when the search found papers too, and it is a search', async () => {
    app = (await storeWithPapers());
    const reply = await app.run('pauze tokens', member);
    const text = renderReplyText(reply);
    expect(text).toMatch(/^Papers for “pauze tokens”\n\nDid you mean “pause tokens”\?\n\[Search “pause tokens”: \/papers search pause tokens\]/);
    expect(byLabel(reply, 'Search “pause tokens”')!.invocation).toEqual({ command: 'search', args: { query: 'pause tokens' } });
  });

  it('a suggestion that spells a command ("pauze" → "pause") is a search for it', async () => {
    app = (await storeWithPapers());
    const reply = await app.run('search pauze', member);
    expect(byLabel(reply, 'Search “pause”')!.invocation).toEqual({ command: 'search', args: { query: 'pause' } });
    const clicked = await app.host.run(byLabel(reply, 'Search “pause”')!.invocation, member);
    expect(renderReplyText(clicked)).toContain('Papers for “pause”');
  });
});

describe('the buttons of a like reply', () => {
  it('page and share like with the paper’s id; like <id> page:2 and the structured page agree', async () => {
    app = (await storeWithPapers());
    const [target] = (await app.services.search.searchText('quokka', 1)).hits;
    const id = target!.paper.id;
    const first = await app.run(`like ${id}`, member);
    expect(renderReplyText(first)).toContain(`Papers like “${target!.paper.title}”`);
    expect(byLabel(first, 'More results')!.invocation).toEqual({ command: 'like', args: { id, page: '2' } });
    expect(byLabel(first, 'Share to channel')!.invocation).toEqual({ command: 'like', args: { id } });

    const typed = await app.run(`like ${id} page:2`, member);
    const clicked = await app.host.run(byLabel(first, 'More results')!.invocation, member);
    const structured = await app.host.dispatch('like', { id, page: 2 }, member);
    expect(renderReplyText(typed)).toMatch(/Results 6–10/);
    expect(renderReplyText(clicked)).toBe(renderReplyText(typed));
    expect(renderReplyText(structured)).toBe(renderReplyText(typed));
    expect(byLabel(typed, 'Share to channel')!.invocation).toEqual({ command: 'like', args: { id, page: '2' } });
  });

  it('pages through every paper like the given one once, in order, then stops offering more', async () => {
    app = (await storeWithPapers());
    const [target] = (await app.services.search.searchText('quokka', 1)).hits;
    const seen: string[] = [];
    let reply = await app.run(`like ${target!.paper.id}`, member);
    for (let page = 1; page <= MAX_RESULT_PAGE; page++) {
      seen.push(...reply.blocks.flatMap((b) => (b.type === 'paper' ? [b.paper.id] : [])));
      const more = byLabel(reply, 'More results');
      if (!more) break;
      reply = await app.host.run(more.invocation, member);
    }
    const all = (await app.services.search.similarTo(target!.paper, 200)).hits.map((h) => h.paper.id);
    expect(seen).toEqual(all);
    expect(seen).not.toContain(target!.paper.id);
  });

  it('refuses a page that is not one, saying how to write it', async () => {
    app = (await storeWithPapers());
    const [target] = (await app.services.search.searchText('quokka', 1)).hits;
    const reply = await app.run(`like ${target!.paper.id} page:21`, member);
    expect(reply.failed).toBe(true);
    expect(renderReplyText(reply)).toMatch(/"page:21" is not a page number[\s\S]*page:2 up to page:20/);
  });
});

describe('pages', () => {
  it('the last page is the one the query language allows', () => {
    expect(parseQuery(`x page:${MAX_RESULT_PAGE}`).ok).toBe(true);
    expect(parseQuery(`x page:${MAX_RESULT_PAGE + 1}`).ok).toBe(false);
  });

  it.each([
    ['page:2', '2'],
    ['2', '2'],
    ['PAGE:20', '20'],
  ])('%s is page %s', (typed, page) => {
    expect(parsePage(typed)).toEqual({ ok: true, value: page });
  });

  it.each(['page:0', 'page:21', 'page:x', 'page', '-1', '2.5'])('%s is refused', (typed) => {
    expect(parsePage(typed).ok).toBe(false);
  });
});

describe('dispatch checks every button before a reply leaves it', () => {
  it('turns a command-line button (paper’s More like this) into an invocation with validated arguments', async () => {
    app = (await storeWithPapers());
    const [target] = (await app.services.search.searchText('quokka', 1)).hits;
    const reply = await app.run(`paper ${target!.paper.id}`, member);
    expect(byLabel(reply, 'More like this')!.invocation).toEqual({ command: 'like', args: { id: target!.paper.id } });
    for (const block of reply.blocks) if (block.type === 'actions') for (const button of block.buttons) expect(button.invocation.command).toBeTruthy();
  });

  it('the line the console shows for a button runs the same invocation when typed', async () => {
    app = (await storeWithPapers());
    const [target] = (await app.services.search.searchText('quokka', 1)).hits;
    const replies = [await app.run('quokka', member), await app.run(`like ${target!.paper.id}`, member), await app.run('search pauze', member)];
    const buttons = replies.flatMap(buttonsOf);
    expect(buttons.length).toBeGreaterThan(10);
    for (const { invocation } of buttons) {
      const { spec, argsText } = app.registry.resolve(invocationText(invocation));
      const args = parseArguments(spec, argsText);
      expect({ command: spec.name, args: args.ok ? args.value : args.error.message }).toEqual(invocation);
    }
  });
});
