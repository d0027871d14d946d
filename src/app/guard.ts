import { describeError } from '../catalog/errors';
import { PickError } from '../library/pick';

/**
 * Wrap click handlers so a failure becomes a readable message (never a silent rejection):
 * `const guarded = createGuard(setError); onClick={guarded(() => library.rescan())}`.
 */
export function createGuard(setError: (message: string | undefined) => void) {
  return <A extends unknown[]>(action: (...args: A) => Promise<unknown>) =>
    async (...args: A): Promise<void> => {
      setError(undefined);
      try {
        await action(...args);
      } catch (e) {
        setError(e instanceof PickError ? e.message : describeError(e));
      }
    };
}
