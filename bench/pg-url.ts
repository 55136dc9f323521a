/** PostgreSQL URLs as the benchmark uses them. */

/** The URL for people: host, port and database, never the password. */
export function describePgUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname}`;
}

/**
 * The URL with a scratch schema as every connection's search_path: a libpq `options` parameter,
 * which node-postgres reads (https://www.postgresql.org/docs/15/libpq-connect.html#LIBPQ-CONNECT-OPTIONS),
 * so a `paperboy` process given it as DATABASE_URL opens its store in that schema.
 */
export function urlInSchema(url: string, schema: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}
