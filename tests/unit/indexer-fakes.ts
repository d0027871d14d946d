import type { ImagingPool } from '../../src/indexer/pool';
import { Vision } from '../../src/indexer/vision';

/**
 * A lock manager that grants every request at once, as one tab alone gets the indexer's lock,
 * installed as `navigator.locks`. `holding()`: the requests whose holder is still running.
 */
export function grantingLocks(): { holding: () => number; remove: () => void } {
  let holding = 0;
  const locks = {
    request: async (_n: string, a: unknown, b?: unknown) => {
      holding++;
      try {
        return await (typeof a === 'function' ? a({}) : (b as (l: object) => unknown)({}));
      } finally {
        holding--;
      }
    },
  };
  Object.defineProperty(globalThis, 'navigator', { value: { locks }, configurable: true });
  return { holding: () => holding, remove: () => Reflect.deleteProperty(globalThis, 'navigator') };
}

/** Vision for an import whose files never reach the models: spawning a worker fails the test. */
export const noVision = (): Vision =>
  new Vision(undefined, () => {
    throw new Error('no vision worker in this test');
  });

/** An imaging pool of one worker that answers each file with `run`. */
export const poolOf = (run: ImagingPool['run']): ImagingPool => ({ size: 1, run, peek: async () => undefined, terminate: () => undefined });
