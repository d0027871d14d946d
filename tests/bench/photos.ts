import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { makeJpeg } from '../fixtures/photos.mjs';

/** Real photographs from npm (@vladmandic/face-api's samples, MIT): the bench's source pictures. */
export const SOURCES = [1, 2, 3, 4, 5, 6].map((n) => readFileSync(`node_modules/@vladmandic/face-api/demo/sample${n}.jpg`));
/**
 * Real photographs without people (see tests/fixtures/unseen-photos.json: paris-dusk.jpg, a 24 MP
 * camera original, and mountain.jpg): the rest of a realistic library, where no face work is due.
 */
export const SOURCES_WITHOUT_PEOPLE = ['node_modules/exif/test/sony-alpha-6000.jpg', 'node_modules/exif-js/example/DSCN0614_small.jpg'].map((f) => readFileSync(f));

/** An APP1 EXIF segment (Make, Model, DateTimeOriginal/Digitized), and where its dates sit. */
function exifSegment(model: string, orientation: number): { bytes: Buffer; dates: number[] } {
  const date = '2020:01:01 00:00:00';
  const tiny = makeJpeg({ width: 8, height: 8, orientation, exif: { taken: date, make: 'Shoebox', model } });
  const at = tiny.indexOf(Buffer.from([0xff, 0xe1]));
  const bytes = tiny.subarray(at, at + 2 + tiny.readUInt16BE(at + 2));
  const dates: number[] = [];
  for (let i = bytes.indexOf(date); i >= 0; i = bytes.indexOf(date, i + 1)) dates.push(i);
  return { bytes, dates };
}

/**
 * Write `count` photos of `width`×`height` into the OPFS folder `folder`, made in the page from the
 * real photographs: each is scaled up, numbered (distinct bytes) and given its own EXIF date, so
 * every file is a separate photo. `grain` adds film grain: fine detail for the SSIM figures.
 * `withPeople` is the share of photos made from the face-api samples (3–5 faces each; the default,
 * 1, is the worst case); the others come from `SOURCES_WITHOUT_PEOPLE`, spread evenly.
 * `orientation` (EXIF, 1 by default) is written into each photo's metadata: 6 is how a phone
 * stores a portrait (the pixels stay as drawn, `width`×`height`, shown turned).
 */
export async function writePhotos(page: Page, folder: string, options: { count: number; width: number; height: number; grain?: boolean; first?: number; withPeople?: number; orientation?: number }): Promise<void> {
  const exif = exifSegment(`Bench ${Math.round((options.width * options.height) / 1e6)} MP`, options.orientation ?? 1);
  await page.evaluate(
    async ({ folder, count, width, height, grain, first, sources, others, withPeople, exif, dates }) => {
      const bytes = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder, { create: true });
      const pictures = await Promise.all(sources.map((s) => createImageBitmap(new Blob([bytes(s)]))));
      const without = await Promise.all(others.map((s) => createImageBitmap(new Blob([bytes(s)]))));
      // Photo i shows people when the running share of photos with people falls behind `withPeople`.
      const hasPeople = (i: number) => Math.floor((i + 1) * withPeople) > Math.floor(i * withPeople);
      const template = bytes(exif);
      const canvas = new OffscreenCanvas(width, height);
      const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
      for (let i = first; i < first + count; i++) {
        const picture = hasPeople(i) || !without.length ? pictures[i % pictures.length] : without[i % without.length];
        ctx.drawImage(picture as ImageBitmap, 0, 0, width, height);
        if (grain) {
          const image = ctx.getImageData(0, 0, width, height);
          let seed = i + 1;
          for (let p = 0; p < image.data.length; p += 4) {
            seed = (seed * 1103515245 + 12345) & 0x7fffffff;
            const n = ((seed >> 8) % 41) - 20;
            image.data[p] = (image.data[p] as number) + n;
            image.data[p + 1] = (image.data[p + 1] as number) + n;
            image.data[p + 2] = (image.data[p + 2] as number) + n;
          }
          ctx.putImageData(image, 0, 0);
        }
        ctx.fillStyle = '#fff';
        ctx.font = `${Math.round(height / 25)}px sans-serif`;
        ctx.fillText(`#${i}`, width / 40, height / 15);
        const jpeg = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 })).arrayBuffer());
        const app1 = template.slice();
        const date = `2020:${String(1 + (Math.floor(i / 28) % 12)).padStart(2, '0')}:${String(1 + (i % 28)).padStart(2, '0')} 12:${String(i % 60).padStart(2, '0')}:00`;
        for (const at of dates) for (let k = 0; k < date.length; k++) app1[at + k] = date.charCodeAt(k);
        const handle = await dir.getFileHandle(`photo-${String(i).padStart(5, '0')}.jpg`, { create: true });
        const w = await handle.createWritable();
        await w.write(new Blob([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]));
        await w.close();
      }
      [...pictures, ...without].forEach((p) => p.close());
    },
    {
      folder, count: options.count, width: options.width, height: options.height, grain: options.grain ?? false, first: options.first ?? 0,
      sources: SOURCES.map((s) => s.toString('base64')),
      others: (options.withPeople ?? 1) < 1 ? SOURCES_WITHOUT_PEOPLE.map((s) => s.toString('base64')) : [],
      withPeople: options.withPeople ?? 1, exif: exif.bytes.toString('base64'), dates: exif.dates,
    },
  );
}

/** Make `showDirectoryPicker` return the OPFS folder `folder`, as a person granting it would. */
export async function grantOnPick(page: Page, folder: string, dwellMs = 0): Promise<void> {
  await page.evaluate(async ({ folder, dwellMs }) => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder);
    const w = window as unknown as { showDirectoryPicker: () => Promise<FileSystemDirectoryHandle>; grantedAt?: number };
    // `dwellMs`: the person's time in the picker; `grantedAt`: when the folder was granted.
    w.showDirectoryPicker = async () => {
      await new Promise((r) => setTimeout(r, dwellMs));
      w.grantedAt = performance.now();
      return dir;
    };
  }, { folder, dwellMs });
}

/**
 * Start a built worker in the page and give it `global(name, ...args)`: a call in Comlink's wire
 * format, as the app makes it, answering the reply (`type: 'RAW'` on success). `first` is called
 * once and awaited (the worker is ready when it answers).
 */
async function startWorker(page: Page, url: string, global: 'benchCall' | 'benchVision', first: [string, ...unknown[]]): Promise<void> {
  await page.evaluate(async ({ url, global, first }) => {
    const w = new Worker(url, { type: 'module' });
    let next = 0;
    const call = (name: string, ...args: unknown[]) =>
      new Promise<{ value: unknown; type: string }>((resolve) => {
        const id = `bench-${next++}`;
        const listen = (e: MessageEvent) => {
          if (e.data?.id !== id) return;
          w.removeEventListener('message', listen);
          resolve(e.data);
        };
        w.addEventListener('message', listen);
        w.postMessage({ id, type: 'APPLY', path: [name], argumentList: args.map((value) => ({ type: 'RAW', value })) });
      });
    Object.assign(globalThis, { [global]: call, [`${global}Worker`]: w });
    const [name, ...args] = first;
    await call(name as string, ...args);
  }, { url, global, first });
}

/** The built imaging worker as `benchCall` (see `startWorker`). */
export async function startImagingWorker(page: Page, url: string): Promise<void> {
  await startWorker(page, url, 'benchCall', ['ping']);
}

/** The built vision worker as `benchVision`, its models loaded on the `backend` pinned as Settings pins it. */
export async function startVisionWorker(page: Page, url: string, backend: string): Promise<void> {
  await startWorker(page, url, 'benchVision', ['init', backend]);
}

/** What `startImagingWorker` leaves in the page. */
export interface BenchGlobals {
  benchCall(name: string, ...args: unknown[]): Promise<{ value: unknown; type: string }>;
  benchCallWorker: Worker;
  benchVision(name: string, ...args: unknown[]): Promise<{ value: unknown; type: string }>;
}
