/**
 * Every documented chat.postMessage error, and the common Web API errors, sorted by what a digest
 * does about them (https://docs.slack.dev/reference/methods/chat.postMessage#errors and
 * https://docs.slack.dev/reference/methods/chat.postMessage common errors). The delivery
 * guide's "Delivery errors" table (docs/delivery.md) is this table.
 *
 * - `unknown`: Slack may have posted the message anyway ("It's possible some aspect of the
 *   operation succeeded before the error was raised"): look it up before sending again.
 * - `retry`: Slack did not post it; try again later with backoff.
 * - `permanent`: it fails until someone acts; the channel's digests pause with the fix.
 * An error missing here is retried a few times, then the channel pauses showing the raw code.
 */
import { commandLine } from '../../core/command-name.ts';
import type { PermanentFailure } from '../../core/delivery-ports.ts';

type Permanent = Omit<PermanentFailure, 'code'>;
export type SlackErrorClass = { kind: 'unknown' } | { kind: 'retry' } | ({ kind: 'permanent' } & Permanent);

const INVITE = 'Invite paperboy to the channel with /invite @paperboy';
const REINSTALL = 'A Slack admin reinstalls paperboy from its manifest (it lists every scope paperboy needs)';
const REPORT = 'This is a paperboy bug: please report it with the code; the channel can be resumed after an upgrade';

const permanent = (reason: string, fix: string, channelReachable: boolean): SlackErrorClass => ({ kind: 'permanent', reason, fix, channelReachable });

export const SLACK_POST_ERRORS: Readonly<Record<string, SlackErrorClass>> = {
  // May have been posted.
  internal_error: { kind: 'unknown' },
  fatal_error: { kind: 'unknown' },
  request_timeout: { kind: 'unknown' },
  service_unavailable: { kind: 'unknown' },
  // Not posted; try later.
  ratelimited: { kind: 'retry' },
  rate_limited: { kind: 'retry' },
  message_limit_exceeded: { kind: 'retry' },
  team_added_to_org: { kind: 'retry' },
  // The channel: gone, archived, or closed to paperboy.
  channel_not_found: permanent('paperboy cannot see this channel: it was deleted, or it is private and paperboy is not in it', `${INVITE}, or subscribe in another channel`, false),
  not_in_channel: permanent('paperboy is not a member of this channel', INVITE, false),
  is_archived: permanent('this channel is archived', 'Unarchive the channel, or subscribe in another one', false),
  restricted_action: permanent('the workspace does not let paperboy post in this channel', 'A Slack admin allows apps to post in this channel (channel posting permissions)', false),
  restricted_action_read_only_channel: permanent('this channel is read-only', 'Let apps post in the channel, or subscribe in another one', false),
  restricted_action_thread_only_channel: permanent('this channel only takes replies in threads', 'Subscribe in a channel that takes new messages', false),
  restricted_action_non_threadable_channel: permanent('this channel does not take threads', 'Subscribe in another channel', false),
  restricted_action_thread_locked: permanent('this thread is locked', 'Unlock the thread, or subscribe in a channel', false),
  messages_tab_disabled: permanent('the app’s Messages tab is off, so paperboy cannot post in this direct message', 'Turn on the Messages tab in the app’s settings (App Home), or subscribe in a channel', false),
  ekm_access_denied: permanent('the workspace’s administrators suspended posting (Enterprise Key Management)', 'A Slack admin restores EKM access for paperboy', false),
  // The installation or its token.
  missing_scope: permanent('paperboy’s Slack installation lacks a permission it needs to post', REINSTALL, false),
  not_authed: permanent('paperboy has no Slack token for this workspace', REINSTALL, false),
  invalid_auth: permanent('Slack rejected paperboy’s token for this workspace', REINSTALL, false),
  account_inactive: permanent('paperboy’s Slack token belongs to a deactivated app or workspace', REINSTALL, false),
  token_revoked: permanent('paperboy’s Slack token was revoked (the app was uninstalled)', REINSTALL, false),
  token_expired: permanent('paperboy’s Slack token expired', REINSTALL, false),
  no_permission: permanent('paperboy’s Slack token is not allowed to post here', REINSTALL, false),
  access_denied: permanent('Slack denied paperboy access to this channel', `${INVITE}, or ask a Slack admin`, false),
  not_allowed_token_type: permanent('paperboy is configured with the wrong kind of Slack token', 'Set SLACK_BOT_TOKEN to the bot token (xoxb-…)', false),
  team_access_not_granted: permanent('paperboy is not granted access to this workspace of the organisation', 'An org admin adds paperboy to this workspace', false),
  enterprise_is_restricted: permanent('the Enterprise organisation does not allow this', 'An org admin allows paperboy', false),
  org_login_required: permanent('the workspace is migrating to an Enterprise organisation', 'Wait for the migration to finish, then resume', false),
  two_factor_setup_required: permanent('the workspace requires two-factor set-up for this token', 'An admin completes the workspace’s security requirements', false),
  accesslimited: permanent('paperboy’s network is not allowed to call Slack for this workspace', 'A Slack admin allows paperboy’s IP addresses', false),
  not_installed: permanent('paperboy is not installed in this Slack workspace', 'Install paperboy in the workspace again', false),
  // The message itself: Slack refused what paperboy built. A short notice may still get through.
  invalid_blocks: permanent('Slack rejected the digest’s layout', REPORT, true),
  invalid_blocks_format: permanent('Slack rejected the digest’s layout', REPORT, true),
  msg_too_long: permanent('the digest was too long for Slack', `${REPORT}; meanwhile lower the picks with ${commandLine('schedule picks 5')}`, true),
  no_text: permanent('the digest had no text', REPORT, true),
  too_many_attachments: permanent('the digest had too many attachments', REPORT, true),
  invalid_metadata_format: permanent('Slack rejected the digest’s metadata', REPORT, true),
  invalid_metadata_schema: permanent('Slack rejected the digest’s metadata', REPORT, true),
  metadata_too_large: permanent('the digest’s metadata was too large', REPORT, true),
  metadata_must_be_sent_from_app: permanent('the digest’s metadata needs an app token', 'Set SLACK_BOT_TOKEN to the bot token (xoxb-…)', true),
  as_user_not_supported: permanent('Slack refused the post’s author settings', REPORT, true),
  invalid_arguments: permanent('Slack refused the post’s arguments', REPORT, true),
  invalid_arg_name: permanent('Slack refused the post’s arguments', REPORT, true),
  invalid_array_arg: permanent('Slack refused the post’s arguments', REPORT, true),
  invalid_charset: permanent('Slack refused the post’s character set', REPORT, true),
  invalid_form_data: permanent('Slack refused the post’s form data', REPORT, true),
  invalid_post_type: permanent('Slack refused the post’s content type', REPORT, true),
  missing_post_type: permanent('Slack refused the post’s content type', REPORT, true),
  deprecated_endpoint: permanent('Slack retired the API paperboy uses', 'Upgrade paperboy', true),
  method_deprecated: permanent('Slack retired the API paperboy uses', 'Upgrade paperboy', true),
};

/** What a Slack error code means for a digest; null when the table does not know it. */
export function classifySlackError(code: string): SlackErrorClass | null {
  return Object.hasOwn(SLACK_POST_ERRORS, code) ? SLACK_POST_ERRORS[code]! : null;
}
