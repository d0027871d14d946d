import { categoryOf } from '../../models/taxonomy';
import type { ShoeboxDb } from './db';
import type { LabelCount, LabelInfo, PhotoRow, UserEdits } from './types';
import { shownPhotos } from './visibility';
import { mergeAnswers } from './teach';

/** Photos at least this wide for their height are panoramas (PhotoPrism's rule is the same). */
export const PANORAMA_ASPECT = 1.9;

/** Common screen sizes (either orientation): a PNG of one of them without camera EXIF is a screenshot. */
const SCREEN_WIDTHS = new Set([640, 750, 768, 800, 828, 1024, 1080, 1125, 1170, 1179, 1242, 1280, 1284, 1290, 1334, 1366, 1440, 1536, 1600, 1680, 1792, 1920, 2048, 2160, 2208, 2224, 2388, 2436, 2532, 2556, 2560, 2688, 2732, 2778, 2796, 2880, 3024, 3440, 3840]);

/** Labels that follow from the picture's shape and origin, without a model. */
export function ruleLabels(photo: Pick<PhotoRow, 'width' | 'height' | 'mediaType' | 'make' | 'model'> & { monochrome?: boolean }): string[] {
  const out: string[] = [];
  if (photo.monochrome) out.push('monochrome');
  const long = Math.max(photo.width, photo.height);
  const short = Math.min(photo.width, photo.height);
  if (short > 0 && photo.width / photo.height >= PANORAMA_ASPECT) out.push('panorama');
  if (photo.mediaType === 'image/png' && !photo.make && !photo.model && (SCREEN_WIDTHS.has(photo.width) || SCREEN_WIDTHS.has(photo.height)) && long / short <= 2.4) {
    out.push('screenshot');
  }
  return out;
}

/** A label a model gave: the detector's, or a taught label's suggestion (`taught`). */
export interface ModelLabel {
  name: string;
  score: number;
  taught?: boolean;
}

/** The labels a model gave the photo, as they are kept when it is composed again. */
export function modelLabels(labelInfo: readonly LabelInfo[]): ModelLabel[] {
  return labelInfo.flatMap((l) => (l.source === 'model' ? [{ name: l.name, score: l.score ?? 0 }] : l.source === 'taught' ? [{ name: l.name, score: l.score ?? 0, taught: true }] : []));
}

/**
 * The labels a photo shows: the model's (and taught labels' suggestions), the rules', the person's
 * additions, less what the person removed (a removed model label stays removed through every re-index). Names are lower case.
 */
export function composeLabels(
  photo: Pick<PhotoRow, 'width' | 'height' | 'mediaType' | 'make' | 'model'> & { monochrome?: boolean; keywords?: readonly string[] },
  model: readonly ModelLabel[] | undefined,
  edits: UserEdits | undefined,
): Pick<PhotoRow, 'labels' | 'categories' | 'labelInfo'> {
  const removed = new Set((edits?.removedLabels ?? []).map((l) => l.toLowerCase()));
  const info = new Map<string, LabelInfo>();
  // The detector's first: a taught label of the same name adds nothing to it.
  for (const l of [...(model ?? [])].sort((a, b) => Number(a.taught ?? false) - Number(b.taught ?? false))) {
    const name = l.name.toLowerCase();
    if (!info.has(name)) info.set(name, { name, source: l.taught ? 'taught' : 'model', score: l.score });
  }
  for (const name of ruleLabels(photo)) info.set(name, { name, source: 'rule' });
  // Tags other tools wrote into the file (digiKam, Lightroom…) are labels too.
  for (const keyword of photo.keywords ?? []) {
    const name = keyword.trim().toLowerCase();
    if (name && !info.has(name)) info.set(name, { name, source: 'xmp' });
  }
  for (const name of edits?.addedLabels ?? []) info.set(name.toLowerCase(), { name: name.toLowerCase(), source: 'user' });
  for (const name of removed) info.delete(name);
  const labelInfo = [...info.values()];
  const labels = labelInfo.map((l) => l.name);
  const categories = [...new Set(labels.flatMap((l) => categoryOf(l) ?? []))];
  return { labels, categories, labelInfo };
}

/**
 * Bring the label counts up to date for the names a write touched, through the multiEntry
 * indexes, inside the caller's transaction (which must include `photos` and `labelCounts`).
 */
export async function recountLabels(db: ShoeboxDb, touched: { labels?: readonly string[]; categories?: readonly string[] }[]): Promise<void> {
  const names = new Map<string, LabelCount['kind']>();
  for (const t of touched) {
    for (const l of t.labels ?? []) names.set(`label:${l}`, 'label');
    for (const c of t.categories ?? []) names.set(`category:${c}`, 'category');
  }
  for (const [key, kind] of names) {
    const name = key.slice(kind.length + 1);
    const index = kind === 'label' ? 'labels' : 'categories';
    const count = await db.photos.where(index).equals(name).count();
    if (!count) {
      await db.labelCounts.delete(key);
      continue;
    }
    const cover = (await db.photos.where(index).equals(name).primaryKeys())[0] as string;
    await db.labelCounts.put({ key, name, kind, count, cover });
  }
}

/**
 * Every label and category with its count and cover, most used first (a few hundred rows at
 * most), as shown (visibility.ts): with private photos hidden, they are not counted, never a
 * cover, and a label only they carry is left out.
 */
export async function labelCounts(db: ShoeboxDb, includePrivate = false): Promise<LabelCount[]> {
  const rows = await db.transaction('r', [db.photos, db.labelCounts], async () => {
    const [stored, shown] = await Promise.all([db.labelCounts.toArray(), shownPhotos(db, includePrivate)]);
    return Promise.all(stored.map(async (row) => {
      const seen = await shown.name(row.kind === 'label' ? 'labels' : 'categories', row.name, row);
      return seen && { ...row, ...seen };
    }));
  });
  return rows.filter((r) => r !== undefined).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

/**
 * The photo with these edits and its labels composed again from them (what the model found stays
 * the model's). `modelAgain`: a model label taken off before, put back as the model's (an undo).
 */
export function withLabelEdits(photo: PhotoRow, userEdits: UserEdits, modelAgain?: LabelInfo): PhotoRow {
  const model = modelLabels([...photo.labelInfo, ...(modelAgain ? [modelAgain] : [])]);
  // Model labels the person removed earlier are gone from labelInfo; bringing one back re-adds it as theirs.
  return { ...photo, ...composeLabels(photo, model, userEdits), userEdits };
}

/** How many of these photos carry each label, most first: read 500 rows at a time (labels only are kept). */
export async function labelsAcross(db: ShoeboxDb, ids: readonly string[]): Promise<{ name: string; count: number }[]> {
  const counts = new Map<string, number>();
  for (let at = 0; at < ids.length; at += 500) {
    for (const p of await db.photos.bulkGet(ids.slice(at, at + 500))) {
      for (const name of p?.labels ?? []) counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

/**
 * The photo with the label as the person's own (`add`) or taken off for good, both through
 * re-indexing; the photo itself when it is so already.
 */
export function withLabelChosen(photo: PhotoRow, name: string, add: boolean): PhotoRow {
  const edits = photo.userEdits ?? {};
  const [into, from] = add ? [edits.addedLabels, edits.removedLabels] : [edits.removedLabels, edits.addedLabels];
  if (into?.includes(name) && !from?.includes(name)) return photo;
  const chosen = [...new Set([...(into ?? []), name])];
  const other = (from ?? []).filter((l) => l !== name);
  return withLabelEdits(photo, { ...edits, addedLabels: add ? chosen : other, removedLabels: add ? other : chosen });
}

/** Add or remove a label on a photo, as the person's choice: it sticks through re-indexing (a taught label's suggestion confirmed or removed). */
export async function editLabels(db: ShoeboxDb, id: string, change: { add?: string; remove?: string }): Promise<PhotoRow | undefined> {
  return db.transaction('rw', [db.photos, db.labelCounts, db.taught], async () => {
    const photo = await db.photos.get(id);
    if (!photo) return undefined;
    const add = change.add?.trim().toLowerCase();
    const remove = change.remove?.trim().toLowerCase();
    // Confirming or removing a taught label is an answer too: the label learns from it next time.
    if (add) await answerTaught(db, id, add, true);
    if (remove) await answerTaught(db, id, remove, false);
    let next = add ? withLabelChosen(photo, add, true) : photo;
    if (remove) next = withLabelChosen(next, remove, false);
    await db.photos.put(next);
    await recountLabels(db, [photo, next]);
    return next;
  });
}

/**
 * The person confirmed or removed a label on a photo (the viewer): when it is a taught label, the
 * photo joins its answers, inside the caller's transaction (which includes `taught`).
 */
async function answerTaught(db: ShoeboxDb, id: string, name: string, isIt: boolean): Promise<void> {
  const row = await db.taught.get(name);
  if (row) await db.taught.put({ ...row, ...mergeAnswers(row, isIt ? [id] : [], isIt ? [] : [id]) });
}
