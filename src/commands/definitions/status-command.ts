import { commandLine } from '../../core/command-name.ts';
import { sourceLabel, type IngestRunRecord, type SourceStatus } from '../../core/paper-source.ts';
import type { Block, Field, Reply } from '../../core/reply.ts';
import { truncate } from '../../core/reply.ts';
import type { CommandContext } from '../command-context.ts';
import type { CommandSpec } from '../command-spec.ts';
import { findChannelOf } from './channel-of.ts';
import { pendingDigestLines } from './digest-state-lines.ts';

/** Longest error or detail text shown per source; the log has the rest. */
const MAX_NOTE_LENGTH = 300;

const STATUS_MARKS: Readonly<Record<IngestRunRecord['status'], string>> = {
  ok: '✓ ok',
  degraded: '⚠ degraded',
  failed: '✗ failed',
  running: '… running',
};

// "2026-09-24T06:00:12.345Z" → "2026-09-24 06:00 UTC"
function formatInstant(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/**
 * A run's detail as shown: a failed run's detail starts with the error that the "last error" line
 * shows (run-ingest.ts records both), so only what follows it is kept ("2 pages stored before
 * that …"): each error is shown once. Null when nothing is left to show.
 */
function runDetail(status: SourceStatus): string | null {
  const run = status.lastRun;
  if (!run?.detail || run.status === 'ok') return null;
  const error = status.lastError;
  if (run.status !== 'failed' || error === null || !run.detail.startsWith(error)) return run.detail;
  const rest = run.detail.slice(error.length).replace(/^;\s*/, '');
  return rest === '' ? null : rest;
}

function describeSource(status: SourceStatus): string {
  const lines: string[] = [];
  const run = status.lastRun;
  if (run) {
    const counts = `${run.fetched} fetched, ${run.stored} stored${run.announced !== null ? ` (${run.announced} announced)` : ''}`;
    lines.push(`${STATUS_MARKS[run.status]} · last run ${formatInstant(run.startedAt)} · ${counts}`);
  } else {
    lines.push('no run recorded yet');
  }
  lines.push(`last success: ${status.lastSuccessAt ? formatInstant(status.lastSuccessAt) : 'never'}`);
  const detail = runDetail(status);
  if (detail) lines.push(truncate(detail, MAX_NOTE_LENGTH));
  if (status.lastError && status.lastErrorAt) lines.push(`last error ${formatInstant(status.lastErrorAt)}: ${truncate(status.lastError, MAX_NOTE_LENGTH)}`);
  return lines.join('\n');
}

/** Where every paper source stands, as a reply: one field per source, troubled ones called out first. */
export function sourceStatusReply(statuses: readonly SourceStatus[], now: Date): Reply {
  const blocks: Block[] = [{ type: 'header', text: 'Paper sources' }];
  if (statuses.length === 0) {
    blocks.push({ type: 'text', text: 'No paper source has run yet. Ingestion runs on its schedule, or by hand with: npx paperboy ingest' });
    return { blocks, visibility: 'ephemeral' };
  }
  const troubled = statuses.filter((s) => s.lastRun?.status === 'degraded' || s.lastRun?.status === 'failed');
  blocks.push(
    troubled.length === 0
      ? { type: 'text', text: statuses.length === 1 ? 'The one source is healthy.' : `All ${statuses.length} sources are healthy.` }
      : { type: 'text', text: `${troubled.length} of ${statuses.length} sources need attention.`, tone: 'warning' },
  );
  const fields: Field[] = statuses.map((status) => ({ label: sourceLabel(status.source), value: describeSource(status) }));
  blocks.push({ type: 'fields', fields });
  blocks.push({ type: 'context', items: [`As of ${formatInstant(now.toISOString())}`] });
  return { blocks, visibility: 'ephemeral' };
}

/** Paused channels of this workspace and this channel's undelivered digests, with reasons; nothing when all is well. */
async function digestStatusBlocks(context: CommandContext): Promise<Block[]> {
  const { platform, workspaceId } = context.invoker;
  const paused = await context.services.subscriptions.pausedChannels(platform, workspaceId);
  const channel = await findChannelOf(context);
  const pending = channel ? await pendingDigestLines(context, channel) : [];
  if (paused.length === 0 && pending.length === 0) return [];
  const blocks: Block[] = [{ type: 'header', text: 'Digests' }];
  if (pending.length > 0) blocks.push({ type: 'text', text: pending.join('\n'), tone: 'warning' });
  if (paused.length > 0) {
    blocks.push({
      type: 'fields',
      fields: paused.map((c) => ({ label: `Paused: ${c.ref.channelId}`, value: truncate(c.pauseReason ?? 'by request', MAX_NOTE_LENGTH) })),
    });
    blocks.push({ type: 'context', items: [`Fix what the reason says, then run ${commandLine('resume')} in that channel.`] });
  }
  return blocks;
}

export const statusCommand: CommandSpec = {
  name: 'status',
  aliases: ['sources'],
  summary: 'How each paper source is doing: last success, counts, errors',
  details: 'Shows every source paperboy ingests from (arXiv listings per category, OAI-PMH, the arXiv API, Hugging Face) with its last run.',
  examples: ['status'],
  options: [],
  changesChannel: false,
  async run(context): Promise<Reply> {
    const sources = sourceStatusReply(await context.services.sourceStatus.sourceStatuses(), context.clock.now());
    return { ...sources, blocks: [...(await digestStatusBlocks(context)), ...sources.blocks] };
  },
};
