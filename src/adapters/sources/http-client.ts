import { createMemoryRequestSpacing, type RequestSpacing } from './request-spacing.ts';

/** Settings of a polite HTTP client; one client per rate-limit domain (all of arXiv shares one). */
export interface PoliteHttpClientOptions {
  /** Sent on every request; arXiv and OpenAlex ask for a contact in it. */
  userAgent: string;
  /** Least time between the starts of two requests of the domain, retries included. */
  minIntervalMs: number;
  /** The rate-limit domain the spacing is booked under ("arxiv"); defaults to "default". */
  domain?: string;
  /** Where starts are booked; the store's is shared by every process (sqlite-request-spacing.ts). Defaults to this client's own. */
  spacing?: RequestSpacing;
  /** Retries after the first attempt for 429, 5xx and network errors. */
  maxRetries: number;
  /** First backoff ceiling; it doubles per retry. */
  baseDelayMs: number;
  /** Cap on any wait, backoff or Retry-After; a longer Retry-After ends the request instead. */
  maxDelayMs: number;
  /** Per-attempt time limit, so one hung connection cannot stall the queue. Defaults to 30 s. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** A number in [0, 1) for the jitter. */
  random?: () => number;
}

/** A response whose body has been read as text. */
export interface HttpResponse {
  status: number;
  headers: Headers;
  body: string;
}

/** A client that serialises, spaces and retries GET requests. */
export interface PoliteHttpClient {
  get(url: string, options?: { headers?: Record<string, string> }): Promise<HttpResponse>;
}

/** A request that still failed (5xx, 429 or a network error) when the client stopped retrying. */
export class HttpRequestFailedError extends Error {
  override readonly name = 'HttpRequestFailedError';

  constructor(
    readonly url: string,
    readonly attempts: number,
    /** Status of the last response, null when the last attempt got no response at all. */
    readonly lastStatus: number | null,
    /** What the server asked to wait when that exceeded `maxDelayMs`, else null. */
    readonly retryAfterMs: number | null,
    options?: { cause?: unknown },
  ) {
    const last = lastStatus !== null ? `last status ${lastStatus}` : `last error: ${describeCause(options?.cause)}`;
    const wait = retryAfterMs !== null ? `; the server asked to wait ${Math.ceil(retryAfterMs / 1000)} s` : '';
    super(`GET ${url} failed after ${attempts} attempt${attempts === 1 ? '' : 's'} (${last}${wait})`, options);
  }
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * How late after its booked start a request may still go out. Later (a busy event loop fired the
 * timer late) it books again, because the next booking, maybe another process's, counts from the
 * booked start. Bookings add this to the interval, so two starts are never closer than the interval.
 */
export const LATE_START_TOLERANCE_MS = 50;

/**
 * Creates a polite HTTP client over global `fetch`. Requests made through one client run one at
 * a time and start at least `minIntervalMs` apart (arXiv allows one request per 3 s across its
 * API, RSS and OAI-PMH: https://info.arxiv.org/help/api/tou.html). 429 and 503 wait as long as
 * `Retry-After` says; other 5xx and network errors back off exponentially with full jitter
 * (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/). Other 4xx are
 * returned as they are. When retries run out, `get` rejects with {@link HttpRequestFailedError}.
 */
export function createPoliteHttpClient(options: PoliteHttpClientOptions): PoliteHttpClient {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const spacing = options.spacing ?? createMemoryRequestSpacing();
  const domain = options.domain ?? 'default';
  let queue: Promise<unknown> = Promise.resolve();

  const bookedInterval = options.minIntervalMs > 0 ? options.minIntervalMs + LATE_START_TOLERANCE_MS : 0;

  async function waitForTurn(): Promise<void> {
    for (;;) {
      const start = spacing.book(domain, bookedInterval, now);
      const wait = start - now();
      if (wait > 0) await sleep(wait);
      if (now() - start <= LATE_START_TOLERANCE_MS) return;
    }
  }

  async function send(url: string, headers: Headers): Promise<HttpResponse> {
    for (let attempt = 1; ; attempt++) {
      await waitForTurn();
      let response: HttpResponse | null = null;
      let failure: unknown = null;
      try {
        const reply = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
        // Reading the body is part of the attempt: a connection can drop mid-body.
        response = { status: reply.status, headers: reply.headers, body: await reply.text() };
      } catch (error) {
        failure = error;
      }
      if (response && !isRetryableStatus(response.status)) return response;

      const retryAfterMs = response && honoursRetryAfter(response.status) ? parseRetryAfter(response.headers.get('retry-after'), now()) : null;
      const lastStatus = response?.status ?? null;
      if (retryAfterMs !== null && retryAfterMs > options.maxDelayMs) {
        throw new HttpRequestFailedError(url, attempt, lastStatus, retryAfterMs);
      }
      if (attempt > options.maxRetries) {
        throw new HttpRequestFailedError(url, attempt, lastStatus, null, { cause: failure ?? undefined });
      }
      const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
      await sleep(retryAfterMs ?? Math.floor(random() * ceiling));
    }
  }

  return {
    get(url, requestOptions) {
      // A malformed URL is a caller bug, not something a retry can fix.
      if (!URL.canParse(url)) return Promise.reject(new TypeError(`not a valid URL: ${url}`));
      const headers = new Headers(requestOptions?.headers);
      headers.set('user-agent', options.userAgent);
      const result = queue.then(() => send(url, headers));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

function honoursRetryAfter(status: number): boolean {
  return status === 429 || status === 503;
}

/**
 * Milliseconds to wait from a Retry-After value: delay-seconds or an HTTP date
 * (https://www.rfc-editor.org/rfc/rfc9110#field.retry-after). Null when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  // undici reports "fetch failed" and puts the socket error ("other side closed") in `cause`.
  const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : '';
  return `${cause.message}${inner}`;
}
