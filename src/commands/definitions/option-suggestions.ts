/**
 * What `follow`, `unfollow`, `unsubscribe` and `help` offer while someone types their argument
 * (each option's `suggest`, shown by Discord autocomplete). Channel data comes only from the
 * invoker's own channel (findChannelOf reads the verified invoker, never a typed id); author names
 * come from the store's papers, which every workspace shares.
 */
import { authorNameKey } from '../../core/author-name.ts';
import type { Subscription } from '../../core/subscriptions/subscription-ports.ts';
import type { CommandContext } from '../command-context.ts';
import type { OptionSuggestion } from '../command-spec.ts';
import { findChannelOf } from './channel-of.ts';

/** As many as one glance takes in (and Discord's cap on autocomplete choices). */
export const MAX_SUGGESTIONS = 25;

/** Whether `text` has a word (or the whole text) starting with what was typed, compared as author names are. */
function matches(text: string, typedKey: string): boolean {
  if (typedKey === '') return true;
  const key = authorNameKey(text);
  return key.startsWith(typedKey) || key.includes(` ${typedKey}`);
}

async function channelSubscriptions(context: CommandContext): Promise<Subscription[]> {
  const channel = await findChannelOf(context);
  return channel ? await context.services.subscriptions.listSubscriptions(channel.id) : [];
}

/** `follow`: store authors whose name begins with what was typed (a name fits once two letters are in). */
export async function suggestAuthorsToFollow(context: CommandContext, typed: string): Promise<OptionSuggestion[]> {
  const key = authorNameKey(typed);
  // One letter would list the first names of the alphabet, which help nobody.
  if (key.length < 2) return [];
  return (await context.services.authorNames.namesStartingWith(key, MAX_SUGGESTIONS)).map((name) => ({ name, value: name }));
}

/** `unfollow`: the authors this channel follows; a follow made by id is offered by its id, which names one person. */
export async function suggestFollowedAuthors(context: CommandContext, typed: string): Promise<OptionSuggestion[]> {
  const typedKey = authorNameKey(typed);
  return (await channelSubscriptions(context))
    .filter((s) => s.kind === 'author' && (matches(s.query, typedKey) || (s.externalId ?? '').toLowerCase().startsWith(typed.trim().toLowerCase())))
    .slice(0, MAX_SUGGESTIONS)
    .map((s) => ({ name: s.query, value: s.externalId ?? s.query }));
}

/** `unsubscribe`: this channel's subscriptions and follows, read as `#3 recsys cold-start`, filled in as their number. */
export async function suggestSubscriptionIds(context: CommandContext, typed: string): Promise<OptionSuggestion[]> {
  const number = typed.trim().replace(/^#/, '');
  const typedKey = authorNameKey(typed);
  return (await channelSubscriptions(context))
    .filter((s) => String(s.id).startsWith(number) || matches(s.query, typedKey))
    .slice(0, MAX_SUGGESTIONS)
    .map((s) => ({ name: `#${s.id} ${s.kind === 'author' ? 'following ' : ''}${s.query}`, value: String(s.id) }));
}

/** `help`: the commands whose name (or an alias) begins with what was typed, each with its summary. */
export function suggestHelpTopics(context: CommandContext, typed: string): OptionSuggestion[] {
  const start = typed.trim().toLowerCase();
  return context.commands
    .filter((c) => c.name.startsWith(start) || c.aliases?.some((alias) => alias.startsWith(start)))
    .slice(0, MAX_SUGGESTIONS)
    .map((c) => ({ name: `${c.name}: ${c.summary}`, value: c.name }));
}
