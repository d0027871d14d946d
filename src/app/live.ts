import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { observe } from '../catalog/live';

/** A Solid signal fed by a live catalogue query (see `observe` for the throttling). */
export function createLive<T>(query: () => Promise<T>, initial: T, throttleMs = 0): Accessor<T> {
  const [value, setValue] = createSignal<T>(initial, { equals: false });
  const stop = observe(query, (v) => setValue(() => v), throttleMs);
  onCleanup(stop);
  return value;
}
