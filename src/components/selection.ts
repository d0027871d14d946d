import { createSignal } from 'solid-js';
import { isPlaceholderId } from '../catalog/placeholder-repo';

/**
 * What a view has selected, as ids of the view's data, never DOM state. "All" is kept as the
 * view's total less what was taken out since, so selecting 100,000 photos costs nothing: the
 * ids are read only when an action needs them (`resolve`).
 */
export type Picked = { all: false; ids: ReadonlySet<string> } | { all: true; total: number; except: ReadonlySet<string> };

const NONE: Picked = { all: false, ids: new Set() };

export function pickedCount(p: Picked): number {
  return p.all ? p.total - p.except.size : p.ids.size;
}

export function isPicked(p: Picked, id: string): boolean {
  return p.all ? !p.except.has(id) : p.ids.has(id);
}

/**
 * Put `ids` in (`on`) or take them out, whichever way the selection is kept. A stand-in (a file
 * still being read, `pending:<file>`) is never put in: its photo comes under another id.
 */
export function withIds(p: Picked, ids: readonly string[], on: boolean): Picked {
  const next = new Set(p.all ? p.except : p.ids);
  // In "all" mode the set holds what is out: putting in removes from it.
  const add = p.all ? !on : on;
  for (const id of ids) {
    if (isPlaceholderId(id)) continue;
    if (add) next.add(id);
    else next.delete(id);
  }
  if (p.all) return next.size >= p.total ? NONE : { all: true, total: p.total, except: next };
  return { all: false, ids: next };
}

/** The selected ids, in the view's order: `allIds` is read only when everything was selected (stand-ins left out). */
export async function resolvePicked(p: Picked, allIds: () => Promise<readonly string[]>): Promise<string[]> {
  if (!p.all) return [...p.ids];
  const all = await allIds();
  return all.filter((id) => !p.except.has(id) && !isPlaceholderId(id));
}

/**
 * One view's selection (`createSelection()` in the view, passed to its grid and its bar). The
 * anchor is the timeline position a Shift+click or Shift+arrow extends from.
 */
export function createSelection() {
  const [picked, setPicked] = createSignal<Picked>(NONE);
  const [anchor, setAnchor] = createSignal<number>();
  return {
    picked,
    count: () => pickedCount(picked()),
    has: (id: string) => isPicked(picked(), id),
    set(ids: readonly string[], on: boolean) {
      setPicked((p) => withIds(p, ids, on));
    },
    toggle(id: string, index?: number) {
      if (isPlaceholderId(id)) return;
      setPicked((p) => withIds(p, [id], !isPicked(p, id)));
      if (index !== undefined) setAnchor(index);
    },
    selectAll(total: number) {
      setPicked(total > 0 ? { all: true, total, except: new Set<string>() } : NONE);
    },
    clear() {
      setPicked(NONE);
      setAnchor(undefined);
    },
    anchor,
    setAnchor,
    resolve: (allIds: () => Promise<readonly string[]>) => resolvePicked(picked(), allIds),
  };
}

export type Selection = ReturnType<typeof createSelection>;
