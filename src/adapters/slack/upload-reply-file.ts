/**
 * Hands a reply's file (an export) over in Slack with files.uploadV2, which is Slack's three steps:
 * files.getUploadURLExternal, the bytes posted to the upload URL, files.completeUploadExternal
 * with the conversation to share the file in (https://docs.slack.dev/messaging/working-with-files).
 * Slack has no ephemeral files: the file is shared in the conversation the command came from, whose
 * reading list it is, and the person's private answer says so, or says why it could not be.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';
import type { Reply } from '../../core/reply.ts';
import { describeSlackError, slackErrorCode, slackErrorForLog } from './slack-api-errors.ts';
import type { VerifiedSlackSource } from './slack-command-runner.ts';
import { fitMrkdwn } from './slack-text.ts';

/** Characters of the comment that introduces the file (escaped mrkdwn). */
const INITIAL_COMMENT_MAX = 300;

/** What the person is told when Slack refused the upload, by Slack's error code. */
function uploadFailedText(code: string | null): string {
  if (code === 'not_in_channel' || code === 'channel_not_found') return 'paperboy cannot share files in this conversation. Invite it with /invite @paperboy, then export again.';
  if (code === 'missing_scope') return 'paperboy is not allowed to upload files in this workspace (the files:write scope). An admin can reinstall it from the current manifest.';
  return 'Slack did not take the file. Please try again in a moment.';
}

/**
 * Uploads `reply.file` into the source's conversation and returns the reply to show the person:
 * without the file, with a line saying where it went, or with a warning saying why it did not.
 */
export async function deliverReplyFile(reply: Reply, client: webApi.WebClient, source: VerifiedSlackSource, log: Logger): Promise<Reply> {
  const { file, ...rest } = reply;
  if (!file) return reply;
  try {
    await client.filesUploadV2({
      channel_id: source.channelId,
      file: Buffer.from(file.content, 'utf8'),
      filename: file.name,
      title: file.name,
      initial_comment: fitMrkdwn(file.title, INITIAL_COMMENT_MAX),
    });
    return { ...rest, blocks: [...rest.blocks, { type: 'context', items: [`Shared ${file.name} in this conversation.`] }] };
  } catch (error) {
    log.warn({ workspace: source.teamId, channel: source.channelId, user: source.userId, reason: describeSlackError(error), err: slackErrorForLog(error) }, 'slack file upload failed');
    return { ...rest, blocks: [...rest.blocks, { type: 'text', text: uploadFailedText(slackErrorCode(error)), tone: 'warning' }], failed: true };
  }
}
