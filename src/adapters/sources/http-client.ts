import { createMemoryRequestSpacing, type RequestSpacing } from './request-spacing.ts';

/** Settings of a polite HTTP client; one client per rate-limit domain (all of arXiv shares one). */
export interface PoliteHttpClientOptions {
  /** Sent on every request; arXiv and OpenAlex ask for a contact in it. */
  userAgent: string;
  /** Least time between the starts of two requests of the domain, retries included. */
  minIntervalMs: number;
  /** The rate-limit domain the spacing is booked under ("arxiv"); defaults to "default". */
  domain?: string;
  /** Where starts are booked; the store's is shared by every process (sqlite-request-spacing.ts, pg-request-spacing.ts). Defaults to this client's own. */
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

/**
 * A host that cannot be reached at all: its name does not resolve (offline, no DNS, a mistyped
 * URL) or nothing accepts connections on its port. Retrying within seconds cures neither, so the
 * client does not retry, and fails further requests to that host at once for a while
 * ({@link UNREACHABLE_HOST_MEMORY_MS}). The message is a sentence a user can act on.
 */
export class HostUnreachableError extends Error {
  override readonly name = 'HostUnreachableError';

  constructor(
    readonly url: string,
    /** The host (and port, when the URL names one) that could not be reached. */
    readonly host: string,
    readonly reason: UnreachableReason,
    /** Requests sent before giving up: 1, or 0 when the host was already known to be unreachable. */
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    const why = reason === 'dns' ? 'DNS lookup failed' : 'connection refused';
    const fix = reason === 'dns' ? 'check the network' : 'check the network and the source URL';
    super(`cannot reach ${host} (${why}): ${fix}`, options);
  }
}

/** Why a host could not be reached: its name did not resolve, or it refused the connection. */
export type UnreachableReason = 'dns' | 'refused';

/**
 * How long a host that could not be reached stays failed without a request: long enough for the
 * rest of an ingest run's sources on that host (offline, nine sources once took 2 min 21 s of
 * retries), short enough that a network that comes back is used again within a minute.
 */
export const UNREACHABLE_HOST_MEMORY_MS = 60_000;

// getaddrinfo's "no such name" and "temporary failure" (what an offline machine answers), and a
// refused connection. https://nodejs.org/api/errors.html#common-system-errors
const DNS_FAILURE_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_NODATA']);
const REFUSED_CODES = new Set(['ECONNREFUSED']);

/**
 * Whether a failed fetch means the host cannot be reached: undici rejects with "fetch failed" and
 * the socket's error in `cause` (an AggregateError when several addresses were tried, each refused).
 */
export function unreachableReason(error: unknown): UnreachableReason | null {
  const cause = error instanceof Error ? error.cause : undefined;
  const codes = errorCodes(cause);
  if (codes.length === 0) return null;
  if (codes.every((code) => DNS_FAILURE_CODES.has(code))) return 'dns';
  if (codes.every((code) => REFUSED_CODES.has(code) || DNS_FAILURE_CODES.has(code))) return 'refused';
  return null;
}

function errorCodes(error: unknown): string[] {
  if (!(error instanceof Error)) return [];
  if (error instanceof AggregateError && error.errors.length > 0) {
    const inner = error.errors.flatMap(errorCodes);
    return inner.length === error.errors.length ? inner : [];
  }
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' ? [code] : [];
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
 * A host whose name does not resolve or that refuses the connection is not retried: `get` rejects
 * with {@link HostUnreachableError} at once, and so do requests to it for the next minute.
 */
export function createPoliteHttpClient(options: PoliteHttpClientOptions): PoliteHttpClient {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const spacing = options.spacing ?? createMemoryRequestSpacing();
  const domain = options.domain ?? 'default';
  let queue: Promise<unknown> = Promise.resolve();
  // host → until when it is failed without a request, and why.
  const unreachable = new Map<string, { until: number; reason: UnreachableReason }>();

  const bookedInterval = options.minIntervalMs > 0 ? options.minIntervalMs + LATE_START_TOLERANCE_MS : 0;

  async function waitForTurn(): Promise<void> {
    for (;;) {
      const start = await spacing.book(domain, bookedInterval, now);
      const wait = start - now();
      if (wait > 0) await sleep(wait);
      if (now() - start <= LATE_START_TOLERANCE_MS) return;
    }
  }

  async function send(url: string, headers: Headers): Promise<HttpResponse> {
    const host = new URL(url).host;
    const known = unreachable.get(host);
    if (known && now() < known.until) throw new HostUnreachableError(url, host, known.reason, 0);
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
      if (response) unreachable.delete(host);
      if (response && !isRetryableStatus(response.status)) return response;
      const reason = response ? null : unreachableReason(failure);
      if (reason !== null) {
        unreachable.set(host, { until: now() + UNREACHABLE_HOST_MEMORY_MS, reason });
        throw new HostUnreachableError(url, host, reason, attempt, { cause: failure });
      }

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
