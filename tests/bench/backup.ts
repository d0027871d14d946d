import { expect, type Page } from '@playwright/test';
import { writeSyntheticCatalogue } from '../e2e/synthetic';
import { watchLongTasks, type HeapSampler } from './heap';

/**
 * The backup figures: export a catalogue of `count` photos with a tile each to a file the save
 * picker returns (in the profile's private storage), then empty the catalogue and import that file
 * back through Settings, sampling the heap of the page and its workers every 0.5 s throughout.
 */
export interface BackupFigures {
  export_s: number;
  import_s: number;
  peak_mb: number;
  /** The heap with the library loaded and Settings open, before the export: what the app holds anyway. */
  idle_mb: number;
  file_mb: number;
  tile_kb: number;
  export_longest_task_ms: number;
}

export async function backupFigures(page: Page, heap: HeapSampler, count: number): Promise<BackupFigures> {
  await watchLongTasks(page);
  // A step that does not finish says which (a long wait is a bug, not a slow machine): about 20 ms a photo at most.
  const timeout = Math.max(120_000, count * 20);
  const step = (what: string) => console.error(`backup bench: ${what} (${new Date().toISOString()})`);
  page.on('console', (m) => m.type() === 'error' && console.error(`page: ${m.text()}`));
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Try the demo' })).toBeVisible();
  await writeSyntheticCatalogue(page, count);
  const tileBytes = await writeTiles(page);
  await page.reload();
  await expect(page.getByRole('status', { name: 'Photo count' })).toHaveText(new RegExp(`^${count.toLocaleString('en')} photos`));

  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('button', { name: 'Export catalogue' })).toBeVisible();
  let idle = 0;
  for (let i = 0; i < 4; i++) {
    idle = Math.max(idle, await heap.sample());
    await page.waitForTimeout(250);
  }
  const stop = heap.sampleEvery();
  try {
    await page.evaluate(() => {
      const w = window as unknown as { showSaveFilePicker(o?: { suggestedName?: string }): Promise<FileSystemFileHandle>; longTasks: number[] };
      w.showSaveFilePicker = async (o) => (await navigator.storage.getDirectory()).getFileHandle(o?.suggestedName ?? 'backup.zip', { create: true });
      w.longTasks = [];
    });
    step('export');
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Export catalogue' }).click();
    const exported = page.getByRole('status').filter({ hasText: 'Exported' });
    // An error shows at once rather than after the timeout.
    await expect(exported.or(page.getByRole('alert'))).toBeVisible({ timeout });
    await expect(exported).toContainText(`Exported ${count} photos`, { timeout: 1000 });
    const exportS = (Date.now() - t0) / 1000;
    const longest = await page.evaluate(() => Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks));
    const fileBytes = await page.evaluate(async () => {
      for await (const [name, h] of ((await navigator.storage.getDirectory()) as unknown as { entries(): AsyncIterable<[string, FileSystemFileHandle]> }).entries()) {
        if (name.startsWith('shoebox-backup-')) return (await h.getFile()).size;
      }
      return 0;
    });

    // Another browser: the catalogue is deleted (the app's connection closes on the version change), the file stays.
    step('delete the catalogue');
    await page.evaluate(() => new Promise((resolve, reject) => {
      const req = indexedDB.deleteDatabase('shoebox');
      req.onsuccess = resolve;
      req.onerror = () => reject(req.error);
      req.onblocked = () => setTimeout(() => reject(new Error('deleting the catalogue stays blocked by an open connection')), 30_000);
    }));
    // A fresh start of the app (only the fragment changes, so goto alone would keep this document).
    await page.reload();
    await expect(page.getByRole('button', { name: 'Export catalogue' })).toBeVisible();
    step('import');
    const t1 = Date.now();
    // The file input gets the saved file itself (disk-backed), as a person picking it would.
    await page.evaluate(async () => {
      const dir = await navigator.storage.getDirectory();
      for await (const [name, h] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemFileHandle]> }).entries()) {
        if (!name.startsWith('shoebox-backup-')) continue;
        const input = [...document.querySelectorAll('input[type=file]')].find((i) => i.closest('label')?.textContent?.includes('Import catalogue')) as HTMLInputElement;
        const files = new DataTransfer();
        files.items.add(await h.getFile());
        input.files = files.files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
      }
    });
    const imported = page.getByRole('status').filter({ hasText: 'Imported' });
    // An error shows at once rather than after the timeout.
    await expect(imported.or(page.getByRole('alert'))).toBeVisible({ timeout });
    await expect(imported).toContainText(`Imported ${count} photos (${count} new)`, { timeout: 1000 });
    const importS = (Date.now() - t1) / 1000;
    await stop();
    await page.goto('/');
    await expect(page.getByRole('status', { name: 'Photo count' })).toHaveText(new RegExp(`^${count.toLocaleString('en')} photos`));
    return { export_s: exportS, import_s: importS, peak_mb: heap.peakBytes / 2 ** 20, idle_mb: idle / 2 ** 20, file_mb: fileBytes / 2 ** 20, tile_kb: tileBytes / 1024, export_longest_task_ms: longest };
  } finally {
    await stop();
  }
}

/** One WebP tile (512×384, made by the browser's encoder) stored for every photo. Returns its size. */
async function writeTiles(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const canvas = new OffscreenCanvas(512, 384);
    const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
    const gradient = ctx.createLinearGradient(0, 0, 512, 384);
    gradient.addColorStop(0, '#4a7db3');
    gradient.addColorStop(1, '#e8c16a');
    ctx.fillStyle = gradient;
    ctx.fillRect(0, 0, 512, 384);
    for (let i = 0; i < 400; i++) {
      ctx.fillStyle = `hsl(${(i * 37) % 360} 60% 50%)`;
      ctx.fillRect((i * 97) % 512, (i * 61) % 384, 12, 9);
    }
    const blob = await canvas.convertToBlob({ type: 'image/webp', quality: 0.8 });
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('shoebox');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const ids = await new Promise<string[]>((resolve) => {
      const req = db.transaction('photos').objectStore('photos').getAllKeys();
      req.onsuccess = () => resolve(req.result as string[]);
    });
    for (let i = 0; i < ids.length; i += 5000) {
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('thumbs', 'readwrite');
        for (const id of ids.slice(i, i + 5000)) tx.objectStore('thumbs').put({ id, blob, width: 512, height: 384 });
        tx.oncomplete = () => resolve();
        // Over the quota a transaction aborts without a failed request: fail, do not wait for ever.
        tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('the transaction aborted'));
      });
    }
    db.close();
    return blob.size;
  });
}
