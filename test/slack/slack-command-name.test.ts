/**
 * A Slack app whose manifest renames the slash command (`paperboy slack manifest --command /pb`):
 * help, hints, UserError fixes, button replies and digests name the command the workspace uses.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { renderSlackMessage } from '../../src/adapters/slack/render-slack-message.ts';
import { buildDigestReply } from '../../src/core/digest/digest-reply.ts';
import type { Reply } from '../../src/core/reply.ts';
import { blockKitProblems, visibleText } from './block-kit-validator.ts';
import { clickPayload, formBody, interactivityBody, slashCommandFields, startHarness, waitFor, type HarnessOptions, type SlackHarness } from './slack-test-kit.ts';

let running: SlackHarness | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(options: HarnessOptions = {}): Promise<SlackHarness> {
  running = await startHarness(options);
  return running;
}

/** Sends `text` as the slash command `command` and returns the reply posted to its response_url. */
async function slash(harness: SlackHarness, text: string, command: string) {
  const before = harness.fake.hooks.length;
  await harness.postSigned(formBody(slashCommandFields(text, { command })));
  return (await waitFor(() => harness.fake.hooks[before], `the reply to ${command} ${text}`)).body;
}

describe('a renamed slash command', () => {
  it('help and a UserError fix name the command as Slack sent it, in the blocks and the fallback text', async () => {
    const harness = await start();
    const help = await slash(harness, 'help', '/pb');
    expect(blockKitProblems(help)).toEqual([]);
    for (const spec of harness.app.registry.commands) expect(visibleText(help)).toContain(`/pb ${spec.name}`);
    expect(visibleText(help)).toContain('Type /pb followed by words to search');
    expect(JSON.stringify(help)).not.toContain('/papers');

    const refused = await slash(harness, 'unsubscribe x', '/pb');
    expect(visibleText(refused)).toContain('See the numbers with /pb list, then /pb unsubscribe 3.');
    expect(String(refused['text'])).toContain('/pb list');
  });

  it('the default name leaves every text as it was', async () => {
    const refused = await slash(await start(), 'unsubscribe x', '/papers');
    expect(visibleText(refused)).toContain('See the numbers with /papers list, then /papers unsubscribe 3.');
  });

  it('button replies and digests name the configured command (SLACK_COMMAND)', async () => {
    const harness = await start({ slackCommand: '/pb' });
    const button = { action_id: 'paperboy:run:0', value: '["unsubscribe",{"id":"99"}]', text: 'Remove' };
    await harness.postSigned(interactivityBody(clickPayload(button, { ephemeral: true })));
    const hook = await waitFor(() => harness.fake.hooks[0], 'the button reply');
    expect(visibleText(hook.body)).toContain('See the numbers with /pb list.');

    const [digest] = harness.slack.poster.render(buildDigestReply([], { title: 'Daily papers', notice: null }));
    expect(JSON.stringify(digest!.payload)).toContain('Change what this channel follows with /pb list, /pb subscribe, /pb follow.');
    expect(JSON.stringify(digest!.payload)).not.toContain('/papers');
  });
});

describe('renderSlackMessage with a command name', () => {
  it('rewrites paperboy’s own text, never a paper card or a link', () => {
    const reply: Reply = {
      blocks: [
        { type: 'header', text: '/papers help' },
        { type: 'text', text: 'Try /papers list. Not /papers-archive, nor huggingface.co/papers/x.' },
        {
          type: 'paper',
          paper: {
            id: '2611.99001',
            title: 'Why /papers matter',
            url: 'https://huggingface.co/papers/2611.99001',
            authors: ['A. Author'],
            authorsTruncated: false,
            featuredAuthor: null,
            date: '2026-11-20',
            categories: ['cs.IR'],
            org: null,
            upvotes: null,
            codeUrl: null,
            snippet: 'We run /papers daily.',
            reason: null,
          },
        },
        { type: 'fields', fields: [{ label: '/papers list', value: 'see /papers status' }] },
        { type: 'context', items: ['(/papers resume)'] },
      ],
      visibility: 'ephemeral',
    };
    const text = visibleText(renderSlackMessage(reply, { commandName: '/pb' }));
    expect(text).toContain('/pb help');
    expect(text).toContain('Try /pb list. Not /papers-archive, nor huggingface.co/papers/x.');
    expect(text).toContain('Why /papers matter');
    expect(text).toContain('https://huggingface.co/papers/2611.99001');
    expect(text).toContain('We run /papers daily.');
    expect(text).toContain('/pb list');
    expect(text).toContain('see /pb status');
    expect(text).toContain('(/pb resume)');
    expect(renderSlackMessage(reply)).toEqual(renderSlackMessage(reply, { commandName: '/papers' }));
  });
});
