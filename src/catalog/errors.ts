/** Storage errors in words a person can act on. */

export const QUOTA_MESSAGE =
  'Storage is full: the browser refused to store more. Nothing was lost — what was stored is intact and the rest stays queued. Free some disk space, then click Rescan or Resume.';

/**
 * A part of the app loaded when first used (`import()`: a backup's export and import, writing
 * sidecars) could not be fetched: the app was updated on the server since the page opened (its
 * old files gone, no service worker holding them), or the server is gone. Browsers word it
 * differently: Chromium, Firefox, Safari.
 */
export function isLoadError(e: unknown): boolean {
  const message = e instanceof Error ? e.message : '';
  return /dynamically imported module|Importing a module script failed/i.test(message);
}

export const LOAD_MESSAGE = 'Part of Shoebox could not be loaded: it has probably been updated since this page was opened. Reload the page, then try again.';

/** Dexie wraps IndexedDB errors (`inner`); a full disk is a QuotaExceededError at any depth. */
export function isQuotaError(e: unknown): boolean {
  for (let err = e as { name?: string; inner?: unknown } | undefined; err; err = err.inner as typeof err) {
    if (err.name === 'QuotaExceededError') return true;
  }
  return false;
}

export function describeError(e: unknown): string {
  if (isQuotaError(e)) return QUOTA_MESSAGE;
  if (isLoadError(e)) return LOAD_MESSAGE;
  const message = e instanceof Error ? e.message : String(e);
  const said = message || (e as Error)?.name || 'unknown error';
  return `Something went wrong: ${said}${/[.!?]$/.test(said) ? '' : '.'}`;
}
