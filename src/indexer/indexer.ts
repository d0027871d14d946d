import { catalog, type ShoeboxDb } from '../catalog/db';
import { readProgress, writeOutcomes, writeProgress } from '../catalog/photo-repo';
import { pendingJobs, queuedAfter, updateSource } from '../catalog/source-repo';
import type { IndexOutcome, JobRow } from '../catalog/types';
import { describeError } from '../catalog/errors';
import { dropAllPlaceholders, unpeekedJobs, writePlaceholders } from '../catalog/placeholder-repo';
import { keepPreviews } from '../catalog/settings-repo';
import { createImagingPool, type ImagingPool } from './pool';
import { sessionFile } from './session-files';
import { Vision } from './vision';

/** Only one tab indexes at a time; the others watch the shared progress in IndexedDB. */
export const INDEXER_LOCK = 'shoebox-indexer';

type Finished = { jobId: number; outcome: IndexOutcome };
/** Photos shown as stand-ins from their own tiles while the models load (first tiles fast). */
const STAND_INS = 4;
/** Jobs read from the queue at a time; a page's worth to go means a long import (more vision workers). */
const JOB_PAGE = 64;
/** How often a short page looks at the queue behind it while the import may still grow. */
const LOOK_AHEAD_MS = 500;
/**
 * Results are written at most this often (and at 16 photos): every commit re-runs the page's live
 * queries (month counts, progress, problems, missing) and the search worker's update, whatever
 * the batch holds. Every 400 ms (1–2 photos a commit) the page's main thread took 19–22 ms a
 * photo and the browser's IndexedDB pool 11–13; every 1.5 s, 11–13 and 7–8 (README, session 36).
 * The grid shows new photos in steps of 1.5 s.
 */
const FLUSH_MS = 1500;

/** How long after an import's first result is written the rest waits for the page to show it (`firstTile`). */
const FIRST_SCREEN_MS = 500;
/** The longest any part of an import waits on its first tile (`firstTile`): a slow first file. */
export const FIRST_TILE_CAP_MS = 1000;

/**
 * Runs the persisted job queue through the imaging pool and writes results in batches.
 * The pool is kept full (no idle gap between batches): as one file finishes the next starts, and
 * finished files are written together, one transaction per batch.
 */
export class Indexer {
  private pool: ImagingPool | undefined;
  private paused = false;
  private cancelled = false;
  private resumeWaiters: (() => void)[] = [];
  /** Jobs may have been queued after the running drain last looked: drain once more. */
  private rerun = false;
  running: Promise<void> | undefined;
  /** The drain under way has written a result (its first tile). */
  private wrote = false;
  /** The first screen is over (`firstTile`), and who waits for it. */
  private screenDone = false;
  private screenTimer: ReturnType<typeof setTimeout> | undefined;
  private screenWaiters: (() => void)[] = [];

  /** `scanning` tells whether a scan is still queueing files (then the import is not done yet). */
  constructor(
    private readonly db: ShoeboxDb = catalog(),
    private readonly scanning: () => boolean = () => false,
    readonly vision: Vision = new Vision(),
    private readonly makePool: () => ImagingPool = createImagingPool,
  ) {}

  /** Start (or join) indexing: resolves when the queue is empty, paused for good, or another tab holds the lock. */
  start(): Promise<void> {
    // A cancel sticks until a new import re-arms the indexer: a scan batch that lands just after
    // Cancel must not start indexing again.
    if (this.cancelled) return Promise.resolve();
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.wrote = false;
    this.screenDone = false;
    clearTimeout(this.screenTimer);
    const run: Promise<void> = navigator.locks
      .request(INDEXER_LOCK, { ifAvailable: true }, async (lock): Promise<void> => {
        if (!lock) return; // another tab indexes; its progress shows here through IndexedDB
        try {
          await this.drain();
        } catch (e) {
          // Whatever went wrong, the import must not stay "running" with nothing running. The
          // caller hears it too: when even this cannot be stored (a full disk), it is all it has.
          await writeProgress(this.db, { state: 'error', message: describeError(e) }).catch(() => undefined);
          throw e;
        } finally {
          // The import is over (or stopped): extra vision workers go after a while (vision.ts).
          this.vision.narrow();
        }
      })
      .then(() => undefined)
      .finally(() => {
        // Nothing more will be written by this run (or it never ran: another tab holds the lock).
        this.endScreen();
        this.running = undefined;
        if (this.rerun && !this.cancelled) {
          this.rerun = false;
          void this.start();
        }
      });
    this.running = run;
    return run;
  }

  /**
   * Resolves once the import's first tile is on screen: the page says so (`tileShown`) after the
   * first result is written, or FIRST_SCREEN_MS after that write all the same (the grid is not
   * open, or the new photos fall off screen), or when the run ends; after `capMs` at most (a slow
   * first file, another tab indexing). Until then the rest of an import holds back: the walk
   * after its first batch (src/library/scan-api.ts), the stand-ins after the first, and the
   * models' loading. Their reads, writes and CPU on the two cores held the first photo, its
   * write and the grid's reads of it back by 0.2–0.5 s (README, sessions 38 and 39).
   */
  firstTile(capMs: number): Promise<void> {
    if (this.screenDone) return Promise.resolve();
    return new Promise((go) => {
      const cap = setTimeout(go, capMs);
      this.screenWaiters.push(() => {
        clearTimeout(cap);
        go();
      });
    });
  }

  /** The page showed a tile: if the import has written its first, the first screen is over. */
  tileShown(): void {
    if (this.wrote) this.endScreen();
  }

  /** A result was written: the first screen ends when the page shows it, or a moment later. */
  private written(): void {
    if (this.wrote) return;
    this.wrote = true;
    this.screenTimer = setTimeout(() => this.endScreen(), FIRST_SCREEN_MS);
  }

  private endScreen(): void {
    this.screenDone = true;
    for (const go of this.screenWaiters.splice(0)) go();
  }

  /**
   * Start the imaging workers now, so they load their code while the folder is picked and walked
   * (measured: ~0.5 s of a first tile's 1.6 s was the workers starting after the first batch).
   */
  warmUp(): ImagingPool {
    this.pool ??= this.makePool();
    return this.pool;
  }

  /** A new import begins (or the person resumes): indexing may start again after a cancel. */
  rearm(): void {
    this.cancelled = false;
  }

  async pause(): Promise<void> {
    this.paused = true;
    await writeProgress(this.db, { state: 'paused' });
  }

  async resume(): Promise<void> {
    this.paused = false;
    this.cancelled = false;
    await writeProgress(this.db, { state: 'running', message: undefined });
    for (const wake of this.resumeWaiters.splice(0)) wake();
    void this.start();
  }

  async cancel(): Promise<void> {
    this.cancelled = true;
    this.paused = false;
    for (const wake of this.resumeWaiters.splice(0)) wake();
    await this.running;
    // Queued files stay `pending`: the next scan picks them up again.
    await this.db.jobs.clear();
    await dropAllPlaceholders(this.db);
    await writeProgress(this.db, { state: 'cancelled' });
  }

  private request(job: JobRow) {
    const source = job.handle ?? sessionFile(job.sourceId, job.path);
    return source ? { fileId: job.fileId, source, ...(job.sidecar ? { sidecar: job.sidecar } : {}), ...(job.metaOnly ? { metaOnly: true } : {}) } : undefined;
  }

  private async drain(): Promise<void> {
    // Read together (each is a round trip on the first tile's path).
    const [progress, previews] = await Promise.all([readProgress(this.db), keepPreviews(this.db)]);
    // Paused in an earlier visit: stay paused until the person resumes.
    if (progress?.state === 'paused') this.paused = true;
    if (this.paused) return;
    this.rerun = false;
    await writeProgress(this.db, { state: 'running' });
    const pool = this.warmUp();
    const inFlight = new Set<Promise<void>>();
    const finished: Finished[] = [];
    let lastFlush = 0;
    let stopError: string | undefined;

    // A result that no later one flushes (the next file is slow, or the last of a page) is written
    // FLUSH_MS after the last commit all the same. Batches are written one after another, and a
    // flush resolves once every batch before it is written (the end of an import waits for all).
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    let writes = Promise.resolve();
    const flush = (): Promise<void> => {
      clearTimeout(flushTimer);
      flushTimer = undefined;
      if (!finished.length) return writes;
      const batch = finished.splice(0);
      lastFlush = performance.now();
      writes = writes.then(async () => {
        try {
          await writeOutcomes(this.db, batch, { keepPreviews: previews });
          this.written();
        } catch (e) {
          stopError = describeError(e);
        }
      });
      return writes;
    };

    let afterId = 0;
    let permissionLost = false;
    let standIns = 0;
    // Embedded thumbnails are looked for alongside indexing, not before it: a folder whose files
    // have none must not wait for every file to be peeked before its first tile.
    let peeking: Promise<void> | undefined;
    const peek = () => {
      peeking ??= this.peekWaiting(pool)
        .catch((e: unknown) => void (stopError = describeError(e)))
        .finally(() => (peeking = undefined));
    };
    // A page's worth of files to go: worth every vision worker the cores allow (vision.ts). A
    // folder's walk hands over its first files before it has queued the rest, so a short page
    // looks at the queue behind it again, at most every LOOK_AHEAD_MS, until that is a page's
    // worth or the scan is over: the other vision workers load their models while the first
    // page goes through, not after it (session 37, README). The look runs beside the files it
    // is between, never ahead of them (the first file is the first tile).
    let queueSettled = false;
    let lookedAt = Number.NEGATIVE_INFINITY;
    const lookAhead = (left: number, after: number) => {
      if (queueSettled || performance.now() - lookedAt < LOOK_AHEAD_MS) return;
      lookedAt = performance.now();
      const scanning = this.scanning();
      queuedAfter(this.db, after, JOB_PAGE - left)
        .then((queued) => {
          if (left + queued >= JOB_PAGE) {
            this.vision.widen();
            queueSettled = true;
          } else if (!scanning) queueSettled = true;
        })
        // Only a hint: a failed look (the catalogue closing) leaves widening to the next full page.
        .catch(() => undefined);
    };
    for (;;) {
      peek();
      const jobs = await pendingJobs(this.db, afterId, JOB_PAGE);
      if (!jobs.length) break;
      if (jobs.length === JOB_PAGE) this.vision.widen();
      afterId = jobs[jobs.length - 1]?.id ?? afterId;
      for (const [i, job] of jobs.entries()) {
        if (this.cancelled || stopError || permissionLost) break;
        if (jobs.length < JOB_PAGE) lookAhead(jobs.length - i, afterId);
        if (this.paused) {
          await Promise.all(inFlight);
          await flush();
          // Resumed (or cancelled) while the files in hand came back: nothing to wait for.
          if (this.paused) await new Promise<void>((wake) => this.resumeWaiters.push(wake));
          if (this.cancelled) break;
        }
        const request = this.request(job);
        if (!request) continue; // its source must be picked again (fallback input after a reload)
        while (inFlight.size >= pool.size * 2) await Promise.race(inFlight);
        const task = pool.run(request).then(async (outcome) => {
          if (stopError) return;
          if (outcome.kind === 'problem' && outcome.code === 'permission') {
            permissionLost = true;
            await updateSource(this.db, job.sourceId, { scanError: outcome.error });
            return;
          }
          if (outcome.kind === 'photo') {
            // The first photos wait for the models to load (seconds): show their tiles meanwhile.
            // A few are enough for a first screen; more would only take room from real photos.
            if ((this.vision.status.state === 'off' || this.vision.status.state === 'starting') && standIns++ < STAND_INS) {
              // The first stand-in goes at once; the others, and the models' loading (the analysis
              // below), wait for it to reach the screen: each other write is one the grid's reads
              // of the first would queue behind, and the models' start takes both cores.
              const first = standIns === 1;
              if (!first) await this.firstTile(FIRST_TILE_CAP_MS);
              // Best effort: if even this cannot be written (disk full), the batch write says why.
              await writePlaceholders(this.db, [job], [{ fileId: outcome.fileId, name: outcome.name, takenAt: outcome.meta.takenAt, thumb: outcome.tile }])
                .then(() => this.written(), (e: unknown) => console.warn('Shoebox: a stand-in tile could not be stored.', e));
              if (first) await this.firstTile(FIRST_TILE_CAP_MS);
            }
            // A video with no poster (a codec this browser cannot decode) has a stand-in tile: nothing to see in it.
            if (outcome.video?.decodable !== false) outcome.vision = await this.vision.analyse(outcome.tile.blob, outcome.preview.blob);
          }
          finished.push({ jobId: job.id as number, outcome });
          // The first result goes out at once (time to first tile); then batches of 16 or every
          // FLUSH_MS; paused, each as it comes back (what was being read lands, then nothing).
          const since = performance.now() - lastFlush;
          if (lastFlush === 0 || finished.length >= 16 || since > FLUSH_MS || this.paused) await flush();
          else flushTimer ??= setTimeout(() => void flush(), FLUSH_MS - since);
        }).catch((e: unknown) => {
          // A failed write (the source's error, a stand-in…) stops the import with its reason.
          stopError ??= describeError(e);
        });
        inFlight.add(task);
        void task.finally(() => inFlight.delete(task));
      }
      if (this.cancelled || stopError || permissionLost) break;
    }
    await Promise.all(inFlight);
    await peeking;
    await flush();
    if (this.cancelled) return;
    if (stopError) await writeProgress(this.db, { state: 'error', message: stopError });
    else if (permissionLost) await writeProgress(this.db, { state: 'paused', message: 'Permission to read a folder was withdrawn: reconnect it to continue.' });
    else if (!this.paused) await writeProgress(this.db, { state: this.scanning() ? 'scanning' : 'done', message: undefined });
  }

  /**
   * Give every waiting file its embedded thumbnail first (a 256 KB read, no decode), so a large
   * folder's grid fills in seconds while full indexing takes its time.
   */
  private async peekWaiting(pool: ImagingPool): Promise<void> {
    while (!this.cancelled && !this.paused) {
      const jobs = await unpeekedJobs(this.db, 64);
      if (!jobs.length) return;
      const requests = jobs.flatMap((job) => this.request(job) ?? []);
      const found = await Promise.all(requests.map((r) => pool.peek(r)));
      await writePlaceholders(this.db, jobs, found.filter((p) => p !== undefined));
    }
  }
}
