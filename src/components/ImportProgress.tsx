import { Show, createMemo } from 'solid-js';
import type { ImportProgress as Progress } from '../catalog/types';
import { duration } from '../app/format';

interface Props {
  progress: Progress | undefined;
  onPause: () => void;
  onResume: () => void;
  onCancel: () => void;
}

/** Progress of the current import: shared by every tab, since it lives in IndexedDB. */
export function ImportProgress(props: Props) {
  const active = () => ['scanning', 'running', 'paused'].includes(props.progress?.state ?? 'idle');
  const remaining = createMemo(() => {
    const p = props.progress;
    if (!p || p.state !== 'running' || p.done < 2) return undefined;
    // Files per millisecond since the import began; pauses make the estimate cautious, not wrong.
    const rate = p.done / Math.max(1, p.updatedAt - p.startedAt);
    return rate > 0 ? (p.found - p.done) / rate : undefined;
  });
  return (
    <Show when={props.progress && props.progress.state !== 'idle' ? props.progress : undefined}>
      {(p) => (
        <section class="import" aria-label="Import">
          <div class="import-row">
            <Show
              when={p().found > 0}
              // Nothing found yet: indeterminate while looking, full once finished.
              fallback={active() ? <progress aria-label="Import progress" /> : <progress aria-label="Import progress" max={1} value={1} />}
            >
              <progress aria-label="Import progress" max={p().found} value={p().done} />
            </Show>
            <span class="import-state" role="status">
              {p().state === 'scanning' && 'Looking for photos… '}
              {p().state === 'paused' && 'Paused. '}
              {p().state === 'done' && 'All done. '}
              {p().state === 'cancelled' && 'Cancelled. '}
              <Show when={p().found > 0 || active()} fallback="Nothing new or changed.">
                Found {p().found}, done {p().done}, failed {p().failed}
              </Show>
              <Show when={remaining()}>{(ms) => <>, about {duration(ms())} left</>}</Show>
            </span>
            <Show when={active()}>
              <Show
                when={p().state === 'paused'}
                fallback={<button type="button" onClick={() => props.onPause()}>Pause</button>}
              >
                <button type="button" onClick={() => props.onResume()}>Resume</button>
              </Show>
              <button type="button" onClick={() => props.onCancel()}>Cancel</button>
            </Show>
          </div>
          <Show when={p().message}>
            {(m) => <p class="error" role="alert">{m()}</p>}
          </Show>
        </section>
      )}
    </Show>
  );
}
