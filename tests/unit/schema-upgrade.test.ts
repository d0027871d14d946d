import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { ShoeboxDb } from '../../src/catalog/db';
import { labelCounts } from '../../src/catalog/label-repo';
import { listAlbums } from '../../src/catalog/album-repo';
import { listPeople } from '../../src/catalog/face-repo';
import { catalogueReads } from '../../src/catalog/search-reads';
import { search } from '../../src/search/planner';
import { keepPreviews, visionBackend } from '../../src/catalog/settings-repo';
import { keysOfMonth, monthBuckets } from '../../src/catalog/timeline-repo';
import { pathWords, photoTerms } from '../../src/catalog/terms';
import { groupKey } from '../../src/catalog/stack-rules';
import { hiddenNamesOf } from '../../src/catalog/visibility';
import type { PhotoRow } from '../../src/catalog/types';
import { LATEST_FIXTURE, SCHEMAS, TAKEN, monthIndex, rowsAt } from './schema-fixtures';

/**
 * A catalogue made by any earlier schema version opens in today's app with nothing lost: each
 * version's database is built with exactly that version's stores and rows (schema-fixtures.ts),
 * closed, and opened with today's ShoeboxDb, which upgrades it.
 */

let seq = 0;
const opened: Dexie[] = [];
afterEach(async () => {
  for (const d of opened.splice(0)) {
    d.close();
    await d.delete();
  }
});

/** A Dexie with exactly the stores versions 1 … `v` declared (no upgrade code: a fresh database is made at `v`). */
function oldSchema(name: string, v: number): Dexie {
  const old = new Dexie(name);
  for (const s of SCHEMAS.filter((s) => s.version <= v)) old.version(s.version).stores({ ...s.stores });
  return old;
}

/** Version `v`'s catalogue, written and closed, then opened by today's app. */
async function upgradedFrom(v: number): Promise<ShoeboxDb> {
  const name = `upgrade-${v}-${++seq}`;
  const old = oldSchema(name, v);
  await old.open();
  const rows = rowsAt(v);
  await old.transaction('rw', old.tables, async () => {
    for (const [table, list] of Object.entries(rows)) await old.table(table).bulkAdd(list);
  });
  old.close();
  const db = new ShoeboxDb(name);
  opened.push(db);
  await db.open();
  return db;
}

const bytes = async (b: Blob) => [...new Uint8Array(await b.arrayBuffer())];
const ids = async (db: ShoeboxDb, query: string, includePrivate = false) => (await search(catalogueReads(db), query, { includePrivate })).ids;
const sorted = (list: readonly string[] | undefined) => [...(list ?? [])].sort();

describe('schema fixtures', () => {
  it("cover today's schema: a new version in db.ts needs its fixture in schema-fixtures.ts", async () => {
    const db = new ShoeboxDb(`latest-${++seq}`);
    opened.push(db);
    await db.open();
    expect(LATEST_FIXTURE, 'db.ts has a schema version schema-fixtures.ts does not know').toBe(db.verno);
    // The frozen stores, declared together, are today's stores.
    const frozen = oldSchema(`frozen-${++seq}`, LATEST_FIXTURE);
    opened.push(frozen);
    await frozen.open();
    const shape = (d: Dexie) =>
      Object.fromEntries(d.tables.map((t) => [t.name, [t.schema.primKey.src, ...t.schema.indexes.map((i) => i.src).sort()]]).sort(([a], [b]) => String(a).localeCompare(String(b))));
    expect(shape(frozen)).toEqual(shape(db));
  });
});

describe.each(SCHEMAS.map((s) => s.version))('a catalogue made at schema version %i', (v) => {
  it('keeps every row and every field it had', async () => {
    const db = await upgradedFrom(v);
    expect(db.verno).toBe(LATEST_FIXTURE);
    for (const [table, list] of Object.entries(rowsAt(v))) {
      const now = await db.table(table).toArray();
      expect(now.length, table).toBe(list.length);
      for (const before of list) {
        const key = table === 'meta' || table === 'settings' || table === 'labelCounts' ? before.key : table === 'months' ? before.month : table === 'clusters' ? before.personId : before.id;
        const after = await db.table(table).get(key as never);
        // Blobs are compared by their bytes; everything else field by field, but the derived search
        // terms and file words, which an upgrade may recompute (checked against today's derivation below).
        const plain = Object.fromEntries(Object.entries(before).filter(([field, value]) => !(value instanceof Blob) && !(table === 'photos' && field === 'terms') && !(table === 'files' && field === 'words')));
        expect(after, `${table} ${String(key)}`).toMatchObject(plain);
        for (const [field, value] of Object.entries(before)) {
          if (value instanceof Blob) expect(await bytes(after[field]), `${table} ${String(key)}.${field}`).toEqual(await bytes(value));
        }
      }
    }
  });

  it("keeps the person's edits", async () => {
    const db = await upgradedFrom(v);
    const beach = (await db.photos.get('h-beach')) as PhotoRow;
    expect(beach).toMatchObject({ title: 'At the beach', rating: 4, keywords: ['holiday', 'Lisbon'] });
    expect(beach.userEdits).toMatchObject({ title: 'At the beach', rating: 4, keywords: ['holiday', 'Lisbon'] });
    if (v >= 5) {
      expect(beach.labels).toContain('sea');
      expect(beach.labels).not.toContain('umbrella');
      expect(beach.userEdits).toMatchObject({ addedLabels: ['sea'], removedLabels: ['umbrella'] });
    }
    if (v >= 7) expect(await db.photos.get('h-secret')).toMatchObject({ private: true, hidden: 1, userEdits: { private: true, rating: 2 } });
    if (v >= 9) {
      expect(beach).toMatchObject({ favorite: true, albums: ['Summer 2019'], userEdits: { favorite: true, albums: ['Summer 2019'] } });
      expect(await db.photos.get('h-cat')).toMatchObject({ albums: ['Summer 2019'], userEdits: { albums: ['Summer 2019'] } });
    }
    expect(await db.sources.get(1)).toMatchObject({ name: 'Family', kind: 'input' });
    expect(await keepPreviews(db)).toBe(v < 4);
    expect(await visionBackend(db)).toBe(v >= 5 ? 'wasm' : '');
  });

  it('fills what later versions added, as today’s code would write it', async () => {
    const db = await upgradedFrom(v);
    for (const p of await db.photos.toArray()) {
      expect(p, p.id).toMatchObject({ labels: expect.any(Array), categories: expect.any(Array), labelInfo: expect.any(Array), colors: expect.any(Array), monochrome: expect.any(Boolean), private: expect.any(Boolean) });
      expect(p.hidden, p.id).toBe(p.private ? 1 : 0);
      // Derived search fields equal what today's code derives (else the upgrade must recompute them).
      expect(sorted(p.terms), p.id).toEqual(sorted(photoTerms(p)));
      // v12: a hidden photo's names are in the index views count by (visibility.ts).
      expect(p.hiddenNames ?? [], p.id).toEqual(hiddenNamesOf(p));
    }
    for (const f of await db.files.toArray()) expect(sorted(f.words), f.path).toEqual(sorted(pathWords(f.path)));
    // v10: the photo whose only file is gone is marked missing, and only it.
    if (LATEST_FIXTURE >= 10) expect((await db.photos.toArray()).filter((p) => (p as { missing?: boolean }).missing).map((p) => p.id)).toEqual(['h-gone']);
    // v11: the beach photo and its MOV are one Live Photo; files know their group.
    expect((await db.photos.toArray()).filter((p) => p.live).map((p) => p.id)).toEqual(['h-beach']);
    for (const f of await db.files.toArray()) expect(f.group, f.path).toBe(groupKey(f.path));
    for (const j of await db.jobs.toArray()) expect([0, 1]).toContain(j.peeked);
    // Month counts agree with the photos, private ones counted but not visible.
    const photos = await db.photos.toArray();
    const expected = new Map<number, { month: number; count: number; visible: number }>();
    for (const p of photos) {
      const m = expected.get(monthIndex(p.takenAt)) ?? { month: monthIndex(p.takenAt), count: 0, visible: 0 };
      m.count++;
      if (!p.hidden) m.visible++;
      expected.set(m.month, m);
    }
    expect(await monthBuckets(db)).toEqual([...expected.values()].sort((a, b) => b.month - a.month));
    // Label counts agree with the photos' labels.
    const counted = new Map<string, number>();
    for (const p of photos) {
      for (const l of p.labels) counted.set(`label:${l}`, (counted.get(`label:${l}`) ?? 0) + 1);
      for (const c of p.categories) counted.set(`category:${c}`, (counted.get(`category:${c}`) ?? 0) + 1);
    }
    const rows = await db.labelCounts.toArray();
    expect(new Map(rows.map((r) => [r.key, r.count]))).toEqual(counted);
    for (const r of rows) expect((await db.photos.get(r.cover))?.[r.kind === 'label' ? 'labels' : 'categories'], r.key).toContain(r.name);
  });

  it('every index answers: timeline, search, labels, albums, people', async () => {
    const db = await upgradedFrom(v);
    const july = monthIndex(TAKEN.beach);
    expect((await keysOfMonth(db, july)).map((k) => k[1])).toEqual(['h-cat', 'h-beach']);
    expect(await ids(db, 'holiday')).toEqual(['h-beach']);
    expect(await ids(db, 'camera:canon')).toEqual(['h-beach']);
    expect(await ids(db, 'title:beach')).toEqual(['h-beach']);
    expect(await ids(db, 'rating:>=2', true)).toEqual(['h-secret', 'h-beach']);
    expect(await ids(db, 'folder:2019')).toEqual(['h-cat', 'h-beach']);
    expect(await ids(db, 'year:2019')).toEqual(['h-cat', 'h-beach']);
    expect(await ids(db, 'lat:38.72 lng:-9.14 dist:2')).toEqual(['h-beach']);
    expect(await ids(db, 'missing:true')).toEqual(['h-gone']);
    // v13: a file's name as typed finds it, extension and all.
    expect(await ids(db, 'beach.jpg')).toEqual(['h-beach']);
    expect(await ids(db, 'cat.JPG')).toEqual(['h-cat']);
    const secretMonth = monthIndex(TAKEN.secret);
    if (v >= 7) {
      // Private photos stay out of sight through the visibility-first index.
      expect(await keysOfMonth(db, secretMonth)).toEqual([]);
      expect((await keysOfMonth(db, secretMonth, true)).map((k) => k[1])).toEqual(['h-secret']);
      expect(await ids(db, 'private:true')).toEqual(['h-secret']);
      expect(await ids(db, 'fujifilm')).toEqual(['h-cat']);
    } else {
      expect((await keysOfMonth(db, secretMonth)).map((k) => k[1])).toEqual(['h-secret']);
      expect(await ids(db, 'fujifilm')).toEqual(['h-secret', 'h-cat']);
    }
    if (v >= 5) {
      expect(await ids(db, 'label:cat', true)).toEqual(['h-secret', 'h-cat']);
      expect(await ids(db, 'sea')).toEqual(['h-beach']);
      expect(await ids(db, 'umbrella')).toEqual([]);
      expect(await ids(db, 'category:animal', true)).toEqual(['h-secret', 'h-cat']);
      expect((await labelCounts(db, true)).find((c) => c.key === 'label:cat')?.count).toBe(2);
      expect((await labelCounts(db)).find((c) => c.key === 'label:cat')).toMatchObject({ count: v >= 7 ? 1 : 2, cover: v >= 7 ? 'h-cat' : expect.any(String) });
    } else {
      expect(await labelCounts(db)).toEqual([]);
    }
    if (v >= 6) expect(await ids(db, 'color:orange')).toEqual(['h-cat']);
    if (v >= 8) {
      expect(await ids(db, 'person:"Ann Lee"')).toEqual(['h-beach']);
      expect(await ids(db, 'person:"Ann Lee"', true)).toEqual(['h-secret', 'h-beach']);
      expect((await listPeople(db)).map((p) => p.name)).toEqual([undefined, 'Ann Lee']);
    }
    if (v >= 9) {
      expect(await ids(db, 'album:"Summer 2019"')).toEqual(['h-cat', 'h-beach']);
      expect(await ids(db, 'favorite:true')).toEqual(['h-beach']);
      expect(await listAlbums(db)).toMatchObject([{ name: 'Summer 2019', count: 2 }]);
    }
  });
});
