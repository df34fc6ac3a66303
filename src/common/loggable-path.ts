/**
 * Log lines carry method, path and status only: no bodies, no query strings and no feed tokens, so
 * neither names nor personal identity numbers reach the logs.
 */
export function loggablePath(url: string): string {
  return url.split('?')[0].replace(/\/calendar-feeds\/[^/]+/, '/calendar-feeds/[token]');
}
