import type { Rater } from '../../core/learning/feedback-ports.ts';
import type { OptionSpec } from '../command-spec.ts';
import type { CommandContext } from '../command-context.ts';

/** Who rates or saves: the person the platform vouched for, never a name typed in the command. */
export function raterOf(context: CommandContext): Rater {
  return { userId: context.invoker.userId, userName: context.invoker.userName };
}

/** The paper a rating, save or explanation is about (any id shape `paper` takes). */
export const ratedPaperOption: OptionSpec = {
  name: 'id',
  type: 'text',
  description: 'The arXiv id or link of the paper',
  required: true,
  syntax: 'positional',
  maxLength: 200,
};

/** "2 👍 · 1 👎" for a paper's tally in a channel. */
export function tallyText(tally: { ups: number; downs: number }): string {
  return `${tally.ups} 👍 · ${tally.downs} 👎`;
}
