import { createSignal, onCleanup, onMount } from 'solid-js';
import type { ShoeboxDb } from '../catalog/db';
import { lastBatch, recoverBatches, type BatchChange, type BatchRow } from '../catalog/batch-repo';
import { selectionFields } from '../catalog/batch-edits';
import { batchInWorker, searchWorker, undoInWorker } from '../search/client';
import { describeError } from '../catalog/errors';
import { createLive } from '../app/live';
import type { Selection } from '../components/selection';
import { typing } from '../components/use-picking';

/** From this many photos a batch shows its progress (below, it lands before a bar could be read). */
const SHOW_PROGRESS = 1000;

/**
 * The view's side of batch edits: run one over the selection (with progress; the work itself in
 * the search worker), the last batch to undo (from the journal, so it survives a reload), and
 * Ctrl/Cmd+Z.
 */
export function createOrganiser(db: ShoeboxDb, selection: Selection, allIds: () => Promise<readonly string[]>, setError: (m: string | undefined) => void, onUndone?: (batch: BatchRow) => void) {
  const [progress, setProgress] = createSignal<{ done: number; total: number }>();
  const [busy, setBusy] = createSignal(false);
  const [dismissed, setDismissed] = createSignal<number>();
  const last = createLive(() => lastBatch(db), undefined as BatchRow | undefined, 200);

  const guard = async (work: () => Promise<void>) => {
    if (busy()) return;
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
      setProgress(undefined);
    }
  };
  const onProgress = (done: number, total: number) => setProgress({ done, total });
  /** `keep`: the selection stays (a dialog that makes several changes to it, the labels'). */
  const run = (change: BatchChange, keep = false) =>
    guard(async () => {
      const picked = selection.picked();
      const ids = await selection.resolve(allIds);
      // In the search worker: the page's thread only sends the ids and hears the progress.
      await batchInWorker(ids, change, ids.length >= SHOW_PROGRESS ? onProgress : undefined);
      // Done with: unless the person has selected something else while it ran.
      if (!keep && selection.picked() === picked) selection.clear();
    });
  const undo = () =>
    guard(async () => {
      const batch = await lastBatch(db);
      if (batch?.id === undefined) return;
      await undoInWorker(batch.id, batch.count >= SHOW_PROGRESS ? onProgress : undefined);
      onUndone?.(batch);
    });

  onMount(() => {
    void recoverBatches(db).catch((e: unknown) => setError(describeError(e)));
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'z' || !(e.ctrlKey || e.metaKey) || e.shiftKey || typing(document.activeElement)) return;
      e.preventDefault();
      void undo();
    };
    window.addEventListener('keydown', onKey);
    onCleanup(() => window.removeEventListener('keydown', onKey));
  });

  return {
    run,
    undo,
    busy,
    /** The journal's last batch: changes when a batch lands or is undone. */
    last,
    progress,
    /** The batch the toast offers to undo, until dismissed. */
    undoable: () => {
      const batch = last();
      return batch && batch.id !== dismissed() ? batch : undefined;
    },
    dismiss: () => setDismissed(last()?.id),
    /** What the date and text dialogs show of the selection. */
    fields: async () => selectionFields(db, await selection.resolve(allIds)),
    /** The selection's labels with how many of its photos carry each: counted in the search worker, off the page's thread. */
    labels: async () => searchWorker().labelsAcross([...(await selection.resolve(allIds))]),
    /** Where the selection was taken, read in the search worker too. */
    places: async () => searchWorker().selectionPlaces([...(await selection.resolve(allIds))]),
    /** Towns by name, as the person types one. */
    towns: (query: string) => searchWorker().towns(query),
  };
}
