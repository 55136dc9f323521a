import { readFileSync } from 'node:fs';
import type { Config } from '../../config.ts';
import { createPoliteHttpClient, type PoliteHttpClient, type PoliteHttpClientOptions } from './http-client.ts';
import { createMemoryRequestSpacing, type RequestSpacing } from './request-spacing.ts';

/**
 * arXiv allows one request every 3 s across its API, RSS and OAI-PMH together
 * (https://info.arxiv.org/help/api/tou.html), so every arXiv endpoint shares one client.
 */
export const ARXIV_MIN_INTERVAL_MS = 3000;
/** Hugging Face allows about 500 requests per 5 minutes per IP without a token. */
export const HUGGINGFACE_MIN_INTERVAL_MS = 1000;
/** Semantic Scholar gives a key 1 request/s; without one, clients share a pool and should go slower. */
export const SEMANTIC_SCHOLAR_MIN_INTERVAL_MS = 1100;
/** OpenAlex caps clients at 100 requests/s; paperboy stays far below. */
export const OPENALEX_MIN_INTERVAL_MS = 200;

// arXiv's OAI-PMH answers 503 with Retry-After while it is busy; a batch job can wait it out.
const ARXIV_MAX_DELAY_MS = 300_000;
// The recorded Semantic Scholar 429s cleared after ~30 s and ~60 s, so its backoff starts high.
const SEMANTIC_SCHOLAR_BASE_DELAY_MS = 5000;
const DEFAULT_BASE_DELAY_MS = 1000;
const DEFAULT_MAX_DELAY_MS = 120_000;
const MAX_RETRIES = 4;

/** One polite client per rate-limit domain. */
export interface SourceClients {
  arxiv: PoliteHttpClient;
  huggingface: PoliteHttpClient;
  semanticScholar: PoliteHttpClient;
  openAlex: PoliteHttpClient;
}

const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The User-Agent arXiv and OpenAlex ask for: the project, its version and a contact address. */
export function paperboyUserAgent(contactEmail: string): string {
  return `paperboy/${PACKAGE_VERSION} (mailto:${contactEmail})`;
}

/**
 * Creates the source clients from the configuration. `spacing` is where their request starts are
 * booked: pass the store's (IngestPorts.spacing) so that every client and process on the
 * store shares each source's limit. `overrides` replace the settings of every client (tests pass
 * short intervals and a fake sleep); production keeps the defaults above.
 */
export function createSourceClients(
  config: Config,
  overrides: Partial<PoliteHttpClientOptions> = {},
  spacing: RequestSpacing = createMemoryRequestSpacing(),
): SourceClients {
  const userAgent = paperboyUserAgent(config.CONTACT_EMAIL);
  const client = (domain: string, minIntervalMs: number, baseDelayMs: number, maxDelayMs: number) =>
    createPoliteHttpClient({ userAgent, domain, spacing, minIntervalMs, maxRetries: MAX_RETRIES, baseDelayMs, maxDelayMs, ...overrides });
  return {
    arxiv: client('arxiv', ARXIV_MIN_INTERVAL_MS, DEFAULT_BASE_DELAY_MS, ARXIV_MAX_DELAY_MS),
    huggingface: client('huggingface', HUGGINGFACE_MIN_INTERVAL_MS, DEFAULT_BASE_DELAY_MS, DEFAULT_MAX_DELAY_MS),
    semanticScholar: client('semantic-scholar', SEMANTIC_SCHOLAR_MIN_INTERVAL_MS, SEMANTIC_SCHOLAR_BASE_DELAY_MS, DEFAULT_MAX_DELAY_MS),
    openAlex: client('openalex', OPENALEX_MIN_INTERVAL_MS, DEFAULT_BASE_DELAY_MS, DEFAULT_MAX_DELAY_MS),
  };
}
