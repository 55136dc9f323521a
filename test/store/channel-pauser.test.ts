import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../src/adapters/store/open-database.ts';
import { createSqliteChannelPauser } from '../../src/adapters/store/sqlite-channel-pauser.ts';
import { createSqliteSubscriptionStore } from '../../src/adapters/store/sqlite-subscription-store.ts';
import type { ChannelRef } from '../../src/core/delivery-ports.ts';

const NOW = '2026-11-20T09:00:00.000Z';

describe('SQLite channel pauser', () => {
  let database: OpenDatabase;
  beforeEach(() => {
    database = openDatabase(':memory:');
  });
  afterEach(() => database.close());

  async function setUp() {
    const store = createSqliteSubscriptionStore(database.db);
    const pauser = createSqliteChannelPauser(database.db, { now: () => new Date(NOW) });
    const refs: ChannelRef[] = [
      { platform: 'slack', workspaceId: 'T1', channelId: 'C1' },
      { platform: 'slack', workspaceId: 'T1', channelId: 'C2' },
      { platform: 'slack', workspaceId: 'T2', channelId: 'C1' },
      { platform: 'discord', workspaceId: 'T1', channelId: 'C1' },
    ];
    for (const ref of refs) await store.ensureChannel(ref, { timeZone: 'UTC', now: NOW });
    const paused = () => refs.map((ref) => store.findChannel(ref)!.pauseReason);
    return { pauser, refs, paused };
  }

  it('pauses one channel of one workspace on one platform', async () => {
    const { pauser, refs, paused } = (await setUp());
    await pauser.pauseChannel(refs[0]!, 'The bot was removed from the channel.');
    expect(paused()).toEqual(['The bot was removed from the channel.', null, null, null]);
    await pauser.pauseChannel({ platform: 'slack', workspaceId: 'T9', channelId: 'C1' }, 'Unknown workspace.');
    expect(paused()).toEqual(['The bot was removed from the channel.', null, null, null]);
  });

  it('pauses every channel of one workspace, at the clock’s time', async () => {
    const { pauser, paused } = (await setUp());
    await pauser.pauseWorkspace('slack', 'T1', 'The app was uninstalled.');
    expect(paused()).toEqual(['The app was uninstalled.', 'The app was uninstalled.', null, null]);
    const store = createSqliteSubscriptionStore(database.db);
    expect((await store.pausedChannels('slack', 'T1')).map((c) => c.pausedAt)).toEqual([NOW, NOW]);
  });
});
