/**
 * Discord's size limits, in one place. Messages and embeds:
 * https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 * Components: https://discord.com/developers/docs/components/reference#button
 * Application commands: https://discord.com/developers/docs/interactions/application-commands
 */

/** Embeds in one message. */
export const DISCORD_MAX_EMBEDS_PER_MESSAGE = 10;
/** Characters across every embed of one message (titles, descriptions, field names and values, footers, author names). */
export const DISCORD_MAX_EMBED_CHARS_PER_MESSAGE = 6000;
export const DISCORD_MAX_EMBED_TITLE = 256;
export const DISCORD_MAX_EMBED_DESCRIPTION = 4096;
export const DISCORD_MAX_FIELD_NAME = 256;
export const DISCORD_MAX_FIELD_VALUE = 1024;
export const DISCORD_MAX_FIELDS_PER_EMBED = 25;
export const DISCORD_MAX_FOOTER_TEXT = 2048;
export const DISCORD_MAX_AUTHOR_NAME = 256;
/** Plain message content. */
export const DISCORD_MAX_CONTENT = 2000;

export const DISCORD_MAX_BUTTONS_PER_ROW = 5;
export const DISCORD_MAX_ROWS_PER_MESSAGE = 5;
export const DISCORD_MAX_BUTTON_LABEL = 80;
export const DISCORD_MAX_CUSTOM_ID = 100;

/** A create-message `nonce` string. */
export const DISCORD_MAX_NONCE = 25;

/** Application command and option names: lower case, 1–32 characters. */
export const DISCORD_COMMAND_NAME = /^[-_\p{Ll}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
export const DISCORD_MAX_COMMAND_DESCRIPTION = 100;
/** Options of one command, which is also the number of subcommands. */
export const DISCORD_MAX_OPTIONS = 25;
export const DISCORD_MAX_CHOICES = 25;
export const DISCORD_MAX_CHOICE_NAME = 100;
export const DISCORD_MAX_CHOICE_VALUE = 100;
/** `max_length` of a string option may not exceed this. */
export const DISCORD_MAX_STRING_OPTION_LENGTH = 6000;

/** How long an interaction token stays valid after the interaction. */
export const DISCORD_INTERACTION_TOKEN_TTL_MS = 15 * 60 * 1000;
