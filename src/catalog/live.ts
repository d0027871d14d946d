import Dexie, { liveQuery, type ObservabilitySet } from 'dexie';

/** A watch on a catalogue query: call it to stop watching. */
export interface Observation {
  (): void;
  /**
   * Deliver now a value the throttle holds, and the next one as soon as it comes if none is held
   * (its query may still be reading): at the end of an import the library's counts arrive with
   * the "All done" that says so, not up to a throttle later.
   */
  flush(): void;
}

/**
 * Watch a catalogue query: `onValue` runs now and whenever the tables it read change, at most
 * once per `throttleMs` (an import commits a batch every few hundred ms; the grid need not
 * re-read its keys that often), unless flushed.
 */
export function observe<T>(query: () => Promise<T>, onValue: (value: T) => void, throttleMs = 0): Observation {
  // Never delivered: the first value goes at once. (From 0, the page's start, a library opened in
  // the page's first `throttleMs` showed its month counts only then: 0.4 s of a million photos' open.)
  let last = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest: T | undefined;
  const deliver = () => {
    clearTimeout(timer);
    timer = undefined;
    last = performance.now();
    onValue(latest as T);
  };
  const sub = liveQuery(query).subscribe({
    next: (value) => {
      latest = value;
      const wait = throttleMs - (performance.now() - last);
      if (wait <= 0 && !timer) deliver();
      else timer ??= setTimeout(deliver, Math.max(0, wait));
    },
    error: (e) => console.error('catalogue query failed', e),
  });
  const stop = () => {
    clearTimeout(timer);
    timer = undefined;
    sub.unsubscribe();
  };
  return Object.assign(stop, {
    flush() {
      if (sub.closed) return;
      if (timer) deliver();
      else last = Number.NEGATIVE_INFINITY;
    },
  });
}

/**
 * Call `listener` whenever the catalogue changes, in this context or any other tab or worker
 * (Dexie's `storagemutated`, whose parts name the tables and keys changed): for reads that
 * liveQuery cannot watch. Returns the unsubscribe.
 */
export function onCatalogueChange(listener: (parts?: ObservabilitySet) => void): () => void {
  Dexie.on('storagemutated', listener);
  return () => Dexie.on('storagemutated').unsubscribe(listener);
}

/** Whether a change's parts (`storagemutated`'s, of the database `dbName`) name only these tables. */
export function onlyTables(dbName: string, parts: ObservabilitySet, tables: readonly string[]): boolean {
  const prefixes = tables.map((table) => `idb://${dbName}/${table}/`);
  return Object.keys(parts).every((part) => prefixes.some((prefix) => part.startsWith(prefix)));
}
