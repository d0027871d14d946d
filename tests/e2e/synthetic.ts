import type { Page } from '@playwright/test';

/**
 * Write a synthetic catalogue of `count` photos straight into the app's IndexedDB (photos and
 * month counts, no thumbnails), one photo an hour back from 2024-01-01: what a long-lived library
 * looks like to the grid and the search. The app must have opened its database once (schema).
 */
export async function writeSyntheticCatalogue(page: Page, count: number): Promise<void> {
  await page.evaluate(async (count) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('shoebox');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const start = Date.UTC(2024, 0, 1);
    const months = new Map<number, number>();
    const cameras = [['Canon', 'EOS 5D'], ['Apple', 'iPhone 13'], ['Fujifilm', 'X-T30'], ['Google', 'Pixel 7']];
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(['photos', 'months'], 'readwrite');
      const photos = tx.objectStore('photos');
      for (let i = 0; i < count; i++) {
        const takenAt = start - i * 3_600_000;
        const d = new Date(takenAt);
        const month = d.getUTCFullYear() * 12 + d.getUTCMonth();
        months.set(month, (months.get(month) ?? 0) + 1);
        const [make, model] = cameras[i % cameras.length] as string[];
        photos.put({
          id: (Math.imul(i + 1, 2654435761) >>> 0).toString(16).padStart(8, '0').repeat(8),
          takenAt, takenAtSource: 'exif', width: 4000, height: 3000, mediaType: 'image/jpeg',
          name: `IMG_${String(i).padStart(6, '0')}.jpg`, damaged: false, addedAt: start, keywords: [], warnings: [], make, model,
          labels: [], categories: [], labelInfo: [], colors: [], monochrome: false, private: false, hidden: 0,
        });
      }
      const store = tx.objectStore('months');
      for (const [month, n] of months) store.put({ month, count: n, visible: n });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, count);
}
