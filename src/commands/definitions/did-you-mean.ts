import type { Block } from '../../core/reply.ts';

/**
 * What a reply shows for a spelling suggestion (SearchOutcome.suggestion): the corrected query
 * and a button that searches it. The button runs `search …`, never the bare suggestion, so a
 * correction that spells a command word ("pauze" → "pause") is still a search.
 */
export function didYouMeanBlocks(suggestion: string): Block[] {
  return [
    { type: 'text', text: `Did you mean “${suggestion}”?` },
    { type: 'actions', buttons: [{ kind: 'run', label: `Search “${suggestion}”`, invocation: { command: 'search', args: { query: suggestion } } }] },
  ];
}
