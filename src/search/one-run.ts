/**
 * A read the page asks for again on every catalogue change (the Duplicates view's groups, seconds
 * for a large library): one run at a time per key, and every call made while one runs shares the
 * single run that follows it, which sees those changes. Asked twice a second during an import, it
 * runs back to back instead of piling up a run per change.
 */
export function oneRunAtATime<K, R>(run: (key: K) => Promise<R>): (key: K) => Promise<R> {
  let running: Promise<unknown> = Promise.resolve();
  const queued = new Map<K, Promise<R>>();
  return (key) => {
    const waiting = queued.get(key);
    if (waiting) return waiting;
    const next = running.catch(() => undefined).then(() => {
      queued.delete(key);
      return run(key);
    });
    queued.set(key, next);
    running = next;
    return next;
  };
}
