/**
 * Papers on made-up but distinct topics, for the learning tests: each topic has its own words,
 * and every paper also says "learning" a given number of times, so a broad subscription to
 * "learning" matches them all and ranks them by how often they say it.
 */
import type { PaperInput } from '../../src/core/paper.ts';
import { makePaper } from '../support/papers.ts';

export const TOPIC_WORDS = {
  molecules: ['molecular', 'graph', 'neural', 'drug', 'discovery', 'binding', 'affinity', 'ligand', 'protein', 'docking', 'chemical', 'atoms'],
  vision: ['image', 'segmentation', 'pixel', 'convolutional', 'detection', 'bounding', 'camera', 'video', 'frames', 'visual', 'scene', 'depth'],
  robots: ['robot', 'manipulation', 'grasping', 'gripper', 'locomotion', 'controller', 'trajectory', 'sim2real', 'torque', 'legged', 'arm', 'actuator'],
  speech: ['speech', 'acoustic', 'phoneme', 'spoken', 'waveform', 'speaker', 'prosody', 'vocoder', 'audio', 'utterance', 'microphone', 'asr'],
  markets: ['auction', 'pricing', 'market', 'bidding', 'revenue', 'seller', 'buyer', 'mechanism', 'equilibrium', 'welfare', 'trading', 'tariff'],
} as const;

export type Topic = keyof typeof TOPIC_WORDS;

/** A deterministic pick of `count` topic words, different for each `n`. */
function wordsOf(topic: Topic, n: number, count: number): string[] {
  const words = TOPIC_WORDS[topic];
  return Array.from({ length: count }, (_, i) => words[(n * 7 + i * 5) % words.length]!);
}

/** A paper on `topic` that says "learning" `learningCount` times. */
export function topicPaper(topic: Topic, n: number, learningCount: number, extra: Partial<PaperInput> = {}): PaperInput {
  const words = wordsOf(topic, n, 8);
  const learning = Array.from({ length: learningCount }, () => 'learning').join(' ');
  return makePaper({
    title: `${words[0]} ${words[1]} ${words[2]} study ${n}`,
    abstract: `We study ${words.join(' ')} with ${learning}. Results on ${words[3]} ${words[4]} benchmarks.`,
    categories: [topic === 'molecules' ? 'q-bio.BM' : topic === 'vision' ? 'cs.CV' : topic === 'robots' ? 'cs.RO' : topic === 'speech' ? 'eess.AS' : 'econ.TH'],
    authors: [`${topic} author ${n % 4}`],
    ...extra,
  });
}
