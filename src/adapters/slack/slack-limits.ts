/**
 * Block Kit and Web API limits (https://docs.slack.dev/reference/block-kit/blocks). Slack rejects a
 * whole message with `invalid_blocks` when one value is over, so the renderer cuts to these.
 * Lengths are measured in UTF-16 code units, which never undercounts Slack's characters.
 */

/** Blocks in one message (https://docs.slack.dev/reference/block-kit/blocks). */
export const SLACK_MAX_BLOCKS = 50;
/** Blocks in a Home tab view (https://docs.slack.dev/reference/views/home-tab-views). */
export const SLACK_MAX_VIEW_BLOCKS = 100;
/** `text` of a section block. */
export const SLACK_MAX_SECTION_TEXT = 3000;
/** `text` of a header block (plain_text only). */
export const SLACK_MAX_HEADER_TEXT = 150;
/** One entry of a section's `fields`. */
export const SLACK_MAX_FIELD_TEXT = 2000;
/** Entries in a section's `fields`. */
export const SLACK_MAX_FIELDS = 10;
/** Elements in a context block. */
export const SLACK_MAX_CONTEXT_ELEMENTS = 10;
/** `text` of one context element (the general text object limit). */
export const SLACK_MAX_CONTEXT_TEXT = 3000;
/** Elements in an actions block. */
export const SLACK_MAX_ACTIONS_ELEMENTS = 25;
/** `text` of a button. */
export const SLACK_MAX_BUTTON_TEXT = 75;
/** `value` of a button: the command a click runs. */
export const SLACK_MAX_BUTTON_VALUE = 2000;
/** `action_id` and `block_id`. */
export const SLACK_MAX_ID = 255;
/**
 * The top-level `text` (notification fallback). Slack truncates beyond 40,000 characters and
 * recommends staying under 4,000 (https://docs.slack.dev/reference/methods/chat.postMessage).
 */
export const SLACK_MAX_FALLBACK_TEXT = 4000;
/** Links longer than this are shown without a link rather than eating a section's budget. */
export const SLACK_MAX_LINK_URL = 1000;
