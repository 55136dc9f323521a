/**
 * `/papers export bibtex|ris` in Discord (issue 20), through real discord.js against the fake
 * gateway and REST API: the reading list arrives as an attachment of the member's private answer,
 * sent as multipart/form-data the way Discord takes files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedRequest } from './fake-discord-api.ts';
import { makePaper } from '../support/papers.ts';
import { APPLICATION_ID, papersInteraction, startDiscordHarness, type DiscordHarness } from './discord-test-kit.ts';

const GUILD_FIXTURE = 'interaction-create-slash-subcommand-group-string-option-guild.gateway.json';

let harness: DiscordHarness;
beforeAll(async () => {
  harness = await startDiscordHarness();
});
afterAll(async () => {
  await harness.close();
});

const editOf = (d: { token: string }) => (r: RecordedRequest) => r.method === 'PATCH' && r.path === `/webhooks/${APPLICATION_ID}/${d.token}/messages/@original`;

async function run(d: { token: string }) {
  harness.gateway.dispatch('INTERACTION_CREATE', d);
  return harness.api.waitFor(editOf(d), `the edit of ${d.token}`);
}

describe('/papers export in Discord', () => {
  it('attaches the reading list as a RIS file to the member’s private answer', async () => {
    const saved = makePaper({ id: '2611.60001', title: 'Graph networks for drugs', authors: ['Ada Lovelace'] });
    await harness.app.papers.upsertPapers([saved], '2026-11-20T00:00:00Z');
    await run(papersInteraction(GUILD_FIXTURE, 'save', { id: saved.id }));

    const answer = await run(papersInteraction(GUILD_FIXTURE, 'export', { format: 'ris' }));
    expect(answer.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(answer.files).toHaveLength(1);
    const [file] = answer.files;
    expect(file!.field).toBe('files[0]');
    expect(file!.name).toMatch(/^reading-list-\d+-\d{4}-\d{2}-\d{2}\.ris$/);
    expect(file!.content).toContain('TI  - Graph networks for drugs');
    expect(file!.content).toContain('AU  - Ada Lovelace');
    expect(file!.content).toContain(`AN  - arXiv:${saved.id}`);
    // The JSON part names the attachment by its files[n] index, as Discord's uploading-files reference asks.
    expect(answer.body.attachments).toEqual([expect.objectContaining({ id: '0' })]);
    expect(JSON.stringify(answer.body.embeds)).toContain('This channel’s reading list: 1 paper as RIS');
  });
});
