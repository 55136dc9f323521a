import { truncate } from '../reply.ts';
import { tokenize } from './tokenize.ts';

/** Default snippet length, in characters: two lines in a chat client. */
export const SNIPPET_LENGTH = 280;

/**
 * A short excerpt of an abstract: the sentence that first mentions a query word (so the reader
 * sees why the paper matched), else the opening. Hard line-wraps from arXiv are collapsed.
 */
export function makeSnippet(abstract: string, queryTokens: string[] = [], max = SNIPPET_LENGTH): string {
  const text = abstract.replace(/\s+/g, ' ').trim();
  if (text.length <= max) return text;
  const sentences = text.split(/(?<=[.!?])\s+/);
  const wanted = new Set(queryTokens.filter((t) => t.length > 2));
  const index = wanted.size === 0 ? 0 : sentences.findIndex((s) => tokenize(s).some((t) => wanted.has(t)));
  const start = index > 0 ? index : 0;
  const excerpt = sentences.slice(start).join(' ');
  return (start > 0 ? '… ' : '') + truncate(excerpt, max - (start > 0 ? 2 : 0));
}
