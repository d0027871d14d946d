import { For, Show } from 'solid-js';
import type { FileRow } from '../catalog/types';

const STATUS: Record<string, string> = { failed: 'Failed', missing: 'Missing', unsupported: 'Not supported yet' };

/** Files that could not be shown, each with the reason: nothing is silently dropped. */
export function ProblemsList(props: { files: FileRow[] }) {
  return (
    <Show when={props.files.length > 0}>
      <details class="problems">
        <summary>Problems ({props.files.length})</summary>
        <table aria-label="Problems">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Status</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.files}>
              {(f) => (
                <tr>
                  <td class="path">{f.path}</td>
                  <td>{STATUS[f.status] ?? f.status}</td>
                  <td>{f.error}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </details>
    </Show>
  );
}
