import type { ShoeboxDb } from './db';
import { composeLabels, modelLabels, recountLabels, withLabelChosen, type ModelLabel } from './label-repo';
import { mergeAnswers, scoreOf, unitVector } from './teach';
import type { EmbeddingRow, PhotoRow, TaughtRow } from './types';

/**
 * Labels the person taught by example (teach.ts, "Teach a label…"): the taught table keeps, per
 * label, the photos they said are it and are not, and the model fitted on them. The photos they
 * confirmed carry the label as their own (`addedLabels`: searchable, in sidecars and the backup);
 * photos the model places above its threshold carry it as a suggestion (`taught`) until the person
 * confirms or removes it.
 */

/** The taught labels a photo with this vector gets as suggestions: those whose model scores it above their threshold. */
export function taughtFor(taught: readonly TaughtRow[], embedding: Pick<EmbeddingRow, 'v' | 's' | 'ver'> | undefined): ModelLabel[] {
  if (!embedding || !taught.length) return [];
  const x = unitVector(embedding.v, embedding.s);
  return taught.flatMap((t) => {
    if (t.model.ver !== embedding.ver || t.model.w.length !== x.length) return [];
    const score = scoreOf(t.model, x);
    return score >= t.model.threshold ? [{ name: t.name, score: suggestionScore(score, t.model.threshold), taught: true }] : [];
  });
}

/** How sure a suggestion is, 0.5 at the threshold and towards 1 above it (shown as a percentage). */
export const suggestionScore = (score: number, threshold: number) => Math.round(1000 / (1 + Math.exp(-(score - threshold)))) / 1000;

/** Written this many photos a transaction. */
const PAGE = 500;

/**
 * Keep what the person taught: the taught label's answers and model, and the label on every photo
 * they said is it (as their own), in one transaction. A photo they said is not it loses the label
 * for good (as a label they removed).
 */
export async function saveTaught(db: ShoeboxDb, row: TaughtRow): Promise<void> {
  await db.transaction('rw', [db.taught, db.photos, db.labelCounts], async () => {
    await db.taught.put(row);
    const yes = new Set(row.yes);
    const photos = (await db.photos.bulkGet([...row.yes, ...row.no])).flatMap((p) => (p ? [p] : []));
    const next = photos.map((p) => withLabelChosen(p, row.name, yes.has(p.id)));
    await db.photos.bulkPut(next);
    await recountLabels(db, [...photos, ...next]);
  });
}

/** The photo with these model labels (the detector's and taught ones), the rest composed as before. */
const withModelLabels = (photo: PhotoRow, model: ModelLabel[]): PhotoRow => ({ ...photo, ...composeLabels(photo, model, photo.userEdits) });
const otherThan = (photo: PhotoRow, name: string) => modelLabels(photo.labelInfo).filter((l) => !(l.taught && l.name === name));

/** The photo without a taught label's suggestion. */
function withoutSuggestion(photo: PhotoRow, name: string): PhotoRow {
  return photo.labelInfo.some((l) => l.source === 'taught' && l.name === name) ? withModelLabels(photo, otherThan(photo, name)) : photo;
}

/** The photo with a taught label's suggestion at `score` (shown unless the label is the person's own, or was removed). */
function withSuggestion(photo: PhotoRow, name: string, score: number): PhotoRow {
  return withModelLabels(photo, [...otherThan(photo, name), { name, score, taught: true }]);
}

/**
 * Give a taught label's suggestion to the photos `above` (id → how sure, as taughtFor scores) and
 * take it from those that had it and are no longer above; a page of photos a transaction. Returns
 * how many carry the suggestion now.
 */
export async function suggestTaught(db: ShoeboxDb, name: string, above: ReadonlyMap<string, number>): Promise<number> {
  const had = (await db.photos.where('labels').equals(name).primaryKeys()) as string[];
  const ids = [...new Set([...had, ...above.keys()])];
  let suggested = 0;
  for (let at = 0; at < ids.length; at += PAGE) {
    await db.transaction('rw', [db.photos, db.labelCounts], async () => {
      const photos = (await db.photos.bulkGet(ids.slice(at, at + PAGE))).flatMap((p) => (p ? [p] : []));
      const next: PhotoRow[] = [];
      const before: PhotoRow[] = [];
      for (const p of photos) {
        const score = above.get(p.id);
        const row = score === undefined ? withoutSuggestion(p, name) : withSuggestion(p, name, score);
        if (row.labelInfo.some((l) => l.source === 'taught' && l.name === name)) suggested++;
        if (JSON.stringify(row.labelInfo) === JSON.stringify(p.labelInfo)) continue;
        next.push(row);
        before.push(p);
      }
      await db.photos.bulkPut(next);
      await recountLabels(db, [...before, ...next]);
    });
  }
  return suggested;
}

/**
 * Taught labels a backup brings, inside the caller's transaction: a label new here arrives whole;
 * one taught here too keeps this library's model and gains the backup's answers (this library's
 * answer wins where the two differ).
 */
export async function joinTaught(db: ShoeboxDb, records: readonly TaughtRow[]): Promise<void> {
  const here = await db.taught.bulkGet(records.map((r) => r.name));
  await db.taught.bulkPut(records.map((r, i) => {
    const mine = here[i];
    return mine ? { ...mine, ...mergeAnswers(r, mine.yes, mine.no) } : r;
  }));
}

/** Photos given vectors now (not while indexing): each gets the taught labels it scores above, inside the caller's transaction. */
export async function suggestFromVectors(db: ShoeboxDb, rows: readonly EmbeddingRow[]): Promise<void> {
  const taught = await db.taught.toArray();
  if (!taught.length) return;
  const photos = await db.photos.bulkGet(rows.map((r) => r.id));
  const before: PhotoRow[] = [];
  const next: PhotoRow[] = [];
  rows.forEach((r, i) => {
    const photo = photos[i];
    const found = taughtFor(taught, r);
    if (!photo || !found.length) return;
    before.push(photo);
    next.push(found.reduce((p, f) => withSuggestion(p, f.name, f.score), photo));
  });
  await db.photos.bulkPut(next);
  await recountLabels(db, [...before, ...next]);
}
