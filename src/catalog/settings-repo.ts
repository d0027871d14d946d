import type { ShoeboxDb } from './db';

/** Previews (1600 px, for the viewer) are kept unless the person chose to save space; tiles always are. */
export async function keepPreviews(db: ShoeboxDb): Promise<boolean> {
  const row = await db.settings.get('keepPreviews');
  return row?.key === 'keepPreviews' ? row.value : true;
}

/** The inference backend the person pinned ('' = choose automatically). */
export async function visionBackend(db: ShoeboxDb): Promise<string> {
  const row = await db.settings.get('visionBackend');
  return row?.key === 'visionBackend' ? row.value : '';
}

export async function setVisionBackend(db: ShoeboxDb, value: string): Promise<void> {
  await db.settings.put({ key: 'visionBackend', value });
}

export async function setKeepPreviews(db: ShoeboxDb, value: boolean): Promise<void> {
  await db.settings.put({ key: 'keepPreviews', value });
}

/** Remove every stored preview (the viewer then shows the tile, or the original when connected). */
export async function clearPreviews(db: ShoeboxDb): Promise<number> {
  const count = await db.previews.count();
  await db.previews.clear();
  return count;
}

/** When the last backup (export) finished, or undefined if none ever did. */
export async function lastBackupAt(db: ShoeboxDb): Promise<number | undefined> {
  const row = await db.settings.get('lastBackupAt');
  return row?.key === 'lastBackupAt' ? row.value : undefined;
}

export async function setLastBackupAt(db: ShoeboxDb, at: number): Promise<void> {
  await db.settings.put({ key: 'lastBackupAt', value: at });
}

/** "On this day" above the timeline: shown unless the person turned it off. */
export async function showMemories(db: ShoeboxDb): Promise<boolean> {
  const row = await db.settings.get('memories');
  return row?.key === 'memories' ? row.value : true;
}

export async function setShowMemories(db: ShoeboxDb, value: boolean): Promise<void> {
  await db.settings.put({ key: 'memories', value });
}

/** How the grid lays photos out: square tiles, or justified rows that keep each photo's shape. */
export type GridLayout = 'squares' | 'justified';

export async function gridLayout(db: ShoeboxDb): Promise<GridLayout> {
  const row = await db.settings.get('gridLayout');
  return row?.key === 'gridLayout' && row.value === 'justified' ? 'justified' : 'squares';
}

export async function setGridLayout(db: ShoeboxDb, value: GridLayout): Promise<void> {
  await db.settings.put({ key: 'gridLayout', value });
}
