/**
 * Catalogues as every earlier schema version wrote them, for tests/unit/schema-upgrade.test.ts.
 *
 * FROZEN: the store definitions and rows below are copies of what src/catalog/db.ts and the
 * repositories wrote at each version (from `git log -p src/catalog/db.ts src/catalog/types.ts`).
 * Never change a version's entry to follow today's code: that is what the upgrade must bridge.
 * A new schema version in db.ts needs a new entry here (the test fails until it has one).
 */

/** Each version's store changes, exactly as `this.version(n).stores(...)` declared them. */
interface Schema {
  version: number;
  stores: Readonly<Record<string, string>>;
}

export const SCHEMAS: readonly Schema[] = Object.freeze<Schema[]>([
  {
    version: 1,
    stores: {
      sources: '++id, name',
      files: '++id, &[sourceId+path], hash, status, [sourceId+status]',
      photos: '&id, [takenAt+id]',
      thumbs: '&id',
      previews: '&id',
      jobs: '++id, &[sourceId+path], sourceId',
      meta: '&key',
    },
  },
  { version: 2, stores: { jobs: '++id, &[sourceId+path], sourceId, peeked' } },
  { version: 3, stores: { months: '&month' } },
  { version: 4, stores: { settings: '&key' } },
  { version: 5, stores: { photos: '&id, [takenAt+id], *labels, *categories', labelCounts: '&key' } },
  { version: 6, stores: { photos: '&id, [takenAt+id], *labels, *categories, *colors' } },
  { version: 7, stores: { photos: '&id, [takenAt+id], [hidden+takenAt+id], *labels, *categories, *colors' } },
  { version: 8, stores: { faces: '&id, photoId, personId, [personId+photoId]', people: '++id, nameKey', clusters: '&personId', faceHints: '++id, photoId' } },
  {
    version: 9,
    stores: {
      photos: '&id, [takenAt+id], [hidden+takenAt+id], *labels, *categories, *colors, *terms, [gps.lat+gps.lng]',
      files: '++id, &[sourceId+path], hash, status, [sourceId+status], path, *words',
    },
  },
  // v10: no new stores; a photo no file shows any more is marked `missing`.
  { version: 10, stores: {} },
  {
    version: 11,
    stores: {
      photos: '&id, [takenAt+id], [hidden+takenAt+id], *labels, *categories, *colors, *terms, [gps.lat+gps.lng], stack',
      files: '++id, &[sourceId+path], hash, status, [sourceId+status], path, *words, [sourceId+group]',
    },
  },
  { version: 12, stores: { photos: '&id, [takenAt+id], [hidden+takenAt+id], *labels, *categories, *colors, *terms, [gps.lat+gps.lng], stack, *hiddenNames' } },
  // v13: no new stores; files' words take their names as typed (`IMG_0003`, `volna-5k`).
  { version: 13, stores: {} },
  // v14: batch edits and their undo journal; archived photos are `hidden` 3 and 4 (no index change).
  { version: 14, stores: { batches: '++id, state', undo: '++id, batch' } },
  // v15: near duplicates through the perceptual hash's bands; no photo has a hash before it.
  { version: 15, stores: { photos: '&id, [takenAt+id], [hidden+takenAt+id], *labels, *categories, *colors, *terms, [gps.lat+gps.lng], stack, *hiddenNames, *dupKeys' } },
  // v16: no new stores; photos with GPS wait for a place name (the `is:unplaced` term).
  { version: 16, stores: {} },
  // v17: what each photo looks like, for "More like this" (made when photos are indexed again).
  { version: 17, stores: { embeddings: '&id' } },
  // v18: labels the person taught by example.
  { version: 18, stores: { taught: '&name' } },
  // v19: the photos' change log and the search worker's saved postings (both start empty).
  { version: 19, stores: { photoLog: '++seq', postings: '&name' } },
]);

export const LATEST_FIXTURE = Math.max(...SCHEMAS.map((s) => s.version));

export const ADDED_AT = Date.UTC(2024, 4, 1, 12);
/** Taken-at of the fixture photos (wall clock as UTC, as EXIF is read). */
export const TAKEN = {
  beach: Date.UTC(2019, 6, 14, 10, 30),
  cat: Date.UTC(2019, 6, 20, 18),
  secret: Date.UTC(2020, 0, 5, 23),
  gone: Date.UTC(2018, 2, 1, 9),
} as const;
export const monthIndex = (t: number) => new Date(t).getUTCFullYear() * 12 + new Date(t).getUTCMonth();

const blob = (n: number) => new Blob([new Uint8Array([n, n + 1, n + 2])], { type: 'image/webp' });
const image = (id: string, n: number) => ({ id, blob: blob(n), width: 4, height: 3 });
const vector = (length: number, seed: number) => Float32Array.from({ length }, (_, i) => Math.sin(seed + i) / 10);

/** A person's own choices on the beach photo, as each version's editor stored them. */
function beachEdits(v: number): Record<string, unknown> {
  return {
    title: 'At the beach',
    rating: 4,
    keywords: ['holiday', 'Lisbon'],
    ...(v >= 5 ? { addedLabels: ['sea'], removedLabels: ['umbrella'] } : {}),
    ...(v >= 9 ? { favorite: true, albums: ['Summer 2019'] } : {}),
  };
}

/**
 * Frozen search terms, as v9's photoTerms wrote them (derived on every write): today's terms must
 * equal these after the upgrade, or the upgrade must recompute them.
 */
const TERMS_V9: Record<string, string[]> = {
  'h-beach': [
    'w:at', 'w:the', 'w:beach', 'w:canon', 'w:eos', 'w:5d', 'w:ef', 'w:50mm', 'w:f', 'w:1', 'w:8', 'w:holiday', 'w:lisbon', 'w:summer', 'w:2019',
    'album:summer 2019', 'albumname:Summer 2019', 'title:at', 'title:the', 'title:beach', 'camera:canon', 'camera:eos', 'camera:5d',
    'lens:ef', 'lens:50mm', 'lens:f', 'lens:1', 'lens:8', 'kw:holiday', 'kw:lisbon', 'model:canon eos 5d', 'lensname:ef 50mm f/1.8',
    'type:jpeg', 'rating:4', 'is:favorite', 'month:7', 'day:14',
  ],
  'h-cat': ['w:fujifilm', 'w:x100v', 'w:summer', 'w:2019', 'album:summer 2019', 'albumname:Summer 2019', 'camera:fujifilm', 'camera:x100v', 'model:fujifilm x100v', 'type:jpeg', 'rating:0', 'month:7', 'day:20'],
  'h-secret': ['w:fujifilm', 'w:x100v', 'camera:fujifilm', 'camera:x100v', 'model:fujifilm x100v', 'type:jpeg', 'rating:2', 'month:1', 'day:5'],
  'h-gone': ['type:png', 'rating:0', 'month:3', 'day:1'],
};

const WORDS_V9: Record<string, string[]> = {
  '2019/beach.jpg': ['2019', 'beach'],
  '2019/cat.jpg': ['2019', 'cat'],
  '2020/secret.jpg': ['2020', 'secret'],
  'broken.jpg': ['broken'],
  'gone.png': ['gone'],
  'new/waiting.jpg': ['new', 'waiting'],
  '2019/beach.mov': ['2019', 'beach'],
};
/** v13 on: the names as typed, whole and without the extension, join the words. */
const WORDS_V13: Record<string, string[]> = {
  '2019/beach.jpg': ['2019', 'beach', 'beach.jpg'],
  '2019/cat.jpg': ['2019', 'cat', 'cat.jpg'],
  '2020/secret.jpg': ['2020', 'secret', 'secret.jpg'],
  'broken.jpg': ['broken', 'broken.jpg'],
  'gone.png': ['gone', 'gone.png'],
  'new/waiting.jpg': ['new', 'waiting', 'waiting.jpg'],
  '2019/beach.mov': ['2019', 'beach', 'beach.mov'],
};

interface PhotoSpec {
  id: string;
  takenAt: number;
  name: string;
  mediaType: string;
  file: Record<string, unknown>;
  edits?: Record<string, unknown>;
  model?: { name: string; score: number }[];
  colors: string[];
  nsfw?: boolean;
  private?: boolean;
}

const PHOTOS: PhotoSpec[] = [
  {
    id: 'h-beach', takenAt: TAKEN.beach, name: 'beach.jpg', mediaType: 'image/jpeg',
    file: { make: 'Canon', model: 'Canon EOS 5D', lens: 'EF 50mm f/1.8', fNumber: 1.8, iso: 100, gps: { lat: 38.7223, lng: -9.1393 }, keywords: ['holiday'], title: 'IMG_0001', rating: 0 },
    model: [{ name: 'person', score: 0.91 }, { name: 'umbrella', score: 0.6 }],
    colors: ['blue', 'gold'],
  },
  {
    id: 'h-cat', takenAt: TAKEN.cat, name: 'cat.jpg', mediaType: 'image/jpeg',
    file: { make: 'FUJIFILM', model: 'X100V', keywords: [] },
    model: [{ name: 'cat', score: 0.88 }],
    colors: ['orange'],
  },
  {
    // Private from v7 on: the person said so (and the model agreed).
    id: 'h-secret', takenAt: TAKEN.secret, name: 'secret.jpg', mediaType: 'image/jpeg',
    file: { make: 'FUJIFILM', model: 'X100V', keywords: [] },
    edits: { rating: 2 },
    model: [{ name: 'cat', score: 0.8 }, { name: 'person', score: 0.7 }],
    colors: ['red'],
    nsfw: true,
    private: true,
  },
  {
    // Its only file has gone from the folder: the photo and its data stay.
    id: 'h-gone', takenAt: TAKEN.gone, name: 'gone.png', mediaType: 'image/png',
    file: { keywords: [] },
    colors: ['grey'],
  },
];

const CATEGORY: Record<string, string> = { person: 'people', cat: 'animal' };

/** A photo row as version `v`'s code wrote it. */
function photoRow(v: number, p: PhotoSpec): Record<string, unknown> {
  const edits = p.id === 'h-beach' ? beachEdits(v) : { ...(p.edits ?? {}), ...(v >= 7 && p.private ? { private: true } : {}) };
  const row: Record<string, unknown> = {
    id: p.id,
    takenAt: p.takenAt,
    takenAtSource: 'exif',
    width: 4,
    height: 3,
    mediaType: p.mediaType,
    name: p.name,
    damaged: false,
    addedAt: ADDED_AT,
    warnings: [],
    ...p.file,
    // The person's edits are applied over the file's metadata and kept, so a re-index keeps them.
    ...Object.fromEntries(Object.entries(edits).filter(([k]) => ['title', 'rating', 'keywords'].includes(k))),
  };
  if (Object.keys(edits).length) row.userEdits = edits;
  if (v >= 5) {
    const removed = (edits.removedLabels as string[] | undefined) ?? [];
    const info: { name: string; source: string; score?: number }[] = (p.model ?? []).filter((l) => !removed.includes(l.name)).map((l) => ({ name: l.name, source: 'model', score: l.score }));
    // v7 on: the file's own keywords are labels too (source xmp).
    if (v >= 7) for (const k of (row.keywords as string[]) ?? []) info.push({ name: k.toLowerCase(), source: 'xmp' });
    for (const l of (edits.addedLabels as string[] | undefined) ?? []) info.push({ name: l, source: 'user' });
    row.labelInfo = info;
    row.labels = info.map((l) => l.name);
    row.categories = [...new Set(info.flatMap((l) => CATEGORY[l.name] ?? []))];
    row.people = p.model?.some((l) => l.name === 'person') ? 1 : 0;
  }
  if (v >= 6) {
    row.colors = p.colors;
    row.monochrome = false;
  }
  if (v >= 7) {
    if (p.nsfw !== undefined) row.nsfw = p.nsfw;
    row.private = Boolean(p.private);
    row.hidden = p.private ? 1 : 0;
  }
  if (v >= 9) {
    if (edits.favorite) row.favorite = true;
    if (p.id === 'h-beach' || p.id === 'h-cat') row.albums = ['Summer 2019'];
    if (p.id === 'h-cat') row.userEdits = { albums: ['Summer 2019'] };
    row.terms = TERMS_V9[p.id];
  }
  // v10 on: a photo whose every file is gone says so.
  if (v >= 10 && p.id === 'h-gone') {
    row.missing = true;
    const terms = [...(row.terms as string[])];
    terms.splice(terms.indexOf('rating:0') + 1, 0, 'is:missing');
    row.terms = terms;
  }
  // v11 on: the beach photo and its MOV are one Live Photo.
  if (v >= 11 && p.id === 'h-beach') {
    row.live = true;
    row.terms = [...(row.terms as string[]), 'type:live'];
  }
  // v12 on: a hidden photo's names, for counting names as shown without its row.
  if (v >= 12 && p.id === 'h-secret') {
    row.hiddenNames = [['labels:cat', 'labels:person', 'categories:animal', 'categories:people', 'terms:model:fujifilm x100v']].flat().map((name) => [1, name, 'h-secret']);
  }
  // v16 on: the beach photo's GPS is named (by the search worker, after it was written).
  if (v >= 16 && p.id === 'h-beach') {
    row.place = { town: 'Lisbon', region: 'Lisbon', country: 'Portugal', cc: 'PT', at: [38.7223, -9.1393], v: 1 };
    row.terms = [...(row.terms as string[]), 'place:lisbon', 'w:portugal', 'place:portugal', 'country:pt', 'country:portugal'];
  }
  return row;
}

/** Every table's rows as version `v` wrote them. */
export function rowsAt(v: number): Record<string, Record<string, unknown>[]> {
  const files: Record<string, unknown>[] = [
    { id: 1, sourceId: 1, path: '2019/beach.jpg', size: 1000, mtime: 1_500_000_000_000, hash: 'h-beach', status: 'indexed', mediaType: 'image/jpeg' },
    { id: 2, sourceId: 1, path: '2019/cat.jpg', size: 2000, mtime: 1_500_000_000_001, hash: 'h-cat', status: 'indexed', mediaType: 'image/jpeg' },
    { id: 3, sourceId: 1, path: '2020/secret.jpg', size: 3000, mtime: 1_500_000_000_002, hash: 'h-secret', status: 'indexed', mediaType: 'image/jpeg' },
    { id: 4, sourceId: 1, path: 'broken.jpg', size: 0, mtime: 1_500_000_000_003, status: 'failed', error: 'The file is empty.' },
    { id: 5, sourceId: 1, path: 'gone.png', size: 500, mtime: 1_500_000_000_004, hash: 'h-gone', status: 'missing', mediaType: 'image/png', error: 'The file is no longer in its folder.' },
    { id: 6, sourceId: 1, path: 'new/waiting.jpg', size: 700, mtime: 1_500_000_000_005, status: 'pending' },
    // The beach photo was a Live Photo: its MOV was listed as not supported (v11 makes the pair one live photo).
    { id: 7, sourceId: 1, path: '2019/beach.mov', size: 9000, mtime: 1_500_000_000_006, status: 'unsupported', mediaType: 'video/quicktime', error: 'QuickTime (MOV) video: videos are not shown yet.' },
  ];
  if (v >= 9) for (const f of files) f.words = (v >= 13 ? WORDS_V13 : WORDS_V9)[f.path as string];
  // v11 on: each file's shot within its folder (stack-rules.ts `groupKey`, frozen here).
  if (v >= 11) for (const f of files) f.group = (f.path as string).replace(/\.[^./]+$/, '').toLowerCase();
  const photos = PHOTOS.map((p) => photoRow(v, p));
  const rows: Record<string, Record<string, unknown>[]> = {
    sources: [{ id: 1, name: 'Family', kind: 'input', addedAt: ADDED_AT, lastScanAt: ADDED_AT + 1000 }],
    files,
    photos,
    thumbs: PHOTOS.map((p, i) => image(p.id, i)),
    previews: PHOTOS.slice(0, 2).map((p, i) => image(p.id, 10 + i)),
    jobs: [{ id: 1, sourceId: 1, path: 'new/waiting.jpg', fileId: 6, ...(v >= 2 ? { peeked: 1 } : {}) }],
    meta: [{ key: 'import', state: 'paused', found: 6, done: 4, failed: 1, startedAt: ADDED_AT, updatedAt: ADDED_AT + 5000, ...(v <= 2 ? { activeMs: 4000 } : {}) }],
  };
  if (v >= 3) {
    const months = new Map<number, { month: number; count: number; visible?: number }>();
    for (const p of photos) {
      const month = monthIndex(p.takenAt as number);
      const m = months.get(month) ?? { month, count: 0, ...(v >= 7 ? { visible: 0 } : {}) };
      m.count++;
      if (v >= 7 && !p.hidden) m.visible = (m.visible ?? 0) + 1;
      months.set(month, m);
    }
    rows.months = [...months.values()];
  }
  if (v >= 4) rows.settings = [{ key: 'keepPreviews', value: false }, ...(v >= 5 ? [{ key: 'visionBackend', value: 'wasm' }] : [])];
  if (v >= 5) {
    const counts = new Map<string, { key: string; name: string; kind: string; count: number; cover: string }>();
    for (const p of photos) {
      for (const [kind, names] of [['label', p.labels], ['category', p.categories]] as const) {
        for (const name of names as string[]) {
          const key = `${kind}:${name}`;
          const c = counts.get(key) ?? { key, name, kind, count: 0, cover: p.id as string };
          c.count++;
          counts.set(key, c);
        }
      }
    }
    rows.labelCounts = [...counts.values()];
  }
  if (v >= 8) {
    const face = (id: string, photoId: string, seed: number, extra: Record<string, unknown>) => ({
      id, photoId, box: [0.1 * seed, 0.1, 0.1 * seed + 0.2, 0.4], score: 0.9, landmarks: vector(136, seed), descriptor: vector(128, seed), crop: blob(seed), ...extra,
    });
    rows.faces = [
      // Named by the person, and a face they took away from the model's guess.
      face('h-beach:0', 'h-beach', 1, { personId: 1, assignedBy: 'user' }),
      face('h-beach:1', 'h-beach', 2, { assignedBy: 'user', notFace: true }),
      face('h-cat:0', 'h-cat', 3, { personId: 2, assignedBy: 'user', rejectedFrom: [1] }),
      face('h-secret:0', 'h-secret', 4, { personId: 1, assignedBy: 'model' }),
    ];
    rows.people = [
      { id: 1, name: 'Ann Lee', nameKey: 'ann lee', faceCount: 2, photoCount: 2, coverFaceId: 'h-beach:0', createdAt: ADDED_AT },
      { id: 2, faceCount: 1, photoCount: 1, coverFaceId: 'h-cat:0', createdAt: ADDED_AT + 1 },
    ];
    rows.clusters = [
      { personId: 1, sum: vector(128, 5), count: 2, exemplars: [vector(128, 1), vector(128, 4)] },
      { personId: 2, sum: vector(128, 3), count: 1, exemplars: [vector(128, 3)] },
    ];
    // A name from an imported catalogue, waiting for its photo's faces.
    rows.faceHints = [{ id: 1, photoId: 'h-gone', box: [0.2, 0.2, 0.4, 0.5], name: 'Bob Stone' }];
  }
  return rows;
}
