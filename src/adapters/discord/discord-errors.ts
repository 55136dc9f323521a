/**
 * Discord REST errors paperboy reacts to, by their JSON error code.
 * https://discord.com/developers/docs/topics/opcodes-and-status-codes#json-json-error-codes
 */
import { DiscordAPIError, HTTPError, RESTJSONErrorCodes } from 'discord.js';

/** Why the bot can no longer post in a channel, for the error codes that mean so; null otherwise. */
export function channelGoneReason(error: unknown): string | null {
  if (!(error instanceof DiscordAPIError)) return null;
  switch (error.code) {
    case RESTJSONErrorCodes.MissingAccess:
      return 'paperboy can no longer see this Discord channel (Missing Access, 50001)';
    case RESTJSONErrorCodes.UnknownChannel:
      return 'this Discord channel no longer exists (Unknown Channel, 10003)';
    case RESTJSONErrorCodes.MissingPermissions:
      return 'paperboy is not allowed to post in this Discord channel (Missing Permissions, 50013)';
    default:
      return null;
  }
}

/**
 * The interaction's token no longer edits or follows up: it lasts 15 minutes
 * (https://discord.com/developers/docs/interactions/receiving-and-responding#followup-messages).
 * Discord then answers 401 50027 Invalid Webhook Token, and within the window sometimes 404 10015
 * Unknown Webhook (https://github.com/discord/discord-api-docs/issues/6851): neither comes back.
 */
export function isDeadInteractionToken(error: unknown): boolean {
  return error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.UnknownWebhook || error.code === RESTJSONErrorCodes.InvalidWebhookToken);
}

/**
 * The interaction can no longer be answered: its 3-second window passed before the first
 * response (10062 Unknown interaction) or its token is dead (isDeadInteractionToken).
 */
export function isExpiredInteraction(error: unknown): boolean {
  return (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownInteraction) || isDeadInteractionToken(error);
}

/**
 * A loggable description of an error. The url of a DiscordAPIError or HTTPError holds the
 * interaction token and its request body the whole message, so only the code, status and
 * message are kept.
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof DiscordAPIError) {
    return { discordCode: error.code, status: error.status, method: error.method, message: error.message };
  }
  if (error instanceof HTTPError) return { status: error.status, method: error.method, message: error.message };
  return { err: error };
}
