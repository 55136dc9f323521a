import { commandLine } from '../../core/command-name.ts';
import type { RatingValue } from '../../core/learning/feedback-ports.ts';
import { UserError } from '../../core/errors.ts';
import type { Block, Reply } from '../../core/reply.ts';
import type { CommandSpec } from '../command-spec.ts';
import { ensureChannelOf } from './channel-of.ts';
import { findOrFetchPaper } from './paper-command.ts';
import { ratedPaperOption, raterOf, tallyText } from './rater-of.ts';

const RATING_CHOICES = ['up', 'down', 'clear'] as const;

/**
 * `rate <id> up|down|clear`: one person's 👍/👎 on a paper for this channel, which its picks learn
 * from. Anyone in the channel may rate (it changes no subscription or schedule); the answer is
 * for the rater alone.
 */
export const rateCommand: CommandSpec = {
  name: 'rate',
  summary: `Teach this channel's picks: ${commandLine('rate 2604.23069 up')} (down, clear)`,
  details:
    'Each person has one rating per paper in each channel; rating again changes it, clear removes it. The channel’s digest ranks new papers by what its people rated up, and says which rated paper each pick resembles.',
  examples: ['rate 2604.23069 up', 'rate 2604.23069 down', 'rate 2604.23069 clear'],
  options: [
    ratedPaperOption,
    { name: 'rating', type: 'text', description: 'up, down or clear', required: true, syntax: 'choice', choices: RATING_CHOICES },
    // A removed 👍 reaction takes back the 👍 it gave, not a 👎 clicked since: `clear if up`. Only the
    // reaction handlers pass it, so help, the Slack manifest and Discord leave it out.
    { name: 'if', type: 'text', description: 'With clear: clear only a rating that is up (or down)', required: false, syntax: 'keyword', choices: ['up', 'down'], internal: true },
  ],
  changesChannel: false,
  checkArgs(args) {
    if (args['if'] !== undefined && args['rating'] !== 'clear') {
      throw new UserError('args.unexpected', '“if” goes with clear: it says which rating to clear.', `For example ${commandLine('rate 2604.23069 clear if up')}.`);
    }
  },
  async run(context, args): Promise<Reply> {
    const choice = String(args['rating']) as (typeof RATING_CHOICES)[number];
    const onlyIf = args['if'] === undefined ? undefined : (String(args['if']) as RatingValue);
    const paper = await findOrFetchPaper(context, String(args['id']));
    const channel = await ensureChannelOf(context);
    const value: RatingValue | null = choice === 'clear' ? null : choice;
    const { before, tally } = await context.services.learning.rate(channel.id, paper.id, raterOf(context), value, context.clock.now().toISOString(), onlyIf);
    const said =
      value === null
        ? before === null
          ? `You had not rated “${paper.title}” here; nothing to clear.`
          : onlyIf !== undefined && before !== onlyIf
            ? `Your rating of “${paper.title}” is ${before === 'up' ? '👍' : '👎'}, not ${onlyIf === 'up' ? '👍' : '👎'}; left as it is.`
            : `Cleared your ${before === 'up' ? '👍' : '👎'} on “${paper.title}”.`
        : before === value
          ? `You already rated “${paper.title}” ${value === 'up' ? '👍' : '👎'}.`
          : `${value === 'up' ? '👍' : '👎'} on “${paper.title}”${before ? ' (changed from ' + (before === 'up' ? '👍' : '👎') + ')' : ''}.`;
    const blocks: Block[] = [
      { type: 'text', text: said },
      { type: 'context', items: [`This channel: ${tallyText(tally)}`, `Why a paper is picked: ${commandLine(`why ${paper.id}`)}`] },
    ];
    // A rating given with one click can be taken back with one: the answer offers to clear it.
    if (value !== null) {
      blocks.push({ type: 'actions', buttons: [{ kind: 'note', label: 'Clear my rating', invocation: { command: 'rate', args: { id: paper.id, rating: 'clear' } } }] });
    }
    return { blocks, visibility: 'ephemeral' };
  },
};
