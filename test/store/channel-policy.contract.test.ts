/**
 * Contract suite for the ChannelPolicy port (issue 21): who may change a channel, and the
 * workspace's admins-only rule as stored, through the port and awaited, against the SQLite store
 * and the PostgreSQL one (a scratch schema per test). The platform checks are counted, since on
 * Slack each one costs an API call: the policy must ask only when the rule depends on the answer.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { createPgChannelPolicy } from '../../src/adapters/store/postgres/pg-channel-policy.ts';
import { createSqliteChannelPolicy } from '../../src/adapters/store/sqlite-channel-policy.ts';
import { createSqliteSubscriptionStore } from '../../src/adapters/store/sqlite-subscription-store.ts';
import type { Awaitable } from '../../src/core/awaitable.ts';
import type { ChannelChanger, ChannelPolicy } from '../../src/core/channel-policy.ts';
import type { ChannelRef } from '../../src/core/delivery-ports.ts';
import { UserError } from '../../src/core/errors.ts';
import { describePg, openPgScratch } from './pg-scratch.ts';

interface Stores {
  policy: ChannelPolicy;
  /** Makes the channel's row (and its workspace's), as a subscribe does. */
  channel(ref: ChannelRef): Promise<unknown>;
  close(): Awaitable<void>;
}

const NOW = '2026-11-20T09:00:00.000Z';

/** A platform check that counts how often it was asked. */
function check(answer: boolean) {
  const asked = { count: 0 };
  const ask = async () => {
    asked.count++;
    return answer;
  };
  return { ask, asked };
}

function changer(isAdmin: boolean, workspaceId = 'T1', extra: Partial<ChannelChanger> = {}) {
  const admin = check(isAdmin);
  const who: ChannelChanger = { platform: 'slack', workspaceId, isAdmin: admin.ask, ...extra };
  return { who, adminAsked: admin.asked };
}

async function refusal(promise: Awaitable<void>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    if (error instanceof UserError) return error.code;
    throw error;
  }
}

function describeChannelPolicyContract(name: string, open: () => Awaitable<Stores>): void {
  describe(`ChannelPolicy contract: ${name}`, () => {
    let stores: Stores;
    let policy: ChannelPolicy;
    beforeEach(async () => {
      stores = await open();
      policy = stores.policy;
    });
    afterEach(async () => stores.close());

    it('lets every member change channels of a workspace that set no rule, without asking the platform', async () => {
      await stores.channel({ platform: 'slack', workspaceId: 'T1', channelId: 'C1' });
      expect(await policy.settingsOf({ platform: 'slack', workspaceId: 'T1' })).toEqual({ adminsOnly: false });
      expect(await policy.settingsOf({ platform: 'slack', workspaceId: 'T9' })).toEqual({ adminsOnly: false });
      const member = changer(false);
      expect(await refusal(policy.assertCanChange(member.who))).toBeNull();
      expect(member.adminAsked.count).toBe(0);
    });

    it('keeps admins-only per platform and workspace, set by an admin before any channel exists', async () => {
      await policy.setAdminsOnly(changer(true).who, true, NOW);
      expect(await policy.settingsOf({ platform: 'slack', workspaceId: 'T1' })).toEqual({ adminsOnly: true });
      expect(await policy.settingsOf({ platform: 'slack', workspaceId: 'T2' })).toEqual({ adminsOnly: false });
      expect(await policy.settingsOf({ platform: 'discord', workspaceId: 'T1' })).toEqual({ adminsOnly: false });
      // A channel made afterwards joins the workspace row, and the rule holds.
      await stores.channel({ platform: 'slack', workspaceId: 'T1', channelId: 'C1' });
      expect(await policy.settingsOf({ platform: 'slack', workspaceId: 'T1' })).toEqual({ adminsOnly: true });
      await policy.setAdminsOnly(changer(true).who, false, NOW);
      expect(await policy.settingsOf({ platform: 'slack', workspaceId: 'T1' })).toEqual({ adminsOnly: false });
    });

    it('refuses a member who is not an admin the setting, either way, and changes nothing', async () => {
      await stores.channel({ platform: 'slack', workspaceId: 'T1', channelId: 'C1' });
      expect(await refusal(policy.setAdminsOnly(changer(false).who, true, NOW))).toBe('permission.settings_admin');
      expect(await policy.settingsOf({ platform: 'slack', workspaceId: 'T1' })).toEqual({ adminsOnly: false });
      await policy.setAdminsOnly(changer(true).who, true, NOW);
      expect(await refusal(policy.setAdminsOnly(changer(false).who, false, NOW))).toBe('permission.settings_admin');
      expect(await policy.settingsOf({ platform: 'slack', workspaceId: 'T1' })).toEqual({ adminsOnly: true });
    });

    it('under admins-only: refuses members, lets admins, and lets anyone in their own DM without asking if they are admin', async () => {
      await policy.setAdminsOnly(changer(true).who, true, NOW);
      const member = changer(false);
      expect(await refusal(policy.assertCanChange(member.who))).toBe('permission.admins_only');
      expect(member.adminAsked.count).toBe(1);
      expect(await refusal(policy.assertCanChange(changer(true).who))).toBeNull();
      const ownDm = check(true);
      const inDm = changer(false, 'T1', { inOwnDirectMessage: ownDm.ask });
      expect(await refusal(policy.assertCanChange(inDm.who))).toBeNull();
      expect(inDm.adminAsked.count).toBe(0);
      expect(ownDm.asked.count).toBe(1);
      // A channel of another workspace keeps its own rule.
      expect(await refusal(policy.assertCanChange(changer(false, 'T2').who))).toBeNull();
    });
  });
}

function openSqlite(): Stores {
  const database = openDatabase(':memory:');
  const subscriptions = createSqliteSubscriptionStore(database.db);
  return {
    policy: createSqliteChannelPolicy(database.db),
    channel: async (ref) => subscriptions.ensureChannel(ref, { timeZone: 'UTC', now: NOW }),
    close: () => database.close(),
  };
}

async function openPg(): Promise<Stores> {
  const scratch = await openPgScratch();
  return { policy: createPgChannelPolicy(scratch.db), channel: scratch.channel, close: scratch.close };
}

describeChannelPolicyContract('SQLite', openSqlite);
describePg((name) => describeChannelPolicyContract(name, openPg));
