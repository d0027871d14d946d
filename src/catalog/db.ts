import Dexie, { type DBCore, type DBCoreMutateRequest, type EntityTable, type Table } from 'dexie';
import { pathWords, photoTerms } from './terms';
import { fileGroup, groupKey, stackOf } from './stack-rules';
import type { BatchRow, UndoChunk } from './batch-repo';
import { restackGroups } from './stack-repo';
import { rebuildMonthsIn, type MonthBucket } from './timeline-repo';
import { hiddenNamesOf, hiddenOf } from './visibility';
import { dupKeys } from './near-duplicates';
import type { EmbeddingRow, TaughtRow, ClusterRow, FaceHint, FaceRow, FileRow, ImageRow, ImportProgress, JobRow, LabelCount, PersonRow, PhotoLogRow, PhotoRow, PostingsRow, SettingRow, SourceRow } from './types';

export class ShoeboxDb extends Dexie {
  sources!: EntityTable<SourceRow, 'id'>;
  files!: EntityTable<FileRow, 'id'>;
  photos!: EntityTable<PhotoRow, 'id'>;
  thumbs!: EntityTable<ImageRow, 'id'>;
  previews!: EntityTable<ImageRow, 'id'>;
  jobs!: EntityTable<JobRow, 'id'>;
  meta!: Table<ImportProgress, string>;
  months!: Table<MonthBucket, number>;
  settings!: Table<SettingRow, string>;
  labelCounts!: Table<LabelCount, string>;
  faces!: Table<FaceRow, string>;
  people!: EntityTable<PersonRow, 'id'>;
  clusters!: Table<ClusterRow, number>;
  faceHints!: EntityTable<FaceHint, 'id'>;
  batches!: EntityTable<BatchRow, 'id'>;
  undo!: EntityTable<UndoChunk, 'id'>;
  embeddings!: Table<EmbeddingRow, string>;
  taught!: Table<TaughtRow, string>;
  photoLog!: Table<PhotoLogRow, number>;
  postings!: Table<PostingsRow, string>;

  constructor(name = 'shoebox') {
    super(name);
    // Versions 4, 8, 14, 15, 17 and 18 changed only stores, with nothing to fill: they are not
    // declared on their own, their stores are declared with the next version that is (5, 9, 16
    // and 19). Each `stores()` parses every version declared before it again and redefines every
    // table's accessors (Dexie's `Version.stores`): the 16 calls made a catalogue in 31–42 ms cold
    // in Node (8.5–11 warm), these 11 in 16–20 (2.6–5). A version's stores must not move past the next
    // declared version: at each version an upgrade goes through, Dexie deletes the tables that
    // version's schema does not name (a catalogue made at 8 would lose its faces at 9).
    // tests/unit/schema-upgrade.test.ts opens a catalogue of every version 1–19.
    this.version(1).stores({
      sources: '++id, name',
      files: '++id, &[sourceId+path], hash, status, [sourceId+status]',
      photos: '&id, [takenAt+id]',
      thumbs: '&id',
      previews: '&id',
      jobs: '++id, &[sourceId+path], sourceId',
      meta: '&key',
    });
    // v2: jobs know whether their embedded thumbnail was looked for.
    this.version(2)
      .stores({ jobs: '++id, &[sourceId+path], sourceId, peeked' })
      .upgrade((tx) => tx.table('jobs').toCollection().modify({ peeked: 0 }));
    // v3: photo counts per month, so the grid lays out without reading every photo's key.
    this.version(3)
      .stores({ months: '&month' })
      .upgrade(async (tx) => {
        const counts = new Map<number, number>();
        await tx.table('photos').orderBy('[takenAt+id]').eachKey((key) => {
          const d = new Date((key as unknown as [number])[0]);
          const month = d.getUTCFullYear() * 12 + d.getUTCMonth();
          counts.set(month, (counts.get(month) ?? 0) + 1);
        });
        await tx.table('months').bulkPut([...counts].map(([month, count]) => ({ month, count })));
      });
    // v4: the person's settings (keep previews, …).
    // v5: what photos show — labels and categories, searchable through multiEntry indexes.
    this.version(5)
      .stores({ photos: '&id, [takenAt+id], *labels, *categories', labelCounts: '&key', settings: '&key' })
      .upgrade((tx) => tx.table('photos').toCollection().modify((p: Partial<PhotoRow>) => {
        p.labels ??= [];
        p.categories ??= [];
        p.labelInfo ??= [];
      }));
    // v6: dominant colours, searchable (`color:red`).
    this.version(6)
      .stores({ photos: '&id, [takenAt+id], *labels, *categories, *colors' })
      .upgrade((tx) => tx.table('photos').toCollection().modify((p: Partial<PhotoRow>) => {
        p.colors ??= [];
        p.monochrome ??= false;
      }));
    // v7: private photos leave the timeline through a visibility-first index.
    this.version(7)
      .stores({ photos: '&id, [takenAt+id], [hidden+takenAt+id], *labels, *categories, *colors' })
      .upgrade(async (tx) => {
        await tx.table('photos').toCollection().modify((p: Partial<PhotoRow>) => {
          p.private ??= false;
          p.hidden = p.private ? 1 : 0;
        });
        await tx.table('months').toCollection().modify((m: { count: number; visible?: number }) => {
          m.visible = m.count;
        });
      });
    // v8: faces, the people they belong to, each person's descriptor summary, and names from
    // an imported catalogue waiting for their faces.
    // v9: the search planner's indexes: every filter is one indexed read (see catalog/terms.ts),
    // places through a latitude-first compound index, folders and file names on the files.
    this.version(9)
      .stores({
        photos: '&id, [takenAt+id], [hidden+takenAt+id], *labels, *categories, *colors, *terms, [gps.lat+gps.lng]',
        files: '++id, &[sourceId+path], hash, status, [sourceId+status], path, *words',
        faces: '&id, photoId, personId, [personId+photoId]', people: '++id, nameKey', clusters: '&personId', faceHints: '++id, photoId',
      })
      .upgrade(async (tx) => {
        await tx.table('photos').toCollection().modify((p: PhotoRow) => {
          p.terms = photoTerms(p);
        });
        await tx.table('files').toCollection().modify((f: FileRow) => {
          f.words = pathWords(f.path);
        });
      });
    // v10: a photo no file shows any more is marked missing (identity.ts). Catalogues made before
    // could hold such photos unmarked: a file edited in place left its old photo behind.
    this.version(10).upgrade(async (tx) => {
      const shown = new Set<string>();
      await tx.table('files').each((f: FileRow) => {
        if (f.hash && f.status !== 'missing') shown.add(f.hash);
      });
      await tx.table('photos').toCollection().modify((p: PhotoRow) => {
        if (p.provisional) return;
        p.missing = !shown.has(p.id);
        p.terms = photoTerms(p);
      });
    });
    // v11: stacks (RAW + JPEG, bursts, Live Photos: stack-rules.ts). Files know their shot's
    // group (`[sourceId+group]`, so grouping reads only a file's siblings); photos their stack
    // (`stack`), and a folded member leaves the timeline as `hidden` 2 (visibility.ts). Groups
    // already on disk are placed now, once.
    this.version(11)
      .stores({
        photos: '&id, [takenAt+id], [hidden+takenAt+id], *labels, *categories, *colors, *terms, [gps.lat+gps.lng], stack',
        files: '++id, &[sourceId+path], hash, status, [sourceId+status], path, *words, [sourceId+group]',
      })
      .upgrade(async (tx) => {
        const sizes = new Map<string, number>();
        await tx.table('files').toCollection().modify((f: FileRow) => {
          f.group = groupKey(f.path);
          const key = JSON.stringify([f.sourceId, f.group]);
          sizes.set(key, (sizes.get(key) ?? 0) + 1);
        });
        // Only a group of two files or more can be a stack or a Live Photo.
        const groups = [...sizes].flatMap(([key, n]) => (n > 1 ? [JSON.parse(key) as [number, string]] : []));
        const changed = await restackGroups(tx.table('files'), tx.table('photos'), groups);
        if (changed.length) await rebuildMonthsIn(tx.table('photos'), tx.table('months'));
      });
    // v12: hidden photos' names (labels, categories, albums, cameras…) through an index, so label
    // lists, albums and suggestions leave hidden photos out without reading their rows
    // (visibility.ts `hiddenNamesOf`). Only hidden photos carry entries: they are filled now.
    this.version(12)
      .stores({ photos: '&id, [takenAt+id], [hidden+takenAt+id], *labels, *categories, *colors, *terms, [gps.lat+gps.lng], stack, *hiddenNames' })
      .upgrade(async (tx) => {
        const hidden = tx.table('photos').where('[hidden+takenAt+id]').between([1], [3]);
        await hidden.modify((p: PhotoRow) => {
          p.hiddenNames = hiddenNamesOf(p);
        });
      });
    // v13: files are found by their names as people type them ("IMG_0003", "volna-5k",
    // "img_0003.jpg"), not only by the letters-and-digits words of their paths (`pathWords`).
    this.version(13).upgrade((tx) => tx.table('files').toCollection().modify((f: FileRow) => {
      f.words = pathWords(f.path);
    }));
    // v14: batch edits and their undo journal (batch-repo.ts); archived photos leave the timeline
    // as `hidden` 3 and 4 (visibility.ts), which no photo had before: nothing to fill.
    // v15: near duplicates through the perceptual hash's bands (near-duplicates.ts `dupKeys`,
    // derived on every write). No photo has a hash yet: each gets one when it is indexed again.
    // v16: photos with GPS get a place name (town, region, country) from the bundled gazetteer,
    // named in the search worker (place-repo.ts); those waiting carry the `is:unplaced` term.
    this.version(16)
      .stores({
        photos: '&id, [takenAt+id], [hidden+takenAt+id], *labels, *categories, *colors, *terms, [gps.lat+gps.lng], stack, *hiddenNames, *dupKeys',
        batches: '++id, state',
        undo: '++id, batch',
      })
      .upgrade((tx) => tx.table('photos').orderBy('[gps.lat+gps.lng]').modify((p: PhotoRow) => {
        p.terms = photoTerms(p);
      }));
    // v17: what each photo looks like, for "More like this" (vision/embedding.ts), beside the
    // photos so their rows stay small; made when a photo is indexed (again).
    // v18: labels the person taught by example (taught-repo.ts).
    // v19: every write of photos is logged (`photoLog`, by photoLogging below) and the search
    // worker keeps its postings between sessions (`postings`, postings.ts): a reopened library
    // loads them and reads only the photos logged since. Nothing to fill: the first build saves.
    this.version(19).stores({ photoLog: '++seq', postings: '&name', embeddings: '&id', taught: '&name' });
    this.use(derivedFields);
    this.use(photoLogging);
  }
}

/** Derived search fields are computed on every write, so no code path can forget them. */
const DERIVE: Record<string, (row: never) => object> = {
  photos: (p: PhotoRow) => {
    const stack = stackOf(p);
    const row = { ...p, ...(stack ? { stack } : {}), terms: photoTerms(p), hidden: hiddenOf(p), dupKeys: dupKeys(p.phash) };
    return { ...row, hiddenNames: hiddenNamesOf(row) };
  },
  files: (f: FileRow) => ({ ...f, words: pathWords(f.path), group: fileGroup(f) }),
};

const derivedFields = {
  stack: 'dbcore' as const,
  name: 'shoebox-derived-fields',
  create: (down: DBCore) => ({
    ...down,
    table(name: string) {
      const table = down.table(name);
      const derive = DERIVE[name];
      if (!derive) return table;
      return {
        ...table,
        mutate(req: DBCoreMutateRequest) {
          if (req.type !== 'add' && req.type !== 'put') return table.mutate(req);
          return table.mutate({ ...req, values: req.values.map((v) => derive(v as never)) });
        },
      };
    },
  }),
};

/**
 * Every transaction that may write photos also writes `photoLog`: one row per photo written or
 * deleted (its id), or `*` for a delete by range or a cleared table, in the same transaction, so
 * the log is never behind the photos and its numbers (`seq`, IndexedDB's key generator, shared by
 * every tab and worker) order the changes. What the search worker's kept postings read to catch up
 * (postings.ts). An upgrade from a version before the log writes none (the store is not there
 * yet): postings saved at another schema version are not used.
 */
const photoLogging = {
  stack: 'dbcore' as const,
  name: 'shoebox-photo-log',
  create: (down: DBCore): DBCore => {
    if (!down.schema.tables.some((t) => t.name === 'photoLog')) return down;
    return {
      ...down,
      transaction(stores, mode, options) {
        const widened = mode === 'readwrite' && stores.includes('photos') && !stores.includes('photoLog') ? [...stores, 'photoLog'] : stores;
        return down.transaction(widened, mode, options);
      },
      table(name: string) {
        const table = down.table(name);
        if (name !== 'photos') return table;
        const log = down.table('photoLog');
        return {
          ...table,
          mutate(req: DBCoreMutateRequest) {
            const scope = (req.trans as unknown as Partial<IDBTransaction>).objectStoreNames;
            if (scope && !scope.contains('photoLog')) return table.mutate(req);
            const ids: unknown[] = req.type === 'deleteRange' ? ['*'] : req.type === 'delete' ? req.keys : (req.keys ?? req.values.map((v) => (v as PhotoRow).id));
            if (!ids.length) return table.mutate(req);
            // Dexie's own promises only: with an async function here, transactions that write photos
            // failed with PrematureCommitError in the unit tests.
            const logged = log.mutate({ type: 'add', trans: req.trans, values: ids.map((id) => ({ id: String(id) })) });
            return table.mutate(req).then((done) => logged.then(() => done));
          },
        };
      },
    };
  },
};

let instance: ShoeboxDb | undefined;

/** The app's one catalogue. Tests make their own with `new ShoeboxDb(name)`. */
export function catalog(): ShoeboxDb {
  instance ??= new ShoeboxDb();
  return instance;
}
