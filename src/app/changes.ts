import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { onCatalogueChange } from '../catalog/live';

/**
 * A counter that goes up when the catalogue changes, in this tab or any other (Dexie's
 * `storagemutated`), at most once per `throttleMs`: for reads made elsewhere (the search
 * worker) that Dexie's liveQuery cannot watch.
 */
export function createChangeCounter(throttleMs: number): Accessor<number> {
  const [count, setCount] = createSignal(0);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onChange = () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      setCount((n) => n + 1);
    }, throttleMs);
  };
  const stop = onCatalogueChange(onChange);
  onCleanup(() => {
    clearTimeout(timer);
    stop();
  });
  return count;
}
