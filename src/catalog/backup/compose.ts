import { composeLabels, modelLabels } from '../label-repo';
import { applyEdits } from '../photo-repo';
import type { PhotoRow, UserEdits } from '../types';

export function sameEdits(a: UserEdits | undefined, b: UserEdits | undefined): boolean {
  const x = Object.entries(a ?? {}).filter(([, v]) => v !== undefined);
  const y = b ?? {};
  return x.length === Object.values(y).filter((v) => v !== undefined).length && x.every(([k, v]) => JSON.stringify(v) === JSON.stringify(y[k as keyof UserEdits]));
}

/** The photo's labels composed again from its model labels and the person's added and removed ones. */
export function composed(photo: PhotoRow, edits: UserEdits | undefined): PhotoRow {
  const fromModel = modelLabels(photo.labelInfo);
  // Labels without their origin (hand-made files) are kept as the model's.
  const model = photo.labelInfo.length ? fromModel : photo.labels.map((name) => ({ name, score: 0 }));
  const shape = { ...photo, keywords: edits?.keywords ?? photo.keywords };
  return applyEdits({ ...photo, ...composeLabels(shape, model, edits), ...(edits ? { userEdits: edits } : {}) }, edits);
}

/**
 * The edits to restore when an import is undone: the photo's edits from before the import, and
 * over them every field the person changed after the import wrote `written` (a rating changed in
 * another tab mid-import stays; so does a title the person cleared).
 */
export function editsSince(before: UserEdits | undefined, written: UserEdits | undefined, now: UserEdits | undefined): UserEdits | undefined {
  const out: Record<string, unknown> = { ...before };
  const changed = new Set([...Object.keys(written ?? {}), ...Object.keys(now ?? {})]) as Set<keyof UserEdits>;
  for (const key of changed) {
    const value = now?.[key];
    if (JSON.stringify(value) === JSON.stringify(written?.[key])) continue;
    if (value === undefined) delete out[key];
    else out[key] = value;
  }
  return Object.keys(out).length ? (out as UserEdits) : undefined;
}
