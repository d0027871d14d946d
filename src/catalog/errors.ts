/** Storage errors in words a person can act on. */

export const QUOTA_MESSAGE =
  'Storage is full: the browser refused to store more. Nothing was lost — what was stored is intact and the rest stays queued. Free some disk space, then click Rescan or Resume.';

/** Dexie wraps IndexedDB errors (`inner`); a full disk is a QuotaExceededError at any depth. */
export function isQuotaError(e: unknown): boolean {
  for (let err = e as { name?: string; inner?: unknown } | undefined; err; err = err.inner as typeof err) {
    if (err.name === 'QuotaExceededError') return true;
  }
  return false;
}

export function describeError(e: unknown): string {
  if (isQuotaError(e)) return QUOTA_MESSAGE;
  const message = e instanceof Error ? e.message : String(e);
  const said = message || (e as Error)?.name || 'unknown error';
  return `Something went wrong: ${said}${/[.!?]$/.test(said) ? '' : '.'}`;
}
