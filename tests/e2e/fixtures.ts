import { test as base, expect, type BrowserContext, type Page, type TestInfo, type Worker as PageWorker } from '@playwright/test';

/**
 * Records every request a browser context makes (its pages, their workers, and its service
 * workers: Chromium reports those on the context too) and every WebSocket its pages open, and
 * keeps those that leave the app: anything but the app's own origins, `blob:` and `data:`.
 */
export class RequestGuard {
  readonly foreign: string[] = [];
  /** Every request seen, for tests of the guard itself. */
  readonly seen: { url: string; fromServiceWorker: boolean }[] = [];
  private readonly origins = new Set<string>();
  private readonly watched = new WeakSet<BrowserContext>();

  constructor(...apps: (string | undefined)[]) {
    for (const app of apps) if (app) this.allow(app);
  }

  /**
   * An app the test itself serves (each context's `baseURL`): its origin is not "leaving". Only
   * this machine serves the tests, so only a loopback origin can be allowed: a context opened
   * with any other `baseURL` fails the test instead of widening what counts as the app.
   */
  allow(url: string): void {
    const { origin, hostname } = new URL(url);
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(hostname)) throw new Error(`The request guard allows only apps served on this machine, not ${origin}`);
    this.origins.add(origin);
  }

  watch(context: BrowserContext): void {
    if (this.watched.has(context)) return;
    this.watched.add(context);
    context.on('request', (r) => {
      this.seen.push({ url: r.url(), fromServiceWorker: r.serviceWorker() !== null });
      this.check(r.url());
    });
    const sockets = (page: Page) => page.on('websocket', (ws) => this.check(ws.url()));
    context.pages().forEach(sockets);
    context.on('page', sockets);
  }

  private check(url: string): void {
    if (url.startsWith('blob:') || url.startsWith('data:')) return;
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      origin = url;
    }
    if (!this.origins.has(origin)) this.foreign.push(url);
  }
}

/** A worker by its script's file name. */
const nameOf = (worker: PageWorker) => worker.url().split('/').pop() ?? worker.url();

/** A call made to a worker (a Comlink message) and not answered yet. */
interface WaitingCall {
  what: string;
  at: number;
}

/**
 * In every page of a watched context, before its scripts: each worker's calls (Comlink's messages,
 * which carry an id their answer repeats) are kept until answered, so that a test that failed
 * waiting can say which call was never answered (`BrowserLog.stalled`).
 */
function keepWorkerCalls(): void {
  const w = window as unknown as { workerCallsWaiting?: Map<string, WaitingCall>[] };
  if (w.workerCallsWaiting || typeof Worker !== 'function') return;
  const waitingByWorker: Map<string, WaitingCall>[] = (w.workerCallsWaiting = []);
  const Base = Worker;
  window.Worker = class extends Base {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      const name = options?.name ?? String(url).split('/').pop();
      const waiting = new Map<string, WaitingCall>();
      let ended = false;
      waitingByWorker.push(waiting);
      const send = this.postMessage.bind(this) as (message: unknown, transfer?: Transferable[]) => void;
      this.postMessage = ((message: { id?: unknown; type?: string; path?: string[]; argumentList?: { value?: unknown }[] }, transfer?: Transferable[]) => {
        // A release's answer is no one's wait; a worker ended answers nothing more.
        if (typeof message?.id === 'string' && message.type && message.type !== 'RELEASE' && !ended) {
          let args: string;
          try {
            args = (message.argumentList ?? []).map((a) => JSON.stringify(a?.value) ?? '?').join(', ');
          } catch {
            args = '…';
          }
          waiting.set(message.id, { what: `${name}: ${message.type} ${(message.path ?? []).join('.')}(${args.slice(0, 200)})`, at: performance.now() });
        }
        send(message, transfer);
      }) as Worker['postMessage'];
      this.addEventListener('message', (e: MessageEvent<{ id?: unknown } | undefined>) => {
        if (typeof e.data?.id === 'string') waiting.delete(e.data.id);
      });
      // Ended by the page: what it was still asked is no one's wait.
      const end = this.terminate.bind(this);
      this.terminate = () => {
        ended = true;
        waiting.clear();
        end();
      };
    }
  };
}

/** Whether IndexedDB answers a read of each of the catalogue's stores within `ms` (in a page or a worker), and how fast. */
async function probeIndexedDb(ms: number): Promise<string> {
  const started = performance.now();
  const db = await new Promise<IDBDatabase | string>((resolve) => {
    const open = indexedDB.open('shoebox');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => resolve(`not opened: ${String(open.error)}`);
    open.onblocked = () => resolve('opening blocked');
    setTimeout(() => resolve(`not opened in ${ms} ms`), ms);
  });
  if (typeof db === 'string') return db;
  const stores = [...db.objectStoreNames];
  const answered = await Promise.all(
    stores.map(
      (store) =>
        new Promise<string | undefined>((resolve) => {
          const count = db.transaction(store, 'readonly').objectStore(store).count();
          count.onsuccess = () => resolve(undefined);
          count.onerror = () => resolve(`${store} (${String(count.error)})`);
          setTimeout(() => resolve(store), ms);
        }),
    ),
  );
  db.close();
  const slow = answered.filter((s) => s !== undefined);
  return slow.length ? `no answer within ${ms} ms from ${slow.join(', ')}` : `every store answered in ${Math.round(performance.now() - started)} ms`;
}

/** `promise`, or `late` if it takes longer than `ms`. */
const within = <T,>(promise: Promise<T>, ms: number, late: T): Promise<T> =>
  Promise.race([promise.catch((e: unknown) => `failed: ${String(e)}` as T), new Promise<T>((resolve) => setTimeout(() => resolve(late), ms))]);

/**
 * What the browser said while a test ran, printed only when the test fails: the errors and
 * warnings of its pages and their workers, uncaught errors, and workers or pages that ended
 * before the test did (a worker that dies leaves its callers waiting for ever, which a test only
 * sees as a timeout). Times in seconds from the first context watched. When the test failed, it
 * also says what was still waiting (`stalled`).
 */
export class BrowserLog {
  readonly lines: string[] = [];
  private readonly started = performance.now();
  private readonly contexts = new Set<BrowserContext>();
  private ended = false;

  watch(context: BrowserContext): void {
    if (this.contexts.has(context)) return;
    this.contexts.add(context);
    context.on('close', () => this.contexts.delete(context));
    void context.addInitScript(keepWorkerCalls).catch(() => undefined);
    context.on('weberror', (e) => this.say(`uncaught: ${String(e.error())}`));
    const page = (p: Page) => {
      // A worker's messages come here too, named by their worker.
      p.on('console', (m) => {
        const worker = m.worker();
        if (m.type() === 'error' || m.type() === 'warning') this.say(`${worker ? nameOf(worker) : 'page'} ${m.type()}: ${m.text()}`);
      });
      p.on('crash', () => this.say('page crashed'));
      p.on('worker', (worker) => worker.on('close', () => this.say(`${nameOf(worker)} ended`)));
    };
    context.pages().forEach(page);
    context.on('page', page);
  }

  /** Once the test is over, nothing more is logged: what its teardown closes is not news. */
  end(): void {
    this.ended = true;
  }

  /**
   * What each open page was still waiting for: its workers' calls unanswered for over a second,
   * whether each worker (and the page) still runs scripts, and whether IndexedDB answers them. A
   * test that timed out waiting for a worker's answer then says which part stopped.
   */
  async stalled(): Promise<string[]> {
    const said: string[] = [];
    for (const context of this.contexts) {
      for (const [n, page] of context.pages().entries()) {
        if (page.isClosed()) continue;
        const where = `page ${n + 1} (${page.url()})`;
        const waiting = await within(
          page.evaluate(() => {
            const now = performance.now();
            const all = (window as unknown as { workerCallsWaiting?: Map<string, WaitingCall>[] }).workerCallsWaiting ?? [];
            return all.flatMap((calls) => [...calls.values()].filter((c) => now - c.at > 1000).map((c) => `${c.what} unanswered for ${((now - c.at) / 1000).toFixed(1)} s`));
          }),
          5000,
          ['runs no script (busy for 5 s)'],
        );
        said.push(...(typeof waiting === 'string' ? [waiting] : waiting.length ? waiting.map((w) => `${where}: ${w}`) : [`${where}: no worker call unanswered`]));
        said.push(`${where} IndexedDB: ${await within(page.evaluate(probeIndexedDb, 5000), 8000, 'the probe did not end')}`);
        for (const worker of page.workers()) {
          said.push(`${nameOf(worker)}: ${await within(worker.evaluate(probeIndexedDb, 5000).then((idb) => `runs scripts; IndexedDB: ${idb}`), 8000, 'runs no script (busy for 8 s)')}`);
        }
      }
    }
    return said;
  }

  private say(line: string): void {
    if (!this.ended) this.lines.push(`${((performance.now() - this.started) / 1000).toFixed(1).padStart(6)} s  ${line.slice(0, 500)}`);
  }
}

/** Print a failed test's browser log (tests/e2e/fixtures.ts BrowserLog) and what it was waiting for, where the CI log shows it. */
export async function printIfFailed(log: BrowserLog, info: TestInfo): Promise<void> {
  if (info.status === info.expectedStatus) return;
  const stalled = await log.stalled().catch((e: unknown) => [`not looked at: ${String(e)}`]);
  console.log(`The browser's log of “${info.title}”:\n${[...log.lines, ...stalled.map((s) => `  at the end  ${s}`)].join('\n')}`);
}

/** Playwright's client instrumentation: how its own tracing sees every context a test creates. */
interface Instrumentation {
  addListener(listener: object): void;
  removeListener(listener: object): void;
}

/**
 * Every browser test runs under this fixture and fails if any request left the app. It covers
 * every context the test opens, not only the default one: `browser.newContext()`,
 * `browser.newPage()` and `chromium.launchPersistentContext()` all pass through Playwright's
 * instrumentation hooks, where the guard attaches before the test gets the context.
 */
export const test = base.extend<{ requestGuard: RequestGuard }>({
  requestGuard: [
    async ({ playwright, context, baseURL }, use, testInfo) => {
      const guard = new RequestGuard(baseURL);
      const log = new BrowserLog();
      const watch = (created: BrowserContext) => {
        guard.watch(created);
        log.watch(created);
      };
      watch(context);
      const instrumentation = (playwright as unknown as { _instrumentation?: Instrumentation })._instrumentation;
      if (typeof instrumentation?.addListener !== 'function') {
        throw new Error('Playwright no longer exposes its instrumentation: the request guard cannot see new contexts (tests/e2e/fixtures.ts)');
      }
      const listener = {
        runBeforeCreateBrowserContext: async (options: { baseURL?: string }) => {
          if (options.baseURL) guard.allow(options.baseURL);
        },
        runAfterCreateBrowserContext: async (created: BrowserContext) => watch(created),
      };
      instrumentation.addListener(listener);
      try {
        await use(guard);
      } finally {
        instrumentation.removeListener(listener);
        log.end();
        await printIfFailed(log, testInfo);
      }
      expect(guard.foreign, 'requests that left the app').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
