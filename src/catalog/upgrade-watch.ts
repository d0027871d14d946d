import type { ShoeboxDb } from './db';

/**
 * Another tab opened a newer catalogue schema: this tab's connection must close so the upgrade can
 * proceed, and the person must reload to get the new version. Called once at start-up.
 */
export function onOutdated(db: ShoeboxDb, notify: () => void): void {
  db.on('versionchange', () => {
    db.close();
    notify();
    return false; // handled: Dexie must not reload or reopen on its own
  });
}
