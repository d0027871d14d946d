import { createEffect, createSignal, onCleanup, type Accessor } from 'solid-js';
import { observe } from '../catalog/live';

/** A Solid signal fed by a live catalogue query (see `observe` for the throttling). */
export function createLive<T>(query: () => Promise<T>, initial: T, throttleMs = 0): Accessor<T> {
  return createLiveFrom(() => undefined, () => query(), initial, throttleMs);
}

/**
 * A live catalogue query that depends on UI state: Dexie re-runs it when the tables it read change,
 * and this re-subscribes when `input` changes (a search text, say) — Dexie cannot see Solid signals.
 */
export function createLiveFrom<I, T>(input: Accessor<I>, query: (input: I) => Promise<T>, initial: T, throttleMs = 0): Accessor<T> {
  const [value, setValue] = createSignal<T>(initial, { equals: false });
  createEffect(() => {
    const current = input();
    onCleanup(observe(() => query(current), (v) => setValue(() => v), throttleMs));
  });
  return value;
}
