/**
 * Configuration: parsed once from the environment with zod. Nothing else reads process.env.
 * Every variable is documented in .env.example.
 */
import cron from 'node-cron';
import { z } from 'zod';
import { parseTimeZone } from './core/digest/schedule.ts';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
const url = (fallback: string) => z.string().trim().url().default(fallback);
/** The rules of /papers schedule (parseTimeZone): IANA names or UTC, stored by their modern name. */
const timeZone = z
  .string()
  .trim()
  .transform((tz, ctx) => {
    const parsed = parseTimeZone(tz);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: 'custom', message: parsed.error.message });
    return z.NEVER;
  });

export const configSchema = z.object({
  DATABASE_PATH: z.string().trim().min(1).default('./data/paperboy.db'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RESULTS_PER_PAGE: z.coerce.number().int().min(1).max(10).default(5),
  DEFAULT_TIME_ZONE: timeZone.default('UTC'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),

  SLACK_SIGNING_SECRET: optionalString,
  SLACK_BOT_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xoxb-'), 'must start with xoxb-'),
  SLACK_APP_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xapp-'), 'must start with xapp-'),
  SLACK_CLIENT_ID: optionalString,
  SLACK_CLIENT_SECRET: optionalString,
  SLACK_STATE_SECRET: optionalString,
  SLACK_API_URL: url('https://slack.com/api/'),

  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString.refine((v) => v === undefined || /^\d{17,20}$/.test(v), 'must be a Discord snowflake id (17–20 digits)'),
  DISCORD_GUILD_ID: optionalString.refine((v) => v === undefined || /^\d{17,20}$/.test(v), 'must be a Discord snowflake id (17–20 digits)'),
  DISCORD_API_URL: url('https://discord.com/api'),

  CONTACT_EMAIL: z.string().trim().email().default('paperboy@example.org'),
  INGEST_CATEGORIES: z
    .string()
    .trim()
    .default('cs.IR,cs.LG,cs.CL,cs.AI')
    .transform((v) => v.split(',').map((c) => c.trim()).filter(Boolean)),
  INGEST_CRON: z
    .string()
    .trim()
    .default('30 1 * * *')
    .refine((v) => cron.validate(v), 'must be a cron expression such as "30 1 * * *" (01:30 every day)'),
  ARXIV_API_URL: url('https://export.arxiv.org/api/query'),
  ARXIV_RSS_URL: url('https://rss.arxiv.org/rss/'),
  ARXIV_OAI_URL: url('https://oaipmh.arxiv.org/oai'),
  HF_API_URL: url('https://huggingface.co/api/'),
  S2_API_URL: url('https://api.semanticscholar.org/graph/v1/'),
  S2_API_KEY: optionalString,
  OPENALEX_API_URL: url('https://api.openalex.org/'),
  OPENALEX_API_KEY: optionalString,
});

export type Config = z.infer<typeof configSchema>;

/** Raised when the environment is invalid; the message names each bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable.`);
    this.name = 'ConfigError';
  }
}

/** Parses the configuration from an environment (process.env by default). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return result.data;
}

/** Which chat platforms the configuration enables. */
export function enabledPlatforms(config: Config): { slack: boolean; discord: boolean } {
  // Socket Mode needs the app-level and bot tokens; HTTP mode needs the signing secret and either a
  // bot token (one workspace) or OAuth client credentials (many workspaces).
  const socketMode = config.SLACK_APP_TOKEN !== undefined && config.SLACK_BOT_TOKEN !== undefined;
  const httpMode =
    config.SLACK_SIGNING_SECRET !== undefined && (config.SLACK_BOT_TOKEN !== undefined || config.SLACK_CLIENT_ID !== undefined);
  const slack = socketMode || httpMode;
  const discord = config.DISCORD_TOKEN !== undefined && config.DISCORD_APPLICATION_ID !== undefined;
  return { slack, discord };
}
