import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { THRESHOLD, groupNear } from '../../src/catalog/near-duplicates';
import type { BenchGlobals } from './photos';

/** tests/fixtures/make-duplicates.mjs: four sets `<set>-*`, the original and six copies; pan and zoom are distinct photos of the subject. */
const DIR = 'tests/fixtures/duplicates';
const setOf = (name: string) => name.split('-')[0];
const isCopy = (name: string) => !/-(pan|zoom)\.jpg$/.test(name);

/**
 * Every variant indexed by the built imaging worker (`startImagingWorker`) as the app calls it, its
 * tile hashed there; the hashes grouped as the Duplicates view groups them (near-duplicates.ts).
 * Over pairs of photos: precision, the grouped pairs that are an original and its copy (or two
 * copies of one original); recall, those pairs that were grouped.
 */
export async function duplicateFigures(page: Page): Promise<Record<string, number | string>> {
  const names = readdirSync(DIR).sort();
  const hashes = await page.evaluate(async (files) => {
    const call = (globalThis as unknown as BenchGlobals).benchCall;
    const out: string[] = [];
    for (const [i, f] of files.entries()) {
      const source = new File([Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0))], f.name);
      const reply = await call('indexFile', { fileId: i + 1, source });
      const value = reply.value as { kind?: string; phash?: string };
      if (reply.type !== 'RAW' || value.kind !== 'photo' || !value.phash) throw new Error(`${f.name}: no hash (${JSON.stringify(value)})`);
      out.push(value.phash);
    }
    return out;
  }, names.map((name) => ({ name, data: readFileSync(join(DIR, name)).toString('base64') })));
  const groups = groupNear(names.map((id, i) => ({ id, hash: hashes[i] as string })));
  const groupOf = new Map(groups.flatMap((g, k) => g.map((id) => [id, k] as const)));
  let pairs = 0;
  let grouped = 0;
  let right = 0;
  for (const [i, a] of names.entries()) {
    for (const b of names.slice(i + 1)) {
      const same = setOf(a) === setOf(b) && isCopy(a) && isCopy(b);
      const together = groupOf.has(a) && groupOf.get(a) === groupOf.get(b);
      pairs += Number(same);
      grouped += Number(together);
      right += Number(same && together);
    }
  }
  return {
    precision: grouped ? right / grouped : 0,
    recall: right / pairs,
    photos: names.length,
    pairs,
    threshold: THRESHOLD,
    what: 'tests/fixtures/duplicates: 4 real photos, each with 6 copies (50 %, q60, 5 % crop, +10 % brightness, stripped, HEIC) and 2 distinct photos of its subject; hashed from the tile in the imaging worker, grouped as the Duplicates view does; over pairs',
  };
}
