/**
 * Resolves once `quietMs` have passed since `last()` (when the last search arrived), however
 * often that moves meanwhile: background reading (the search worker's vectors) waits here while
 * a person is typing, and goes on once they pause.
 */
export async function quietFor(last: () => number, quietMs: number, now: () => number = () => performance.now()): Promise<void> {
  for (let left = quietMs - (now() - last()); left > 0; left = quietMs - (now() - last())) {
    await new Promise((go) => setTimeout(go, left));
  }
}
