import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { BlobReader, BlobWriter, TextReader, ZipReader, ZipWriter } from '../../src/catalog/backup/zip';

/** The text entries of a backup ZIP (manifest and NDJSON, tile lists included), by name; tiles are left out. */
export async function backupText(path: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const zip = new ZipReader(new BlobReader(new Blob([readFileSync(path)])));
  for (const entry of await zip.getEntries()) {
    if (!entry.directory && !entry.filename.startsWith('thumbs/') && !entry.filename.endsWith('.bin')) out.set(entry.filename, await (await entry.getData(new BlobWriter())).text());
  }
  return out;
}

/** A copy of a backup with one entry's text changed (to make a damaged backup). */
export async function rewriteBackup(from: string, to: string, name: string, change: (text: string) => string): Promise<void> {
  const reader = new ZipReader(new BlobReader(new Blob([readFileSync(from)])));
  const writer = new ZipWriter(new BlobWriter('application/zip'));
  for (const entry of await reader.getEntries()) {
    if (entry.directory) continue;
    const blob = await entry.getData(new BlobWriter());
    await writer.add(entry.filename, entry.filename === name ? new TextReader(change(await blob.text())) : new BlobReader(blob));
  }
  writeFileSync(to, Buffer.from(await (await writer.close()).arrayBuffer()));
}

/** Make the page's save picker return a file in its private storage (OPFS), as the folder picker does. */
export async function saveToPrivateStorage(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { showSaveFilePicker(options?: { suggestedName?: string }): Promise<FileSystemFileHandle> };
    w.showSaveFilePicker = async (options) => (await navigator.storage.getDirectory()).getFileHandle(options?.suggestedName ?? 'backup.zip', { create: true });
  });
}

/** A file the page saved to its private storage, copied to `path`. */
export async function readPrivateFile(page: Page, name: RegExp, path: string): Promise<string> {
  const found = await page.evaluate(async (pattern) => {
    const dir = await navigator.storage.getDirectory();
    for await (const [file, handle] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemFileHandle]> }).entries()) {
      if (!new RegExp(pattern).test(file)) continue;
      const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return { file, data: btoa(binary) };
    }
    return undefined;
  }, name.source);
  if (!found) throw new Error(`no file matching ${name} in the page's private storage`);
  writeFileSync(path, Buffer.from(found.data, 'base64'));
  return found.file;
}
