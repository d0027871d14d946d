import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { gridHeic } from '../fixtures/heif-edit.mjs';
import type { BenchGlobals } from './photos';

/** heif-enc (libheif-examples), vips and exiftool make the bench's HEICs; without them the figure is left out. */
export const canMakeHeic = ['heif-enc', 'vips', 'exiftool'].every((tool) => spawnSync('which', [tool]).status === 0);

/**
 * `count` HEICs shaped like an iPhone's 12 MP photo: 4032×3024 stored as a grid of 512 px HEVC
 * tiles with an EXIF date, made from the face-api sample photographs (scaled up, as the bench's
 * JPEGs are).
 */
export function makeBenchHeics(count: number): Buffer[] {
  const dir = mkdtempSync(join(tmpdir(), 'shoebox-bench-heic-'));
  try {
    return Array.from({ length: count }, (_, i) => {
      const out = join(dir, `photo-${i}.heic`);
      gridHeic({
        source: `node_modules/@vladmandic/face-api/demo/sample${1 + (i % 6)}.jpg`, out, width: 4032, height: 3024, tile: 512, dir, quality: 50,
        tag: (jpeg: string) => execFileSync('exiftool', ['-q', '-overwrite_original', '-all=', `-DateTimeOriginal=2024:06:0${1 + (i % 9)} 12:00:00`, jpeg]),
      });
      return readFileSync(out);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Each HEIC indexed `rounds` times by the built imaging worker (`startImagingWorker`), as the app
 * calls it (`indexFile`): sniff, hash, EXIF, decode, 1600 px preview, 512 px tile. The first call
 * also loads libheif (its module and wasm); the later ones are what every further HEIC costs.
 */
export async function heicIndexingMs(page: Page, files: Buffer[], rounds: number): Promise<{ first: number; warm: number[] }> {
  return page.evaluate(async ({ files, rounds }) => {
    const call = (globalThis as unknown as BenchGlobals).benchCall;
    const times: number[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const [i, b64] of files.entries()) {
        const source = new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], `photo-${i}.heic`);
        const t0 = performance.now();
        const reply = await call('indexFile', { fileId: i + 1, source });
        times.push(performance.now() - t0);
        if (reply.type !== 'RAW' || (reply.value as { kind?: string }).kind !== 'photo') throw new Error(`indexFile failed on a HEIC: ${JSON.stringify(reply.value)}`);
      }
    }
    return { first: times[0] as number, warm: times.slice(1) };
  }, { files: files.map((f) => f.toString('base64')), rounds });
}
