import { Show, createEffect, createMemo, createSignal, onCleanup, onMount } from 'solid-js';
import type { LikePhoto } from './MoreLikeThis';
import { photosText } from '../app/format';

export interface TeachData {
  /** The selected photos: the first examples. */
  examples: () => Promise<string[]>;
  /** The photos a model of the answers so far scores highest, best first, the answered left out (the search worker). */
  next: (yes: string[], no: string[]) => Promise<string[]>;
  /** Rows and tiles of photos to show. */
  look: (ids: string[]) => Promise<LikePhoto[]>;
  /** Keep the label: the answered photos, and suggestions for the others above its threshold. */
  save: (name: string, yes: string[], no: string[]) => Promise<{ labelled: number; suggested: number }>;
}

/**
 * "Teach a label…": name what the selected photos show; Shoebox proposes the photos most like
 * them, one at a time, best first, and each answer (Y: it is, N: it is not) refines what it
 * proposes next. Done keeps the label (catalog/teach.ts, taught-repo.ts); Cancel keeps nothing.
 */
export function TeachDialog(props: { count: number; data: TeachData; onClose: (message?: string) => void }) {
  let el: HTMLDialogElement | undefined;
  const [name, setName] = createSignal('');
  const [named, setNamed] = createSignal<string>();
  const [yes, setYes] = createSignal<string[]>([]);
  const [no, setNo] = createSignal<string[]>([]);
  const [queue, setQueue] = createSignal<string[]>();
  const [shown, setShown] = createSignal<LikePhoto>();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const answered = createMemo(() => new Set([...yes(), ...no()]));
  // The photo on screen stays until it is answered: a new ranking only changes what comes next
  // (a key pressed as the photo changed would otherwise answer the next one).
  const current = () => {
    const onScreen = shown()?.photo.id;
    return onScreen && !answered().has(onScreen) ? onScreen : queue()?.find((id) => !answered().has(id));
  };
  let asked = 0;
  /** What Done kept, said when the dialog closes. */
  let kept: string | undefined;

  /** Ask again after an answer: the queue shown meanwhile is the last one, less what is answered. */
  const refine = () => {
    const ticket = ++asked;
    props.data.next(yes(), no()).then((ids) => ticket === asked && setQueue(ids), (e: unknown) => setError(String((e as Error).message ?? e)));
  };
  const start = async () => {
    const label = name().trim();
    if (!label) return;
    setYes(await props.data.examples());
    setNamed(label);
    refine();
  };
  const answer = (isIt: boolean) => {
    // The photo on screen; one already answered (still on screen while the next one's tile is
    // read) is not asked again.
    const id = shown()?.photo.id;
    if (!id || answered().has(id) || busy()) return;
    if (isIt) setYes([...yes(), id]);
    else setNo([...no(), id]);
    refine();
  };
  const done = async () => {
    const label = named();
    if (!label || busy()) return;
    setBusy(true);
    setError(undefined);
    try {
      const saved = await props.data.save(label, yes(), no());
      kept = `“${label}”: ${photosText(saved.labelled)} labelled${saved.suggested ? `, ${photosText(saved.suggested)} more suggested` : ''}.`;
      el?.close();
    } catch (e) {
      setError(String((e as Error).message ?? e));
    } finally {
      setBusy(false);
    }
  };
  // The photo proposed now, its tile read when it changes.
  createEffect(() => {
    const id = current();
    if (!id) return setShown(undefined);
    if (shown()?.photo.id === id) return;
    void props.data.look([id]).then(([found]) => current() === id && setShown(found));
  });
  const url = createMemo(() => {
    const blob = shown()?.thumb;
    if (!blob) return undefined;
    const made = URL.createObjectURL(blob);
    onCleanup(() => URL.revokeObjectURL(made));
    return made;
  });
  const onKey = (e: KeyboardEvent) => {
    if (!named() || e.ctrlKey || e.metaKey || e.altKey || (e.target as HTMLElement | null)?.tagName === 'INPUT') return;
    const key = e.key.toLowerCase();
    if (key === 'y') answer(true);
    else if (key === 'n') answer(false);
    else return;
    e.preventDefault();
  };
  onMount(() => {
    el?.showModal();
    // On the window: the name's form goes once it is given, and focus with it.
    window.addEventListener('keydown', onKey);
    onCleanup(() => window.removeEventListener('keydown', onKey));
  });
  return (
    <dialog ref={el} class="batch-dialog teach-dialog" role="dialog" aria-labelledby="teach-dialog-title" onClose={() => props.onClose(kept)}>
      <h2 id="teach-dialog-title">{named() ? `Teach “${named()}”` : 'Teach a label'}</h2>
      <Show
        when={named()}
        fallback={
          <form onSubmit={(e) => { e.preventDefault(); void start(); }}>
            <p class="batch-dialog-facts">
              Name what these {photosText(props.count)} show (“Shrek”, “the red boat”). Shoebox then shows you the photos most like them, one at a
              time: say whether each is it, and it learns from every answer. New photos get the label as a suggestion.
            </p>
            <label>
              Label
              <input type="text" value={name()} onInput={(e) => setName(e.currentTarget.value)} autofocus />
            </label>
            <div class="batch-dialog-buttons">
              <button type="button" onClick={() => el?.close()}>Cancel</button>
              <button type="submit" disabled={!name().trim()}>Find more</button>
            </div>
          </form>
        }
      >
        <p class="batch-dialog-facts" role="status">
          {photosText(yes().length)} {yes().length === 1 ? 'is' : 'are'} “{named()}”{no().length ? `, ${photosText(no().length)} ${no().length === 1 ? 'is' : 'are'} not` : ''}.
        </p>
        <Show when={queue()} fallback={<p class="batch-dialog-facts">Looking for photos like them…</p>}>
          <Show when={current()} fallback={<p class="batch-dialog-facts">No more photos to ask about.</p>}>
            <figure class="teach-candidate" aria-label="Is this it?">
              <img src={url()} alt={shown()?.photo.name ?? ''} />
              <figcaption>{shown()?.photo.name}</figcaption>
            </figure>
            <div class="teach-answers">
              <button type="button" aria-keyshortcuts="Y" disabled={busy()} onClick={() => answer(true)}>It is “{named()}” (Y)</button>
              <button type="button" aria-keyshortcuts="N" disabled={busy()} onClick={() => answer(false)}>It is not (N)</button>
            </div>
          </Show>
        </Show>
        <Show when={error()}>{(m) => <p class="error" role="alert">{m()}</p>}</Show>
        <div class="batch-dialog-buttons">
          <button type="button" disabled={busy()} onClick={() => el?.close()}>Cancel</button>
          <button type="button" disabled={busy()} onClick={() => void done()}>Done</button>
        </div>
      </Show>
    </dialog>
  );
}
