import { test as base, expect, type BrowserContext, type Page, type TestInfo, type Worker } from '@playwright/test';

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
const nameOf = (worker: Worker) => worker.url().split('/').pop() ?? worker.url();

/**
 * What the browser said while a test ran, printed only when the test fails: the errors and
 * warnings of its pages and their workers, uncaught errors, and workers or pages that ended
 * before the test did (a worker that dies leaves its callers waiting for ever, which a test only
 * sees as a timeout). Times in seconds from the first context watched.
 */
export class BrowserLog {
  readonly lines: string[] = [];
  private readonly started = performance.now();
  private readonly watched = new WeakSet<BrowserContext>();
  private ended = false;

  watch(context: BrowserContext): void {
    if (this.watched.has(context)) return;
    this.watched.add(context);
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

  private say(line: string): void {
    if (!this.ended) this.lines.push(`${((performance.now() - this.started) / 1000).toFixed(1).padStart(6)} s  ${line.slice(0, 500)}`);
  }
}

/** Print a failed test's browser log (tests/e2e/fixtures.ts BrowserLog), where the CI log shows it. */
export function printIfFailed(log: BrowserLog, info: TestInfo): void {
  if (info.status !== info.expectedStatus && log.lines.length) console.log(`The browser's log of “${info.title}”:\n${log.lines.join('\n')}`);
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
        printIfFailed(log, testInfo);
      }
      expect(guard.foreign, 'requests that left the app').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
