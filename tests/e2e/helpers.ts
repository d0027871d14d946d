import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';
import type { FixtureFile } from './fixture-library';

/**
 * Put `files` into an OPFS folder and make `showDirectoryPicker` return it: the same
 * FileSystemDirectoryHandle type a person's granted folder has, with permission `granted`.
 * The folders are made first, then the files written side by side (each write is a few round
 * trips to the browser process: one after another, 30–100 ms a file while the other browser
 * indexed), decoded by the browser's own base64 (a JavaScript byte loop took about 100 ms a MB).
 */
export async function installFolder(page: Page, files: readonly FixtureFile[], name = 'Photos'): Promise<void> {
  // A path given twice: the last one's bytes, as when written one after another.
  const last = new Map(files.map((f) => [f.path, f]));
  await page.evaluate(
    async ({ files, name }) => {
      const root = await navigator.storage.getDirectory();
      const folders = new Map<string, FileSystemDirectoryHandle>([['', await root.getDirectoryHandle(name, { create: true })]]);
      const folderOf = async (path: string): Promise<FileSystemDirectoryHandle> => {
        const made = folders.get(path);
        if (made) return made;
        const cut = path.lastIndexOf('/');
        const folder = await (await folderOf(cut < 0 ? '' : path.slice(0, cut))).getDirectoryHandle(path.slice(cut + 1), { create: true });
        folders.set(path, folder);
        return folder;
      };
      const parentOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf('/')));
      for (const f of files) await folderOf(parentOf(f.path));
      const bytes = Uint8Array as unknown as { fromBase64: (text: string) => Uint8Array<ArrayBuffer> };
      await Promise.all(files.map(async (f) => {
        const handle = await (await folderOf(parentOf(f.path))).getFileHandle(f.path.slice(f.path.lastIndexOf('/') + 1), { create: true });
        const w = await handle.createWritable();
        await w.write(bytes.fromBase64(f.data));
        await w.close();
      }));
      const dir = await folderOf('');
      (window as unknown as { showDirectoryPicker: () => Promise<FileSystemDirectoryHandle> }).showDirectoryPicker = async () => dir;
    },
    { files: [...last.values()].map((f) => ({ path: f.path, data: f.data.toString('base64') })), name },
  );
}

/**
 * Open the app, grant it `files` as the folder (installFolder), wait for the import and for the
 * photo count to say `count`: how most tests begin.
 */
export async function importFolder(page: Page, files: readonly FixtureFile[], count: number): Promise<void> {
  await page.goto('/');
  await installFolder(page, files);
  await page.getByRole('button', { name: 'Add folder', exact: true }).click();
  await waitForImportDone(page);
  await expect(photoCount(page)).toHaveText(new RegExp(`^${count} photos`));
}

/** Make `showDirectoryPicker` return the existing OPFS folder (after a reload). */
export async function pickerReturnsFolder(page: Page, name = 'Photos'): Promise<void> {
  await page.evaluate(async (name) => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(name);
    (window as unknown as { showDirectoryPicker: () => Promise<FileSystemDirectoryHandle> }).showDirectoryPicker = async () => dir;
  }, name);
}

export async function removeFromFolder(page: Page, path: string, name = 'Photos'): Promise<void> {
  await page.evaluate(async ({ path, name }) => {
    let d = await (await navigator.storage.getDirectory()).getDirectoryHandle(name);
    const parts = path.split('/');
    for (const p of parts.slice(0, -1)) d = await d.getDirectoryHandle(p);
    await d.removeEntry(parts[parts.length - 1] as string);
  }, { path, name });
}

/**
 * A wait, not an assertion: while an `expect` is not yet met, Playwright renders the page's whole
 * accessibility tree at every retry (for its failure message), which took about 1 s of the page's
 * main thread during a 17 s import, beside the app's own work.
 */
export async function waitForImportDone(page: Page, timeout = 120_000): Promise<void> {
  await page.getByRole('status').filter({ hasText: /All done/ }).waitFor({ state: 'visible', timeout });
}

export const photoCount = (page: Page) => page.getByRole('status', { name: 'Photo count' });

/** The names of the tiles on screen, once every visible tile has its photo (none still loading). */
export async function tileNames(page: Page, list = 'Photos', timeout?: number): Promise<string[]> {
  await expect(page.getByRole('list', { name: list }).getByRole('img', { name: 'Loading photo' })).toHaveCount(0, { timeout });
  // A tile whose thumbnail is still loading is a placeholder named by aria-label.
  return page.getByRole('list', { name: list }).getByRole('img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('alt') ?? i.getAttribute('aria-label') ?? ''));
}

/**
 * Type a query; the names of the photos found (sorted), once all of them are on screen.
 *
 * The count and the tiles are read together, again until they agree: the page asks the answer
 * again when the catalogue changes (half a second after a change), so a count read from one
 * answer and tiles waited for from the next would wait for tiles that never come.
 */
/**
 * The tile named `name` in a grid, scrolled to as a person would (the wheel over the grid) when
 * it is not drawn yet: the grid draws only the rows near the screen, and how many fit depends on
 * what stands above it (the import's progress, the memories strip).
 */
export async function revealTile(page: Page, name: string, list = 'Photos'): Promise<Locator> {
  const grid = page.getByRole('list', { name: list });
  const tile = grid.getByRole('img', { name });
  for (let step = 0; step < 20 && !(await tile.count()); step++) {
    // Over the scrolling box (the list's parent), which stays where it is while the list moves.
    const box = await grid.locator('xpath=..').boundingBox();
    if (box) await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 100));
    await page.mouse.wheel(0, 400);
    await page.waitForTimeout(100);
  }
  return tile;
}

export async function searchFor(page: Page, query: string): Promise<string[]> {
  await page.getByRole('combobox', { name: 'Search' }).fill(query);
  const status = page.getByRole('status', { name: 'Search results' });
  await expect(status).toContainText(`“${query}”`);
  let names: string[] = [];
  await expect(async () => {
    const said = (await status.textContent()) ?? '';
    expect(said, 'the answer to this query').toContain(`“${query}”`);
    const count = Number(/([\d,]+) photos? show/.exec(said)?.[1]?.replace(/,/g, ''));
    names = await tileNames(page, 'Results', 1_000);
    expect(names, `the tiles of “${said}”`).toHaveLength(count);
    expect(await status.textContent(), 'the same answer once its tiles were read').toBe(said);
  }).toPass({ intervals: [100, 250, 500], timeout: 30_000 });
  return names.sort();
}

export interface QuadrantSample {
  width: number;
  height: number;
  /** RGB at the centre of each quadrant of the image's natural pixels. */
  tl: number[];
  tr: number[];
  bl: number[];
  br: number[];
}

/** Read an <img>'s own pixels (not the screen): its natural size and the RGB at each point (fractions of its size). */
export async function pixelsAt(img: Locator, points: readonly [x: number, y: number][]): Promise<{ width: number; height: number; rgb: number[][] }> {
  return img.evaluate(async (el: HTMLImageElement, at) => {
    await el.decode();
    const c = document.createElement('canvas');
    c.width = el.naturalWidth;
    c.height = el.naturalHeight;
    const ctx = c.getContext('2d') as CanvasRenderingContext2D;
    ctx.drawImage(el, 0, 0);
    const rgb = at.map(([x, y]) => Array.from(ctx.getImageData(Math.floor(x * c.width), Math.floor(y * c.height), 1, 1).data.slice(0, 3)));
    return { width: c.width, height: c.height, rgb };
  }, points);
}

/** An <img>'s natural size and each quadrant's centre colour. */
export async function sampleQuadrants(img: Locator): Promise<QuadrantSample> {
  const { width, height, rgb: [tl, tr, bl, br] } = await pixelsAt(img, [[0.25, 0.25], [0.75, 0.25], [0.25, 0.75], [0.75, 0.75]]);
  return { width, height, tl: tl!, tr: tr!, bl: bl!, br: br! };
}

/** Whether each quadrant shows the colour the upright fixture picture has there. */
export function quadrantsMatch(sample: QuadrantSample, want: Record<'topLeft' | 'topRight' | 'bottomLeft' | 'bottomRight', number[]>, tolerance = 40) {
  const near = (got: number[], expected: number[]) => got.every((v, i) => Math.abs(v - (expected[i] as number)) < tolerance);
  return { tl: near(sample.tl, want.topLeft), tr: near(sample.tr, want.topRight), bl: near(sample.bl, want.bottomLeft), br: near(sample.br, want.bottomRight) };
}

/** Wait until the service worker is installed and controls `page` (it claims clients at once). */
export async function serviceWorkerControls(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
}

/** A real photograph that ships with @vladmandic/face-api (MIT): groups of people, glasses, a cup. */
export function faceApiSample(n: number, folder: string): { path: string; data: Buffer } {
  return { path: `${folder}/sample${n}.jpg`, data: readFileSync(`node_modules/@vladmandic/face-api/demo/sample${n}.jpg`) };
}

/** The labels the viewer lists for the photo named `name`, sorted (the viewer is closed again). */
export async function labelsOf(page: Page, name: string): Promise<string[]> {
  await page.getByRole('button', { name }).first().click();
  const labels = page.getByRole('dialog').getByRole('region', { name: 'Labels' }).getByRole('link');
  await expect(labels.first()).toBeVisible();
  const names = (await labels.allTextContents()).sort();
  await page.keyboard.press('Escape');
  return names;
}

/** The share of the machine's CPU time (all cores, /proc/stat) that was busy over the next `ms`; 0 where there is no /proc. */
async function busyShare(ms: number): Promise<number> {
  const read = () => {
    const f = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    return { idle: (f[3] ?? 0) + (f[4] ?? 0), total: f.reduce((a, b) => a + b, 0) };
  };
  try {
    const a = read();
    await new Promise((resolve) => setTimeout(resolve, ms));
    const b = read();
    return 1 - (b.idle - a.idle) / Math.max(1, b.total - a.total);
  } catch {
    return 0;
  }
}

/**
 * Wait (30 s at most) until the machine's cores are mostly idle: before a test times the page's
 * long tasks, work that is not the test's (the app's workers after a load keep these two cores
 * 60–75 % busy for 7–10 s; the browser's storage after a large write) is let finish, since a page
 * task that loses its core to it lasts longer.
 */
export async function machineIdle(): Promise<void> {
  for (const until = Date.now() + 30_000; Date.now() < until;) if ((await busyShare(1000)) < 0.25) return;
}

/**
 * Wait until the page has had `quiet` ms without a long task (the page must record them from its
 * start: `recordLongTasks`), and the machine is mostly idle: the load's own work and the
 * collection of what it left are over, as they would be before a person's first click, and so is
 * the background work that follows a load (`machineIdle`).
 */
export async function settled(page: Page, quiet = 2000): Promise<void> {
  await expect.poll(async () => page.evaluate(() => {
    const long = (window as unknown as { longTasks: [number, number][] }).longTasks;
    return performance.now() - long.reduce((end, [at, ms]) => Math.max(end, at + ms), 0);
  }), { timeout: 30_000, intervals: [500] }).toBeGreaterThan(quiet);
  await machineIdle();
}

/** Record every long task (over 50 ms) of the page from its start in `window.longTasks`: call before it loads. */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { longTasks: [number, number][] };
    w.longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push([e.startTime, e.duration]))).observe({ type: 'longtask', buffered: true });
  });
}

/** The page-side recorder of `recordFrames` (serialised into the page: nothing from outside it). */
const frameRecorder = (probe: (arg: unknown) => unknown, frames: number, arg: unknown) => {
  const seen: unknown[] = [];
  (window as unknown as { recordedFrames: unknown[] }).recordedFrames = seen;
  const look = () => {
    const value = probe(arg);
    if (value !== undefined) seen.push(value);
    if (seen.length < frames) requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
};

/**
 * Record what `probe` says of each frame (frames where it says undefined are skipped) until it has
 * said `frames` things: from the page's next load on (`from: 'load'`, as an init script: the
 * frames a reload shows before anything is read), or from now. `probe` runs in the page and must
 * use nothing from outside itself but `arg` (JSON). Read them with `recordedFrames`.
 */
export async function recordFrames<A>(page: Page, probe: (arg: A) => unknown, frames: number, { from = 'load', arg }: { from?: 'load' | 'now'; arg?: A } = {}): Promise<void> {
  const script = `(${frameRecorder.toString()})(${probe.toString()}, ${frames}, ${JSON.stringify(arg ?? null)});`;
  if (from === 'load') await page.addInitScript({ content: script });
  else await page.evaluate(script);
}

/** What `recordFrames` recorded, once it has all `frames` of it. */
export async function recordedFrames<T>(page: Page, frames: number): Promise<T[]> {
  await expect.poll(() => page.evaluate(() => (window as unknown as { recordedFrames?: unknown[] }).recordedFrames?.length ?? 0)).toBe(frames);
  return page.evaluate(() => (window as unknown as { recordedFrames: T[] }).recordedFrames);
}

/**
 * Reload `page` and return, frame by frame from the load's first frames until the checkbox whose
 * label contains `label` has been shown for 30 frames, whether it was shown ticked or clear: a box
 * must never be shown with its default before the stored choice is read (a click then goes the
 * wrong way).
 */
export async function checkboxFramesOnReload(page: Page, label: string): Promise<('ticked' | 'clear')[]> {
  await recordFrames(page, (text: string) => {
    const box = [...document.querySelectorAll('label')].find((l) => l.textContent?.includes(text))?.querySelector('input');
    return box ? (box.checked ? 'ticked' : 'clear') : undefined;
  }, 30, { arg: label });
  await page.reload();
  return recordedFrames(page, 30);
}

/** What `lateSearchesPossible` keeps in the page. */
interface LateSearches {
  searchLateMs: number;
  lastChange: unknown;
  /** Messages sent to the search worker and not yet answered; answers heard late, not yet delivered. */
  searchAsked: number;
  searchLatePending: number;
  searchLastAskedAt: number;
}

/**
 * From the page's next load on, the search worker's answers can be made late and the catalogue's
 * last change event (Dexie's message to other tabs) is kept: `lateSearchesBusyCatalogue`.
 */
export async function lateSearchesPossible(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as LateSearches;
    Object.assign(w, { searchLateMs: 0, searchAsked: 0, searchLatePending: 0, searchLastAskedAt: 0 });
    new BroadcastChannel('x-storagemutated-1').onmessage = (e) => (w.lastChange = e.data);
    const Base = window.Worker;
    window.Worker = class extends Base {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        if (options?.name !== 'search') return;
        const listen = this.addEventListener.bind(this);
        const send = this.postMessage.bind(this) as (message: unknown, transfer?: Transferable[]) => void;
        // Every message to the worker gets one answer (Comlink), heard once here.
        this.postMessage = ((message: unknown, transfer?: Transferable[]) => {
          w.searchAsked++;
          w.searchLastAskedAt = performance.now();
          send(message, transfer);
        }) as Worker['postMessage'];
        listen('message', () => w.searchAsked--);
        const late = (listener: EventListenerOrEventListenerObject) => (e: Event) => {
          const hear = () => (typeof listener === 'function' ? listener(e) : listener.handleEvent(e));
          if (!w.searchLateMs) return hear();
          w.searchLatePending++;
          setTimeout(() => {
            w.searchLatePending--;
            hear();
          }, w.searchLateMs);
        };
        this.addEventListener = ((type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions) =>
          listen(type, type === 'message' ? late(listener) : listener, options)) as Worker['addEventListener'];
      }
    };
  });
}

/**
 * A slow machine and a large library beside another tab's import (after `lateSearchesPossible`
 * and a change of the catalogue): the search worker's answers reach the page `lateMs` late, and
 * the last change is sent again every 0.3 s. Returns the call that ends both and waits until the
 * page has heard every answer, the asks made after the last change included (the page asks again
 * up to 0.5 s after a change): an answer arriving later would draw the view again under the test.
 */
export async function lateSearchesBusyCatalogue(page: Page, lateMs: number): Promise<() => Promise<void>> {
  const timer = await page.evaluate((lateMs) => {
    const w = window as unknown as LateSearches;
    if (w.lastChange === undefined) throw new Error('No change of the catalogue was seen to replay');
    w.searchLateMs = lateMs;
    const other = new BroadcastChannel('x-storagemutated-1');
    return setInterval(() => other.postMessage(w.lastChange), 300);
  }, lateMs);
  return async () => {
    await page.evaluate((timer) => {
      clearInterval(timer);
      (window as unknown as LateSearches).searchLateMs = 0;
    }, timer);
    await page.waitForFunction(() => {
      const w = window as unknown as LateSearches;
      return w.searchAsked <= 0 && w.searchLatePending === 0 && performance.now() - w.searchLastAskedAt > 1000;
    });
  };
}
