import { For, Match, Switch, createSignal } from 'solid-js';
import type { ShoeboxDb } from '../catalog/db';
import { filesOfHidden, type TrashableFile } from '../catalog/duplicate-repo';
import { TRASH_FOLDER } from '../library/trash';
import { trashFiles } from './trash-copies';

const filesText = (n: number) => `${n.toLocaleString('en')} ${n === 1 ? 'file' : 'files'}`;

/**
 * The hidden copies' files, moved to `.shoebox-trash/` only on a second, explicit confirmation that
 * names every file; the browser then asks for write access to their folders.
 */
export function TrashHidden(props: { db: ShoeboxDb }) {
  const [files, setFiles] = createSignal<{ files: TrashableFile[]; others: number }>();
  const [done, setDone] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const ask = async () => {
    setDone('');
    setFiles(await filesOfHidden(props.db));
  };
  const confirm = async (list: TrashableFile[]) => {
    setBusy(true);
    try {
      const { moved, failed } = await trashFiles(props.db, list);
      setDone(`Moved ${filesText(moved)} to ${TRASH_FOLDER}.${failed.length ? ` Not moved: ${failed.join('; ')}` : ''}`);
    } catch (e) {
      setDone((e as Error).message);
    } finally {
      setBusy(false);
      setFiles(undefined);
    }
  };
  return (
    <Switch>
      <Match when={files()}>
        {(f) => (
          <div role="alertdialog" aria-label="Move to trash" class="notice">
            <Switch>
              <Match when={f().files.length === 0}>
                <p>None of their files can be moved: they are not in a folder Shoebox may change (an upload or the demo).</p>
              </Match>
              <Match when={f().files.length}>
                <p>
                  Move {filesText(f().files.length)} into {TRASH_FOLDER} inside {f().files.length === 1 ? 'its folder' : 'their folders'}? They are moved, not deleted: you can move them back from
                  there. Your browser will ask whether Shoebox may change {f().files.length === 1 ? 'the folder' : 'these folders'}.
                  {f().others ? ` ${filesText(f().others)} in uploaded folders stay where they are.` : ''}
                </p>
                <ul>
                  <For each={f().files}>{(t) => <li>{t.source.name}/{t.file.path}</li>}</For>
                </ul>
                <button type="button" disabled={busy()} onClick={() => void confirm(f().files)}>Move {filesText(f().files.length)} to {TRASH_FOLDER}</button>
              </Match>
            </Switch>
            <button type="button" disabled={busy()} onClick={() => setFiles(undefined)}>Cancel</button>
          </div>
        )}
      </Match>
      <Match when={!files()}>
        <button type="button" onClick={() => void ask()}>Move their files to {TRASH_FOLDER}…</button>
        <span role="status" aria-label="Trash">{done()}</span>
      </Match>
    </Switch>
  );
}
