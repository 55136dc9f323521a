/**
 * What a channel taught paperboy, kept current: its ratings and saves from the store, and its
 * model, refitted only when they changed since the last fit (a cache keyed by the ratings
 * themselves, so a restart or another process's rating refits from what the store holds).
 */
import type { Paper } from '../paper.ts';
import type { PaperRepository } from '../ports.ts';
import { fitChannelModel, type ChannelModel, type RatedPaper } from './channel-model.ts';
import type { FeedbackStore, LearningCorpus, Rater, RatingValue, SavedPaper } from './feedback-ports.ts';

/**
 * Background papers per model: enough for the common words of the corpus to read as common, few
 * enough that a refit costs the same at 78,736 or 1,000,000 papers (bench/learning-bench.ts).
 */
export const BACKGROUND_PAPERS = 1000;

/**
 * Fitted models kept in memory, least recently used dropped first. A model holds its vocabulary
 * and weights: 2.45 MB with 30 ratings on the 78,736-paper arXiv store (heap after gc, 10 models),
 * so 20 stay well inside the serving memory target; a bot with more rated channels refits the
 * others (about half a second each, bench/learning-bench.ts) when their digest comes.
 */
export const MAX_CACHED_MODELS = 20;

export interface RatingTally {
  ups: number;
  downs: number;
}

export interface ReadingListEntry {
  saved: SavedPaper;
  /** Null for a saved id the store no longer resolves (never expected: papers are not deleted). */
  paper: Paper | null;
  ups: number;
}

export interface ChannelLearning {
  readonly corpus: LearningCorpus;
  /** The channel's model as of its current ratings; null while it has liked and saved nothing. */
  modelFor(channelId: number): Promise<ChannelModel | null>;
  /**
   * Sets or clears (null) one person's rating; returns their rating before and the paper's tally
   * after. A clear with `onlyIf` leaves a rating of the other value alone.
   */
  rate(channelId: number, paperId: string, rater: Rater, value: RatingValue | null, now: string, onlyIf?: RatingValue): Promise<{ before: RatingValue | null; tally: RatingTally }>;
  save(channelId: number, paperId: string, rater: Rater, now: string): Promise<{ saved: SavedPaper; created: boolean }>;
  /** The channel's 👍/👎 tally of each paper it rated. */
  tallies(channelId: number): Promise<Map<string, RatingTally>>;
  /** Papers someone in the channel rated or saved: it has seen them, so its picks leave them out. */
  judged(channelId: number): Promise<Set<string>>;
  readingList(channelId: number): Promise<ReadingListEntry[]>;
}

export function createChannelLearning(deps: {
  feedback: FeedbackStore;
  corpus: LearningCorpus;
  papers: PaperRepository;
  backgroundPapers?: number;
}): ChannelLearning {
  const fitted = new Map<number, { key: string; model: ChannelModel | null }>();
  const backgroundSize = deps.backgroundPapers ?? BACKGROUND_PAPERS;

  const tallies = async (channelId: number) => {
    const byPaper = new Map<string, RatingTally>();
    for (const rating of await deps.feedback.ratingsOf(channelId)) {
      const tally = byPaper.get(rating.paperId) ?? { ups: 0, downs: 0 };
      if (rating.value === 'up') tally.ups++;
      else tally.downs++;
      byPaper.set(rating.paperId, tally);
    }
    return byPaper;
  };

  return {
    corpus: deps.corpus,
    async modelFor(channelId) {
      const ratings = await deps.feedback.ratingsOf(channelId);
      const saves = await deps.feedback.savesOf(channelId);
      const key = JSON.stringify([ratings.map((r) => [r.paperId, r.userId, r.value]), saves.map((s) => s.paperId)]);
      const known = fitted.get(channelId);
      fitted.delete(channelId);
      if (known?.key === key) {
        fitted.set(channelId, known);
        return known.model;
      }
      const counts = await tallies(channelId);
      const savedIds = new Set(saves.map((s) => s.paperId));
      const ids = [...new Set([...counts.keys(), ...savedIds])];
      const rated: RatedPaper[] = (await deps.papers.getPapers(ids)).map((paper) => ({
        paper,
        ups: counts.get(paper.id)?.ups ?? 0,
        downs: counts.get(paper.id)?.downs ?? 0,
        saved: savedIds.has(paper.id),
      }));
      // Seeded by the channel: the same ratings over the same store give the same background, so the same picks.
      const model = rated.length === 0 ? null : fitChannelModel(rated, await deps.corpus.samplePapers(backgroundSize, channelId));
      fitted.set(channelId, { key, model });
      // A Map iterates in insertion order and each use re-inserts: the first key is the least recently used.
      if (fitted.size > MAX_CACHED_MODELS) fitted.delete(fitted.keys().next().value!);
      return model;
    },
    async rate(channelId, paperId, rater, value, now, onlyIf) {
      const before = await deps.feedback.setRating(channelId, paperId, rater, value, now, onlyIf);
      return { before, tally: (await tallies(channelId)).get(paperId) ?? { ups: 0, downs: 0 } };
    },
    save: async (channelId, paperId, rater, now) => deps.feedback.save(channelId, paperId, rater, now),
    tallies,
    judged: async (channelId) => new Set([...(await deps.feedback.ratingsOf(channelId)).map((r) => r.paperId), ...(await deps.feedback.savesOf(channelId)).map((s) => s.paperId)]),
    async readingList(channelId) {
      const saves = await deps.feedback.savesOf(channelId);
      const papers = new Map((await deps.papers.getPapers(saves.map((s) => s.paperId))).map((p) => [p.id, p]));
      const counts = await tallies(channelId);
      return saves.map((saved) => ({ saved, paper: papers.get(saved.paperId) ?? null, ups: counts.get(saved.paperId)?.ups ?? 0 }));
    },
  };
}
