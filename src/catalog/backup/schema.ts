import * as v from 'valibot';
import type { AlbumRecord, TaughtRow } from '../types';
import { BACKUP_FORMAT, BACKUP_VERSION, ImportError, SHARD_BYTES, TILE_TYPES, type FileRecord, type Manifest, type NameRecord, type PhotoRecord, type SourceRecord, type TileRecord } from './format';

/**
 * Every record of a backup is checked against these schemas before anything is written
 * (valibot: a few KB once tree-shaken, and its issues carry the path of the bad field, which the
 * messages below name). Unknown fields are dropped; fields later versions added are optional.
 */
const num = v.pipe(v.number(), v.finite());
const text = v.string();
const words = v.array(text);
const hash = v.pipe(text, v.regex(/^[0-9a-f]{64}$/, 'Expected a SHA-256 content hash (64 hex digits)'));
const rating = v.pipe(num, v.integer(), v.minValue(0), v.maxValue(5));
const gps = v.object({
  lat: v.pipe(num, v.minValue(-90), v.maxValue(90)),
  lng: v.pipe(num, v.minValue(-180), v.maxValue(180)),
  alt: v.optional(num),
});
const labelInfo = v.object({ name: text, source: v.picklist(['model', 'rule', 'xmp', 'user', 'taught']), score: v.optional(num) });
const quarterTurn = v.picklist([0, 90, 180, 270]);
const userEdits = v.object({
  title: v.optional(text),
  description: v.optional(text),
  keywords: v.optional(words),
  rating: v.optional(rating),
  private: v.optional(v.boolean()),
  favorite: v.optional(v.boolean()),
  albums: v.optional(words),
  archived: v.optional(v.boolean()),
  addedLabels: v.optional(words),
  removedLabels: v.optional(words),
  unstacked: v.optional(v.boolean()),
  stackTop: v.optional(v.boolean()),
  /** A date the person set or shifted (wall clock, as if UTC) and its zone ('' for none). */
  takenAt: v.optional(num),
  takenAtOffset: v.optional(v.union([v.literal(''), v.pipe(text, v.regex(/^[+-]\d\d:\d\d$/, 'Expected a UTC offset like +02:00'))])),
  /** The person's turn of the picture, clockwise. */
  rotation: v.optional(quarterTurn),
  /** Hidden as a near duplicate of the photo the person kept (duplicate-repo.ts). */
  duplicateOf: v.optional(hash),
  /** A frame of a burst the person stacked: the burst's id, its first frame's (burst-repo.ts). */
  burst: v.optional(hash),
  /** Where the person says it was taken; null: they cleared the file's. */
  gps: v.optional(v.nullable(gps)),
});

const manifest = v.object({
  format: v.literal(BACKUP_FORMAT),
  version: v.picklist([2, BACKUP_VERSION]),
  exportedAt: text,
  counts: v.object({ sources: num, files: num, photos: num, names: num }),
  tiles: v.boolean(),
});

const source = v.object({ name: text, kind: v.picklist(['fsa', 'input', 'demo']) });

const file = v.object({
  source: text,
  path: text,
  size: num,
  mtime: num,
  hash: v.optional(hash),
  status: v.picklist(['pending', 'indexed', 'failed', 'missing', 'unsupported']),
  error: v.optional(text),
  /** What the file is (by its bytes): a Live Photo's MOV is found by it. */
  mediaType: v.optional(text),
  /** The shot its content says (a renamed Live Photo, an Apple burst), its own or a same-named file's. */
  shot: v.optional(text),
  pairedShot: v.optional(text),
});

/** A box 0–1 of the picture: face names and the regions files carry. */
const fraction = v.pipe(num, v.minValue(0), v.maxValue(1));

const photo = v.object({
  id: hash,
  takenAt: num,
  takenAtSource: v.optional(v.picklist(['exif', 'mtime']), 'exif'),
  takenAtOffset: v.optional(text),
  width: num,
  height: num,
  mediaType: text,
  name: text,
  damaged: v.optional(v.boolean(), false),
  addedAt: v.optional(num, 0),
  warnings: words,
  keywords: words,
  hierarchicalKeywords: v.optional(words),
  regions: v.optional(v.array(v.object({ box: v.tuple([fraction, fraction, fraction, fraction]), name: v.optional(text), type: v.optional(text) }))),
  make: v.optional(text),
  model: v.optional(text),
  lens: v.optional(text),
  exposureTime: v.optional(num),
  fNumber: v.optional(num),
  iso: v.optional(num),
  focalLength: v.optional(num),
  gps: v.optional(gps),
  orientation: v.optional(num),
  title: v.optional(text),
  description: v.optional(text),
  rating: v.optional(rating),
  userEdits: v.optional(userEdits),
  labels: v.optional(words, []),
  categories: v.optional(words, []),
  labelInfo: v.optional(v.array(labelInfo), []),
  people: v.optional(num),
  colors: v.optional(words, []),
  monochrome: v.optional(v.boolean(), false),
  nsfw: v.optional(v.boolean()),
  private: v.optional(v.boolean(), false),
  hidden: v.optional(v.picklist([0, 1, 2, 3, 4]), 0),
  live: v.optional(v.boolean()),
  contentId: v.optional(text),
  burstId: v.optional(text),
  motion: v.optional(v.object({ fromEnd: v.pipe(num, v.integer(), v.minValue(1)), length: v.pipe(num, v.integer(), v.minValue(1)) })),
  video: v.optional(v.object({
    durationS: v.pipe(num, v.minValue(0)),
    codec: text,
    codecString: v.optional(text),
    fps: v.optional(v.pipe(num, v.minValue(0))),
    decodable: v.boolean(),
  })),
  // A photo's place in its stack (stack, folded, stackSize) is not read: it is placed again from
  // the files when they are written (stack-repo.ts), as the person's choices in userEdits say.
  favorite: v.optional(v.boolean()),
  albums: v.optional(words),
  archived: v.optional(v.boolean()),
  rotation: v.optional(quarterTurn),
  /** No file showed it when it was exported (identity.ts); recomputed from the files at commit. */
  missing: v.optional(v.boolean()),
  phash: v.optional(v.pipe(text, v.regex(/^([0-9a-f]{16}|-)$/, 'Expected 16 hex digits, or - for no picture'))),
  duplicateOf: v.optional(hash),
});

const name = v.object({
  photo: hash,
  box: v.tuple([fraction, fraction, fraction, fraction]),
  name: v.pipe(text, v.trim(), v.minLength(1, 'Expected a name, not an empty one')),
});

const album = v.object({
  name: v.pipe(text, v.trim(), v.minLength(1, 'Expected an album name, not an empty one')),
  cover: v.optional(hash),
  order: v.optional(v.picklist(['date', 'hand'])),
  hand: v.optional(v.array(hash)),
  createdAt: v.optional(num, 0),
});

const size = v.pipe(num, v.integer(), v.minValue(0));
const tile = v.object({
  id: hash,
  type: v.picklist(Object.values(TILE_TYPES)),
  offset: size,
  // A tile is a 512 px WebP of some KB; a shard holds at most SHARD_BYTES of them.
  size: v.pipe(size, v.minValue(1), v.maxValue(SHARD_BYTES)),
});

const taught = v.object({
  name: v.pipe(text, v.trim(), v.toLowerCase(), v.minLength(1, 'Expected a label, not an empty one')),
  yes: v.array(hash),
  no: v.array(hash),
  model: v.object({ w: v.array(num), b: num, threshold: num, ver: num }),
  at: v.optional(num, 0),
});

/** The record schemas by kind, so a reader can check whatever it meets. */
export const SCHEMAS = { manifest, sources: source, files: file, photos: photo, names: name, albums: album, taught, tiles: tile };
export type Parsed = {
  manifest: Manifest;
  sources: SourceRecord;
  files: FileRecord;
  photos: PhotoRecord;
  names: NameRecord;
  albums: AlbumRecord;
  taught: TaughtRow;
  tiles: TileRecord;
};

/** The record, checked; else an ImportError naming where it is (`photos.ndjson, line 4`) and what is wrong. */
export function check<K extends keyof Parsed>(kind: K, value: unknown, where: string): Parsed[K] {
  const result = v.safeParse(SCHEMAS[kind] as v.GenericSchema, value);
  if (result.success) return result.output as Parsed[K];
  const issue = result.issues[0];
  const path = v.getDotPath(issue);
  throw new ImportError(`${where}${path ? `, ${path}` : ''}: ${issue.message}.`);
}

// The schemas' output must stay assignable to the rows they become: a drift fails to compile.
type Assignable<T extends U, U> = T;
export type CheckedShapes = [Assignable<v.InferOutput<typeof photo>, PhotoRecord>, Assignable<v.InferOutput<typeof file>, FileRecord>];
// And every field a photo row has must be in the schema (or the backup would drop it silently):
// a field added to PhotoRow fails to compile here until the schema carries it.
type Carried<Missing extends never> = Missing;
type PlacedAgainOnImport = 'stack' | 'folded' | 'stackSize';
export type AllPhotoFields = Carried<Exclude<keyof PhotoRecord, keyof v.InferOutput<typeof photo> | PlacedAgainOnImport>>;
