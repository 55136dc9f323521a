import { afterEach, describe, expect, it } from 'vitest';
import type { SqliteApp } from '../../src/app.ts';
import { FIELD_ABBREVIATIONS } from '../../src/core/search/abbreviations.ts';
import { parseQuery } from '../../src/core/search/parse-query.ts';
import { searchAliases } from '../../src/core/search/search-aliases.ts';
import { tokenize } from '../../src/core/search/tokenize.ts';
import { manualClock, testApp } from '../digest/digest-helpers.ts';
import { paper } from '../support/papers.ts';

describe('FIELD_ABBREVIATIONS', () => {
  it('keeps its format: lowercase keys in alphabetical order, each with expansions the tokenizer reads', () => {
    const keys = Object.keys(FIELD_ABBREVIATIONS);
    expect(keys).toEqual([...keys].sort());
    for (const [key, expansions] of Object.entries(FIELD_ABBREVIATIONS)) {
      expect(key, key).toMatch(/^[a-z0-9]+$/);
      expect(expansions.length, key).toBeGreaterThan(0);
      for (const expansion of expansions) {
        expect(expansion, key).toBe(expansion.toLowerCase());
        expect(tokenize(expansion).length, key).toBeGreaterThan(0);
      }
    }
  });

  it.each([
    // abbreviation, a text that writes it out
    ['dpo', 'We align it with Direct Preference Optimization.'],
    ['ppo', 'Trained with proximal policy optimization.'],
    ['grpo', 'Group Relative Policy Optimization (GRPO) removes the critic.'],
    ['rlhf', 'reinforcement learning from human feedback'],
    ['rlvr', 'Reinforcement Learning with Verifiable Rewards'],
    ['moe', 'a sparse Mixture-of-Experts layer'],
    ['lora', 'low-rank adaptation'],
    ['peft', 'parameter-efficient fine-tuning'],
    ['vit', 'a Vision Transformer backbone'],
    ['sae', 'features of sparse autoencoders'],
    ['kd', 'knowledge distillation'],
    ['icl', 'in-context learning'],
    ['cot', 'chain-of-thought prompting'],
    ['mcts', 'Monte Carlo Tree Search'],
    ['ssm', 'selective state space models'],
    ['kan', 'Kolmogorov-Arnold Networks'],
    ['vla', 'vision-language-action models'],
    ['lvlm', 'large vision-language models'],
    ['vqa', 'visual question answering'],
    ['ocr', 'optical character recognition'],
    ['slam', 'simultaneous localisation and mapping'],
    ['mdp', 'a Markov decision process'],
    ['nli', 'natural language inference'],
    ['lstm', 'long short-term memory'],
    ['mlp', 'a multi-layer perceptron'],
    ['xai', 'explainable AI'],
    ['fl', 'federated learning'],
  ])('%s: the query matches it and papers that write it out are indexed with it', (abbreviation, text) => {
    const parsed = parseQuery(abbreviation);
    expect(parsed.ok && parsed.value.terms[0]!.alternatives.length).toBeGreaterThan(1);
    expect(searchAliases(text).split(' ')).toContain(abbreviation);
  });
});

describe('abbreviations in a search', () => {
  let app: SqliteApp;
  afterEach(() => app?.close());

  it('dpo reward hacking ranks the paper on DPO and reward hacking first; one that only says DPO comes after, as a partial match', async () => {
    app = testApp(manualClock('2026-11-22T10:00:00Z'));
    await app.papers.upsertPapers(
      [
        paper('Preference tuning for video diffusion', 'Direct preference optimization for text-to-video diffusion and inpainting. Reward models guide denoising.'),
        paper('Mitigating reward hacking in direct preference optimization', 'Reward hacking appears when DPO over-optimizes a proxy reward; we regularize it.'),
        paper('Reward hacking in RL agents', 'Agents exploit reward functions.'),
      ],
      '2026-11-21T00:00:00Z',
    );
    const hits = (await app.services.search.searchText('dpo reward hacking', 5)).hits;
    expect(hits[0]!.paper.title).toBe('Mitigating reward hacking in direct preference optimization');
    expect(hits[0]!.partial).toBe(false);
    // Too few match every word, so the rest match only some of them, and say so.
    expect(hits.slice(1).every((h) => h.partial)).toBe(true);
  });

  it('ppo finds a paper that only writes “proximal policy optimization”', async () => {
    app = testApp(manualClock('2026-11-22T10:00:00Z'));
    await app.papers.upsertPapers([paper('Stable policy gradients for robots', 'We train the controller with proximal policy optimization.')], '2026-11-21T00:00:00Z');
    expect((await app.services.search.searchText('ppo', 5)).hits.map((h) => h.paper.title)).toEqual(['Stable policy gradients for robots']);
  });
});
