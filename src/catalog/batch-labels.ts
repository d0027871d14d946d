import { categoryOf } from '../../models/taxonomy';
import type { ShoeboxDb } from './db';
import { recountLabels, withLabelChosen, withLabelEdits } from './label-repo';
import type { LabelInfo, PhotoRow } from './types';

/**
 * A label added to or taken off many photos (batch-repo.ts runs it), as the person's edit
 * (`userEdits.addedLabels`, `removedLabels`): a removed model label stays removed, an added one
 * stays, through every re-index; the backup carries both.
 */
export interface LabelChange {
  kind: 'label';
  name: string;
  add: boolean;
}

/** Where the label stood in the photo's edits before (in its added, in its removed), and the model's finding of it that a removal drops. */
export type LabelBefore = [added: boolean, removed: boolean, model?: LabelInfo];

export const labelName = (name: string) => name.trim().toLowerCase();

/** The photo with the label added or taken off, and where it stood; undefined when it is so already. */
export function labelled(photo: PhotoRow, change: LabelChange): { row: PhotoRow; before: LabelBefore } | undefined {
  const name = labelName(change.name);
  if (photo.labels.includes(name) === change.add) return undefined;
  const edits = photo.userEdits ?? {};
  const was: [boolean, boolean] = [!!edits.addedLabels?.includes(name), !!edits.removedLabels?.includes(name)];
  const model = photo.labelInfo.find((l) => l.name === name && l.source === 'model');
  const before: LabelBefore = model ? [...was, model] : was;
  return { row: withLabelChosen(photo, name, change.add), before };
}

/** The photo with the label where it stood before, unless the person changed it since (undefined then). */
export function unlabelled(photo: PhotoRow, change: LabelChange, before: LabelBefore): PhotoRow | undefined {
  const name = labelName(change.name);
  if (photo.labels.includes(name) !== change.add) return undefined;
  const edits = photo.userEdits ?? {};
  const put = (list: string[] | undefined, on: boolean) => [...(list ?? []).filter((l) => l !== name), ...(on ? [name] : [])];
  return withLabelEdits(photo, { ...edits, addedLabels: put(edits.addedLabels, before[0]), removedLabels: put(edits.removedLabels, before[1]) }, before[2]);
}

/** The label's count and its category's, inside the batch's transaction. */
export const recountLabel = (db: ShoeboxDb, change: LabelChange) => {
  const name = labelName(change.name);
  return recountLabels(db, [{ labels: [name], categories: [categoryOf(name) ?? []].flat() }]);
};

export function describeLabel(change: LabelChange, photos: string): string {
  return change.add ? `Labelled ${photos} ${labelName(change.name)}` : `Took the label ${labelName(change.name)} off ${photos}`;
}
