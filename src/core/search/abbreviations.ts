/**
 * Field abbreviations researchers type, and what they stand for. A query word found here
 * matches the abbreviation itself or any expansion. Expansions are written as plain words: the
 * index stems them (porter), so "recommendation" also matches "recommender" and "recommendations".
 * Keep entries lowercase; add one line per abbreviation.
 */
export const FIELD_ABBREVIATIONS: Readonly<Record<string, readonly string[]>> = {
  asr: ['automatic speech recognition', 'speech recognition'],
  cf: ['collaborative filtering'],
  cnn: ['convolutional neural network', 'convolutional'],
  cot: ['chain of thought'],
  ctr: ['click through rate', 'click-through'],
  cv: ['computer vision'],
  dl: ['deep learning'],
  dpo: ['direct preference optimization'],
  gan: ['generative adversarial network'],
  gcn: ['graph convolutional network'],
  gnn: ['graph neural network', 'gnns'],
  hci: ['human computer interaction'],
  icl: ['in context learning'],
  ir: ['information retrieval'],
  kd: ['knowledge distillation'],
  kg: ['knowledge graph'],
  llm: ['large language model', 'llms'],
  lora: ['low rank adaptation'],
  marl: ['multi agent reinforcement learning'],
  ml: ['machine learning'],
  mllm: ['multimodal large language model', 'mllms'],
  moe: ['mixture of experts'],
  mt: ['machine translation'],
  nas: ['neural architecture search'],
  ner: ['named entity recognition'],
  nerf: ['neural radiance field', 'nerfs'],
  nlp: ['natural language processing'],
  ood: ['out of distribution'],
  peft: ['parameter efficient fine tuning'],
  qa: ['question answering'],
  rag: ['retrieval augmented generation'],
  recsys: ['recommendation', 'recommender'],
  rl: ['reinforcement learning'],
  rlhf: ['reinforcement learning from human feedback'],
  rnn: ['recurrent neural network'],
  sft: ['supervised fine tuning'],
  ssl: ['self supervised learning'],
  tts: ['text to speech'],
  vae: ['variational autoencoder'],
  vit: ['vision transformer'],
  vlm: ['vision language model', 'vlms'],
};

/**
 * Phrases and what else the literature calls the same idea. Adjacent query words that spell a
 * key ("cold start", "cold-start") become one term matching the phrase or any of these.
 * Recommender papers on the cold-start problem often say "zero-shot" instead.
 */
export const RELATED_PHRASES: Readonly<Record<string, readonly string[]>> = {
  'cold start': ['zero shot'],
  'graph neural network': ['gnn', 'gnns'],
  'large language model': ['llm', 'llms'],
  'recommender system': ['recsys', 'recommendation'],
  'reinforcement learning': ['rl'],
  'retrieval augmented generation': ['rag'],
};

/** Longest key of RELATED_PHRASES, in words. */
export const LONGEST_RELATED_PHRASE = Math.max(...Object.keys(RELATED_PHRASES).map((k) => k.split(' ').length));
