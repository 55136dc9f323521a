/**
 * A request URL: `path` resolved against a base URL (read as a folder, so "https://x.org/api"
 * and "https://x.org/api/" both give "https://x.org/api/<path>") plus query parameters; parameters
 * that are undefined are left out.
 */
export function sourceUrl(base: string, path: string, params: Record<string, string | number | undefined> = {}): string {
  const folder = base.endsWith('/') || path === '' ? base : `${base}/`;
  const url = new URL(path, folder);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  return url.toString();
}

const SECRET_PARAMS = /([?&](?:api_key|apikey|key|token)=)[^&#\s]+/gi;

/** A text (an error message naming a URL) with API keys in query strings replaced, so it can be logged. */
export function redactSecrets(text: string): string {
  return text.replace(SECRET_PARAMS, '$1[redacted]');
}
