import type { Browser, CDPSession, Page } from '@playwright/test';

/**
 * The JS heap in use by every page and worker, through the browser's DevTools protocol
 * (`Runtime.getHeapUsage` in each target): V8's heap plus the ArrayBuffer backing stores (image
 * buffers, the wasm backend's memory) where Chromium reports them. Workers have no
 * `performance.memory`, and `measureUserAgentSpecificMemory` needs cross-origin isolation,
 * which Shoebox does not enable.
 */
interface Usage {
  usedSize?: number;
  backingStorageSize?: number;
}

export class HeapSampler {
  private sessions = new Map<string, string>();
  private pending = new Map<number, (result: Usage) => void>();
  private next = 1;
  peakBytes = 0;

  private constructor(private readonly cdp: CDPSession) {
    cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
      const reply = JSON.parse(message) as { id?: number; result?: Usage; error?: unknown };
      if (reply.id !== undefined) this.pending.get(reply.id)?.(reply.result ?? {});
      if (reply.id !== undefined) this.pending.delete(reply.id);
    });
    cdp.on('Target.detachedFromTarget', ({ sessionId }) => {
      for (const [target, session] of this.sessions) if (session === sessionId) this.sessions.delete(target);
    });
  }

  static async start(browser: Browser): Promise<HeapSampler> {
    return new HeapSampler(await browser.newBrowserCDPSession());
  }

  private async used(sessionId: string): Promise<number> {
    const id = this.next++;
    const answer = new Promise<Usage>((resolve) => {
      this.pending.set(id, resolve);
      setTimeout(() => resolve({}), 2000);
    });
    await this.cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) });
    const usage = await answer;
    return (usage.usedSize ?? 0) + (usage.backingStorageSize ?? 0);
  }

  /** Heap in use now, summed over pages and workers (bytes); keeps the peak. */
  async sample(): Promise<number> {
    const { targetInfos } = await this.cdp.send('Target.getTargets');
    let total = 0;
    for (const t of targetInfos) {
      if (t.type !== 'page' && t.type !== 'worker') continue;
      try {
        let session = this.sessions.get(t.targetId);
        if (!session) {
          session = (await this.cdp.send('Target.attachToTarget', { targetId: t.targetId, flatten: false })).sessionId;
          this.sessions.set(t.targetId, session);
        }
        total += await this.used(session);
      } catch {
        // the worker ended between listing and asking
      }
    }
    this.peakBytes = Math.max(this.peakBytes, total);
    return total;
  }

  /** Sample every half second until the returned function is called (it resolves after the last sample). */
  sampleEvery(ms = 500): () => Promise<void> {
    let sampling = true;
    const loop = (async () => {
      while (sampling) {
        await this.sample();
        await new Promise((r) => setTimeout(r, ms));
      }
    })();
    return async () => {
      sampling = false;
      await loop;
    };
  }
}

/**
 * Record the page's long tasks (over 50 ms) in `window.longTasks`, from its first script on, and
 * its long animation frames in `window.longFrames` with the scripts that ran in each (what the
 * bench names when a task was long: `longFrames`).
 */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { longTasks: number[]; longFrames: LongFrame[] };
    w.longTasks = [];
    w.longFrames = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
    type Script = { invoker: string; sourceURL: string; sourceFunctionName: string; duration: number; forcedStyleAndLayoutDuration: number };
    new PerformanceObserver((list) =>
      list.getEntries().forEach((e) => {
        const frame = e as PerformanceEntry & { blockingDuration: number; renderStart: number; scripts: Script[] };
        w.longFrames.push({
          duration: frame.duration,
          blocking: frame.blockingDuration,
          render: frame.renderStart ? frame.startTime + frame.duration - frame.renderStart : 0,
          scripts: frame.scripts.map((s) => ({ invoker: s.invoker, source: `${s.sourceURL.replace(/^.*\//, '')} ${s.sourceFunctionName}`.trim(), ms: Math.round(s.duration), layout_ms: Math.round(s.forcedStyleAndLayoutDuration) })),
        });
      }),
    ).observe({ type: 'long-animation-frame', buffered: true });
  });
}

/** One long animation frame of the page: how long it took, how much of it blocked input, its rendering's part, and the scripts that ran in it. */
export interface LongFrame {
  duration: number;
  blocking: number;
  render: number;
  scripts: { invoker: string; source: string; ms: number; layout_ms: number }[];
}

/** The page's long animation frames that blocked it for more than `over` ms since `watchLongTasks` (or the last clear), longest first. */
export async function longFrames(page: Page, over = 0): Promise<LongFrame[]> {
  const frames = await page.evaluate(() => (window as unknown as { longFrames: LongFrame[] }).longFrames);
  return frames.filter((f) => f.blocking > over).sort((a, b) => b.duration - a.duration);
}

/**
 * Times every call the page makes to the search worker's `search` (Comlink messages: the request
 * and the answer carry the same id), so the bench can tell the worker's part (planning, reads,
 * sending the ids back) from the page's (drawing the results). Read `window.searchCalls`.
 */
export async function watchSearchCalls(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { searchCalls: number[] };
    w.searchCalls = [];
    const send = Worker.prototype.postMessage;
    const started = new Map<string, number>();
    const watched = new WeakSet<Worker>();
    Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
      const m = message as { id?: string; type?: string; path?: string[] } | undefined;
      if (m?.type === 'APPLY' && m.path?.[0] === 'search' && m.id) {
        if (!watched.has(this)) this.addEventListener('message', (e: MessageEvent) => {
          const id = (e.data as { id?: string } | undefined)?.id;
          const t0 = id ? started.get(id) : undefined;
          if (t0 === undefined || !id) return;
          started.delete(id);
          w.searchCalls.push(performance.now() - t0);
        });
        watched.add(this);
        started.set(m.id, performance.now());
      }
      return (send as (...a: unknown[]) => void).call(this, message, ...rest);
    };
  });
}
