import { createEffect, createSignal, onCleanup, type Accessor } from 'solid-js';
import { observe, type Observation } from '../catalog/live';

/**
 * A live query's value (`initial` until it first answers), `answered`: whether it has, and
 * `flush` (`Observation.flush`: a value its throttle holds, delivered now). A view
 * that draws the stored state waits for `answered` rather than drawing `initial` as if it were
 * stored (a box shown ticked before the stored "off" arrived; "0 photos" before the counts).
 */
export type Live<T> = Accessor<T> & { answered: Accessor<boolean>; flush: () => void };

/** A Solid signal fed by a live catalogue query (see `observe` for the throttling). */
export function createLive<T>(query: () => Promise<T>, initial: T, throttleMs = 0): Live<T> {
  return createLiveFrom(() => undefined, () => query(), initial, throttleMs);
}

/**
 * A live catalogue query that depends on UI state: Dexie re-runs it when the tables it read change,
 * and this re-subscribes when `input` changes (a search text, say) — Dexie cannot see Solid signals.
 */
export function createLiveFrom<I, T>(input: Accessor<I>, query: (input: I) => Promise<T>, initial: T, throttleMs = 0): Live<T> {
  const [value, setValue] = createSignal<T>(initial, { equals: false });
  const [answered, setAnswered] = createSignal(false);
  let watching: Observation | undefined;
  createEffect(() => {
    const current = input();
    const watch = observe(() => query(current), (v) => {
      setValue(() => v);
      setAnswered(true);
    }, throttleMs);
    watching = watch;
    onCleanup(watch);
  });
  return Object.assign(value, { answered, flush: () => watching?.flush() });
}
