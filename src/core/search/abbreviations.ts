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
  ddpm: ['denoising diffusion probabilistic model'],
  dit: ['diffusion transformer'],
  dl: ['deep learning'],
  dpo: ['direct preference optimization'],
  fl: ['federated learning'],
  gan: ['generative adversarial network'],
  gat: ['graph attention network'],
  gcn: ['graph convolutional network'],
  gnn: ['graph neural network', 'gnns'],
  grpo: ['group relative policy optimization'],
  hci: ['human computer interaction'],
  icl: ['in context learning'],
  ir: ['information retrieval'],
  kan: ['kolmogorov arnold network'],
  kd: ['knowledge distillation'],
  kg: ['knowledge graph'],
  knn: ['k nearest neighbor', 'k nearest neighbour'],
  llm: ['large language model', 'llms'],
  lora: ['low rank adaptation'],
  lstm: ['long short term memory'],
  lvlm: ['large vision language model', 'lvlms'],
  marl: ['multi agent reinforcement learning'],
  mcts: ['monte carlo tree search'],
  mdp: ['markov decision process'],
  ml: ['machine learning'],
  mllm: ['multimodal large language model', 'mllms'],
  mlp: ['multilayer perceptron', 'multi layer perceptron'],
  moe: ['mixture of experts'],
  mt: ['machine translation'],
  nas: ['neural architecture search'],
  ner: ['named entity recognition'],
  nerf: ['neural radiance field', 'nerfs'],
  nli: ['natural language inference'],
  nlp: ['natural language processing'],
  nmt: ['neural machine translation'],
  ocr: ['optical character recognition'],
  ood: ['out of distribution'],
  pca: ['principal component analysis'],
  peft: ['parameter efficient fine tuning'],
  pomdp: ['partially observable markov decision process'],
  ppo: ['proximal policy optimization'],
  qa: ['question answering'],
  rag: ['retrieval augmented generation'],
  recsys: ['recommendation', 'recommender'],
  rl: ['reinforcement learning'],
  rlhf: ['reinforcement learning from human feedback'],
  rlvr: ['reinforcement learning with verifiable rewards'],
  rnn: ['recurrent neural network'],
  sae: ['sparse autoencoder'],
  sft: ['supervised fine tuning'],
  sgd: ['stochastic gradient descent'],
  slam: ['simultaneous localization and mapping', 'simultaneous localisation and mapping'],
  ssl: ['self supervised learning'],
  ssm: ['state space model'],
  svm: ['support vector machine'],
  tts: ['text to speech'],
  vae: ['variational autoencoder'],
  vit: ['vision transformer'],
  vla: ['vision language action model'],
  vlm: ['vision language model', 'vlms'],
  vqa: ['visual question answering'],
  xai: ['explainable artificial intelligence', 'explainable ai'],
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
