/**
 * DATABASE_URL as people may see it: in logs, the console banner, `paperboy db`. The password is
 * a secret and never leaves the process (a URL may also carry it as `?password=`).
 */
export function redactedDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
    return parsed.toString();
  } catch {
    // Not a URL at all: say nothing of what it holds.
    return 'postgres://(unparsable DATABASE_URL)';
  }
}
