import { For, Show, createResource } from 'solid-js';
import type { SourceRow } from '../catalog/types';
import type { createGuard } from '../app/guard';
import { useLibrary } from '../app/library-context';

/** The granted folders, with what each needs: nothing, a Reconnect click, or to be picked again. */
export function SourcesBar(props: {
  sources: SourceRow[];
  onError: (message: string) => void;
  guarded: ReturnType<typeof createGuard>;
}) {
  const library = useLibrary();
  const [states, { refetch }] = createResource(
    () => props.sources,
    async (sources) => new Map(await Promise.all(sources.map(async (s) => [s.id, await library.sourceState(s)] as const))),
  );
  const reconnect = props.guarded(async (id: number) => {
    try {
      if (!(await library.reconnect(id))) props.onError('Permission was not given: the folder stays disconnected. Its photos remain in the library.');
    } finally {
      void refetch();
    }
  });
  return (
    <Show when={props.sources.length > 0}>
      <ul class="sources" aria-label="Folders">
        <For each={props.sources}>
          {(source) => (
            <li>
              <span class="source-name">{source.name}</span>
              <Show when={states()?.get(source.id)}>
                {(state) => (
                  <>
                    <Show when={state() === 'needs-permission'}>
                      <span class="source-note">Originals unavailable until reconnected.</span>
                      <button type="button" onClick={() => void reconnect(source.id as number)}>Reconnect {source.name}</button>
                    </Show>
                    <Show when={state() === 'pick-again' && source.kind !== 'demo'}>
                      <span class="source-note">Not connected in this session: add this folder again to see originals and changes — pick it again.</span>
                    </Show>
                  </>
                )}
              </Show>
              <Show when={source.scanError}>{(err) => <span class="error">{err()}</span>}</Show>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
