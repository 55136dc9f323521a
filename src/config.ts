/**
 * Configuration: parsed once from the environment with zod. Nothing else reads process.env.
 * Every variable is documented in .env.example.
 */
import { DEFAULT_INGEST_CRON, INGEST_CRON_RULE, isIngestCron } from './adapters/ingest/ingest-cron.ts';
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

const SLACK_CREDENTIALS = [
  'SLACK_SIGNING_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_CLIENT_ID',
  'SLACK_CLIENT_SECRET',
  'SLACK_STATE_SECRET',
] as const;

type PlatformVariables = Partial<Record<(typeof SLACK_CREDENTIALS)[number] | 'DISCORD_TOKEN' | 'DISCORD_APPLICATION_ID' | 'DISCORD_GUILD_ID', string>>;

/** The variables of `names` that are set, as a list for a message ("SLACK_BOT_TOKEN is set"). */
function setList(env: PlatformVariables, names: readonly (keyof PlatformVariables)[]): string {
  const set = names.filter((name) => env[name] !== undefined);
  return `${set.join(' and ')} ${set.length > 1 ? 'are' : 'is'} set`;
}

/**
 * A platform configured halfway is refused, naming what is missing: otherwise `paperboy serve`
 * would not see the platform as configured and silently open the console chat instead (and under
 * a service manager, with no terminal, exit at once). Multi-workspace OAuth's three variables are
 * checked when Slack starts (slack-mode.ts), which names the missing ones.
 */
function checkPlatformVariables(env: PlatformVariables, ctx: z.RefinementCtx): void {
  const slackSet = SLACK_CREDENTIALS.filter((name) => env[name] !== undefined);
  if (slackSet.length > 0) {
    if (env.SLACK_APP_TOKEN === undefined && env.SLACK_SIGNING_SECRET === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: `is missing: ${setList(env, slackSet)}, so Slack also needs SLACK_SIGNING_SECRET (HTTP mode, the app's Basic Information page) or SLACK_APP_TOKEN (Socket Mode, an xapp- app-level token)`,
      });
    }
    const oauth = env.SLACK_CLIENT_ID !== undefined || env.SLACK_CLIENT_SECRET !== undefined;
    if (!oauth && env.SLACK_BOT_TOKEN === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_BOT_TOKEN'],
        message: `is missing: ${setList(env, slackSet)}, so Slack also needs SLACK_BOT_TOKEN (one workspace, xoxb-…) or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET (installs in many workspaces)`,
      });
    }
  }
  if (env.DISCORD_TOKEN !== undefined && env.DISCORD_APPLICATION_ID === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['DISCORD_APPLICATION_ID'],
      message: "is missing: DISCORD_TOKEN is set, so Discord also needs DISCORD_APPLICATION_ID (the Application ID on the app's General Information page)",
    });
  }
}

export const configSchema = z.object({
  DATABASE_PATH: z.string().trim().min(1).default('./data/paperboy.db'),
  /**
   * A PostgreSQL database (postgres://user:password@host:5432/db) for several replicas on one
   * store (docs/deploying.md); unset, the SQLite file at DATABASE_PATH. The URL may carry
   * `?options=-c search_path=<schema>` to keep paperboy's tables in a schema of their own.
   */
  DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), 'must be a PostgreSQL URL: postgres://user:password@host:5432/database'),
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
    .default(DEFAULT_INGEST_CRON)
    .refine(isIngestCron, INGEST_CRON_RULE),
  ARXIV_API_URL: url('https://export.arxiv.org/api/query'),
  ARXIV_RSS_URL: url('https://rss.arxiv.org/rss/'),
  ARXIV_OAI_URL: url('https://oaipmh.arxiv.org/oai'),
  HF_API_URL: url('https://huggingface.co/api/'),
  S2_API_URL: url('https://api.semanticscholar.org/graph/v1/'),
  S2_API_KEY: optionalString,
  OPENALEX_API_URL: url('https://api.openalex.org/'),
  OPENALEX_API_KEY: optionalString,
}).superRefine(checkPlatformVariables);

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

/**
 * Which chat platforms the configuration enables: Slack when any of its credentials is set (the
 * schema and slack-mode.ts make sure they describe a way to run), Discord with its token (the
 * schema makes sure the application id comes with it).
 */
export function enabledPlatforms(config: Config): { slack: boolean; discord: boolean } {
  const slack = SLACK_CREDENTIALS.some((name) => config[name] !== undefined);
  const discord = config.DISCORD_TOKEN !== undefined && config.DISCORD_APPLICATION_ID !== undefined;
  return { slack, discord };
}

/**
 * Why `paperboy serve` would start no platform although some platform variable is set (Discord's
 * application or server id without its token), or null. A one-shot command may use those alone
 * (`paperboy discord invite` needs only the application id); serving needs the token.
 */
export function halfSetPlatformProblem(config: Config): string | null {
  const platforms = enabledPlatforms(config);
  if (platforms.slack || platforms.discord) return null;
  const discordSet = (['DISCORD_APPLICATION_ID', 'DISCORD_GUILD_ID'] as const).filter((name) => config[name] !== undefined);
  if (discordSet.length === 0) return null;
  return (
    `${setList(config, discordSet)} but DISCORD_TOKEN is not, so paperboy serve would start no platform. ` +
    'Set DISCORD_TOKEN (the Bot page of the Discord app) to serve Discord, or unset ' +
    `${discordSet.join(' and ')} for the console chat.`
  );
}
