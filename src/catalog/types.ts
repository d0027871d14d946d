/** Plain records stored in the catalogue. Everything here must survive structured cloning. */

export type SourceKind = 'fsa' | 'input' | 'demo';

export interface SourceRow {
  id?: number;
  name: string;
  kind: SourceKind;
  /** Only for `fsa` sources: the granted folder. Handles survive an IndexedDB round trip. */
  handle?: FileSystemDirectoryHandle;
  addedAt: number;
  lastScanAt?: number;
  /** The last scan's error, e.g. permission withdrawn mid-scan. */
  scanError?: string;
}

export type FileStatus = 'pending' | 'indexed' | 'failed' | 'missing' | 'unsupported';

export interface FileRow {
  id?: number;
  sourceId: number;
  /** Path relative to the source folder, `/`-separated, without a leading slash. */
  path: string;
  size: number;
  mtime: number;
  /** SHA-256 of the bytes, hex: the key of the photo this file shows. */
  hash?: string;
  status: FileStatus;
  /** Why the file failed, is missing or is not supported, in words a person understands. */
  error?: string;
  /** Detected by magic bytes, e.g. `image/jpeg`, `image/heic`. */
  mediaType?: string;
  /** Words of the path, for search (multiEntry index; derived on every write, see db.ts). */
  words?: string[];
  /** What its content says it belongs to (stack-rules.ts `shotOf`): a Live Photo's ContentIdentifier, an Apple burst's UUID. */
  shot?: string;
  /** The shot of a file of the same name that says one, when this file says none (an edited JPEG beside its MOV). */
  pairedShot?: string;
  /** The shot it belongs to in its folder (`[sourceId+group]` index; derived on every write, see stack-rules.ts). */
  group?: string;
  /**
   * The folder's catalogue took away an edit (undone on another device): the file's own value was
   * overwritten here, so the next scan reads its metadata again (scan-diff.ts).
   */
  reread?: boolean;
  /** Its XMP sidecar as last read (path, size, mtime): a change makes a rescan read the file again. */
  sidecar?: { path: string; size: number; mtime: number };
}

export interface GeoPoint {
  lat: number;
  lng: number;
  alt?: number;
}

/** What a file's bytes tell us about the picture: EXIF, XMP and IPTC, normalised. */
export interface PhotoMeta {
  /** Wall-clock time the photo was taken, as if it were UTC (EXIF has no zone by default). */
  takenAt?: number;
  /** `+02:00` style offset when the camera recorded one. */
  takenAtOffset?: string;
  make?: string;
  model?: string;
  lens?: string;
  exposureTime?: number;
  fNumber?: number;
  iso?: number;
  focalLength?: number;
  gps?: GeoPoint;
  orientation?: number;
  /** Pixel size as stored in the file, before orientation. */
  width?: number;
  height?: number;
  title?: string;
  description?: string;
  keywords: string[];
  /** Keyword paths from XMP (`lr:hierarchicalSubject`, digiKam's TagsList), `|`-separated: `Places|Portugal|Lisbon`. */
  hierarchicalKeywords?: string[];
  /** Named or typed regions the file carries (XMP MWG or Microsoft regions): faces other programs marked. */
  regions?: FileRegion[];
  rating?: number;
  /** A Motion Photo's video, appended to the still: its last `fromEnd` bytes start it, `length` long (XMP GCamera / Container). */
  motion?: { fromEnd: number; length: number };
  /** Apple's Live Photo id, shared by the still (MakerNote 0x0011) and its MOV (`com.apple.quicktime.content.identifier`). */
  contentId?: string;
  /** Apple's BurstUUID (MakerNote 0x000b), shared by every frame of one burst. */
  burstId?: string;
  /** Non-fatal oddities met while reading the metadata. */
  warnings: string[];
}

/** A region of the picture another program marked (XMP): a box 0–1 of the upright picture, [x1, y1, x2, y2]. */
export interface FileRegion {
  box: [number, number, number, number];
  /** The person's name, as the other program knew it. */
  name?: string;
  /** MWG's type: Face, Pet, Focus, BarCode. */
  type?: string;
}

/** A photo's level in the `[hidden+takenAt+id]` index (see PhotoRow.hidden). */
export type Hidden = 0 | 1 | 2 | 3 | 4;

export interface PhotoRow extends Omit<PhotoMeta, 'takenAt' | 'warnings'> {
  /** Content hash (SHA-256 hex). */
  id: string;
  /** Taken-at (EXIF), else the file's mtime: always set so the timeline index covers every photo. */
  takenAt: number;
  takenAtSource: 'exif' | 'mtime';
  /** Displayed size, after EXIF orientation. */
  width: number;
  height: number;
  mediaType: string;
  /** File name of the first file seen with these bytes: the tile's `alt`. */
  name: string;
  /** Decoded only in part (truncated or corrupt data). */
  damaged: boolean;
  addedAt: number;
  warnings: string[];
  /** A stand-in from the file's embedded thumbnail while it waits to be indexed (id `pending:<fileId>`). */
  provisional?: boolean;
  /** What the person changed in Shoebox: applied over the file's metadata on every re-index. */
  userEdits?: UserEdits;
  /** What the photo shows, lower case: detector labels, rule labels and the person's own (multiEntry index). */
  labels: string[];
  /** The labels' categories (animal, people, furniture, …) (multiEntry index). */
  categories: string[];
  /** Where each label came from and how sure the model was. */
  labelInfo: LabelInfo[];
  /** People the detector counted. */
  people?: number;
  /** Dominant colours, PhotoPrism's palette (multiEntry index). */
  colors: string[];
  monochrome: boolean;
  /** The NSFW model's verdict, kept so a re-index without vision does not forget it. */
  nsfw?: boolean;
  /** Hidden from the timeline and search unless private photos are shown: the person's choice, else the model's. */
  private: boolean;
  /**
   * For the `[hidden+takenAt+id]` index (IndexedDB cannot index booleans): 0 shown, 1 private,
   * 2 folded into a stack under another photo, 3 archived, 4 archived and private. Derived on
   * every write (visibility.ts `hiddenOf`).
   */
  hidden: Hidden;
  /** On a hidden photo: its level, names and id, for counting names as shown (visibility.ts `hiddenNamesOf`; derived on every write). */
  hiddenNames?: [level: Exclude<Hidden, 0>, name: string, id: string][];
  /** The stack (RAW + JPEG, burst, Live Photo) it belongs to: its group key, `<sourceId>:<group>`, or `burst:<id>` for a burst the person stacked (index). */
  stack?: string;
  /** Shown under another photo of its stack (or a Live Photo's MOV under its still): not in the timeline. */
  folded?: boolean;
  /** On a stack's top photo: how many pictures the stack holds. */
  stackSize?: number;
  /** The person's favourite. */
  favorite?: boolean;
  /** The person archived it: out of the timeline, found with `archived:true` (visibility.ts). */
  archived?: boolean;
  /** Albums the person put the photo in, by name (names, not ids: they travel with an export). */
  albums?: string[];
  /** No file in any folder shows this photo any more: kept, with the person's work, until they remove it (identity.ts). */
  missing?: boolean;
  /** What search finds the photo by (multiEntry index; derived on every write, see catalog/terms.ts). */
  terms?: string[];
  /** A video: what its container says. Its tile and preview are a poster frame (or a stand-in). */
  video?: VideoInfo;
  /** The person's turn of the picture, clockwise: 0, 90, 180 or 270 degrees (a user edit; tiles, the viewer and face boxes follow it, the file never changes). */
  rotation?: number;
  /** A Live Photo (a MOV beside it) or a Motion Photo (a video inside it): found by `type:live`, the viewer plays it (stack-repo.ts). */
  live?: boolean;
  /** The tile's 64-bit perceptual hash, 16 hex digits (imaging/phash.ts): near duplicates are found by it; '-' when there is no picture (a stand-in tile). */
  phash?: string;
  /** The hash's four 16-bit bands, each with the whole hash (multiEntry index; derived on every write, see near-duplicates.ts). */
  dupKeys?: string[];
  /** The person kept another photo of this one's near duplicates (the id): shown through it only, like a folded stack member. */
  duplicateOf?: string;
  /** Where its GPS says it was taken, named by the bundled gazetteer (place-repo.ts): derived, so not in a backup. */
  place?: PlaceName;
}

/** A photo's town, region and country, from its GPS; none of them far out at sea. */
export interface PlaceName {
  town?: string;
  region?: string;
  country?: string;
  /** ISO 3166-1 alpha-2, upper case: `PT`. */
  cc?: string;
  /** The GPS it was named for and the gazetteer's version: when either changes, it is named again. */
  at: [lat: number, lng: number];
  v: number;
}

/** What a video's container says about it (src/imaging/video.ts). */
export interface VideoInfo {
  /** Seconds, from the container's own duration. */
  durationS: number;
  /** For people: `H.264`, `HEVC (H.265)`, `VP9`. */
  codec: string;
  /** The WebCodecs codec string, e.g. `avc1.64001e`: what a browser is asked whether it can decode. */
  codecString?: string;
  /** Frames per second, from the frames' timestamps. */
  fps?: number;
  /** Whether this browser decodes it: when not, the tile is a stand-in and the viewer cannot play it. */
  decodable: boolean;
}

export interface LabelInfo {
  name: string;
  /**
   * The detector, a rule (panorama, group…), the file's own keywords (XMP/IPTC), the person, or a
   * label the person taught (teach.ts): a suggestion until they confirm it (then `user`).
   */
  source: 'model' | 'rule' | 'xmp' | 'user' | 'taught';
  score?: number;
}

/** Fields a person may edit; their choice always wins over what the file says. */
export type UserEdits = Partial<Pick<PhotoRow, 'title' | 'description' | 'keywords' | 'rating' | 'private' | 'favorite' | 'albums' | 'archived' | 'takenAt' | 'takenAtOffset' | 'rotation' | 'duplicateOf'>> & {
  /** Labels the person added, and model labels they removed (which must not come back on re-index). */
  addedLabels?: string[];
  removedLabels?: string[];
  /** The person unstacked the stack this photo is in (kept on every member, so any re-index keeps it). */
  unstacked?: boolean;
  /** The person put this photo on top of its stack. */
  stackTop?: boolean;
  /** The person stacked a burst Shoebox offered (burst-repo.ts): the burst's id, on every frame (its stack is `burst:<id>`). */
  burst?: string;
  /** Where the person says it was taken (batch-edits.ts): wins over the file's GPS, which stays in the file; null clears it. */
  gps?: GeoPoint | null;
};

/**
 * What a photo looks like, for "More like this" and `similar:` (vision/embedding.ts): an int8
 * vector and its scale, and the version that made it. Derived (made again by indexing), so not in
 * a backup; a photo without one is not compared.
 */
export interface EmbeddingRow {
  /** Photo id. */
  id: string;
  v: Int8Array;
  s: number;
  ver: number;
}

/** What a taught label keeps to score photos (teach.ts): weights over a vector's dimensions, a bias, and the log-odds above which a photo gets it. */
export interface TaughtModel {
  w: number[];
  b: number;
  threshold: number;
  /** The vectors' version it was fitted on: a vector of another is not scored. */
  ver: number;
}

/**
 * A label the person taught by example ("Teach a label…", search/teach.ts): the photos they said
 * are it and are not (their work: in the backup), and the model fitted on them, which gives the
 * label to photos indexed later as a suggestion.
 */
export interface TaughtRow {
  /** The label, lower case (key). */
  name: string;
  yes: string[];
  no: string[];
  model: TaughtModel;
  at: number;
}

/** How many photos carry a label or category, and one to show for it (the Labels view). */
export interface LabelCount {
  /** `label:<name>` or `category:<name>`. */
  key: string;
  name: string;
  kind: 'label' | 'category';
  count: number;
  cover: string;
}

export interface ImageRow {
  /** Photo id (content hash). */
  id: string;
  blob: Blob;
  width: number;
  height: number;
}

export interface JobRow {
  id?: number;
  sourceId: number;
  path: string;
  fileId: number;
  /** For `fsa` sources; other sources keep their `File`s in memory for the session. */
  handle?: FileSystemFileHandle;
  /** Its XMP sidecar (`name.ext.xmp` or `name.xmp`), read with it. */
  sidecar?: FileSystemFileHandle;
  /** 1 once its embedded thumbnail was looked for (a number: IndexedDB cannot index booleans). */
  peeked?: 0 | 1;
  /** Only its sidecar changed: read the metadata again, not the picture. */
  metaOnly?: boolean;
}

export type ImportState = 'idle' | 'scanning' | 'running' | 'paused' | 'cancelled' | 'done' | 'error';

/** Shared import progress: lives in IndexedDB so every open tab shows the same numbers. */
export interface ImportProgress {
  key: 'import';
  state: ImportState;
  found: number;
  done: number;
  failed: number;
  startedAt: number;
  updatedAt: number;
  message?: string;
}

/** The person's settings, one row each; and the backup's bookkeeping (see catalog/backup/journal.ts). */
export type SettingRow =
  | { key: 'keepPreviews'; value: boolean }
  | { key: 'visionBackend'; value: string }
  | { key: 'lastBackupAt'; value: number }
  | { key: 'memories'; value: boolean }
  | { key: 'gridLayout'; value: 'squares' | 'justified' }
  | { key: 'sidecars'; value: SidecarSettings }
  /** The catalogue kept in the folders (folder-sync): on or off, and this device's id and name. */
  | { key: 'folderCatalogue'; value: FolderCatalogueSettings }
  /** A folder's catalogue as this device last saw it (a Yjs update), and what the last sync said. */
  | { key: `folderDoc:${number}`; value: Uint8Array }
  | { key: `folderSync:${number}`; value: FolderSyncStatus }
  /** Photos whose edits this device has not yet written to the folders (folder-sync): kept so a tab closed first writes them at the next start. */
  | { key: 'folderPending'; value: string[] }
  /** The last "Keep this one" in Duplicates, to undo it (duplicate-repo.ts). */
  | { key: 'duplicatesUndo'; value: KeepUndo }
  /** The last "Stack this burst" in Duplicates, to undo it (burst-repo.ts): the burst's id. */
  | { key: 'burstUndo'; value: string }
  | { key: `importUndo:${string}`; value: ImportUndoStep }
  | { key: `album:${string}`; value: AlbumRecord };

/**
 * What the person set for an album beyond its photos (album-repo.ts): that it exists (even empty),
 * its cover, its order. Kept under `album:<folded name>`; the photos keep the album's name.
 */
export interface AlbumRecord {
  name: string;
  /** The photo the person chose to show for it. */
  cover?: string;
  /** By date (the timeline's order), or by hand (`hand`, photo ids; photos not in it follow by date). */
  order?: 'date' | 'hand';
  hand?: string[];
  createdAt: number;
}

/** The photos one "Keep this one" changed, as they were and as it wrote them (duplicate-repo.ts). */
export interface KeepUndo {
  keeper: string;
  before: PhotoRow[];
  wrote: PhotoRow[];
}

/** Writing XMP sidecars for the photos the person changed: off unless they turn it on. */
export interface SidecarSettings {
  write: boolean;
  /** Beside each photo (`IMG_1.jpg.xmp`), or in a mirror folder (`.shoebox/sidecars/…`) in the granted folder. */
  place: 'beside' | 'mirror';
}

/** The catalogue kept in each granted folder's `.shoebox/` (folder-sync): off unless the person turns it on. */
export interface FolderCatalogueSettings {
  write: boolean;
  /** This device's id: its change file is `.shoebox/devices/<deviceId>.bin`. */
  deviceId: string;
  /** What the person calls this device, shown to the others. */
  deviceName: string;
}

/** What the last sync of one folder's catalogue found and did. */
export interface FolderSyncStatus {
  /** When the folder's change files were last read, and when this device last wrote to its own. */
  readAt?: number;
  wroteAt?: number;
  /** The devices that wrote to the folder, this one included. */
  devices: { id: string; name?: string; changes: number; bytes: number }[];
  /** Anything wrong (a damaged or foreign file, a folder gone, permission withdrawn), in words. */
  notes: string[];
  /** Changes this device has written to its own file: fewer there means a sync tool put back an older copy. */
  ownChanges?: number;
}

/** What one batch of an import wrote, so that it can be undone (see catalog/backup/journal.ts). */
export interface ImportUndoStep {
  photosAdded?: string[];
  /** Photos that were here before the batch changed them, as they were. */
  photosBefore?: PhotoRow[];
  /** The edits the batch gave each of photosBefore (same order): what the person changed since is kept on undo. */
  editsWritten?: (UserEdits | undefined)[];
  thumbsAdded?: string[];
  filesAdded?: number[];
  sourcesAdded?: number[];
  /** Names from the backup, applied only when the whole import commits. */
  names?: Omit<FaceHint, 'id'>[];
}

export interface EncodedImage {
  blob: Blob;
  width: number;
  height: number;
}

/** What indexing one file produced: a picture, or a reason it could not be read. */
export type IndexOutcome =
  | {
      kind: 'photo';
      fileId: number;
      hash: string;
      name: string;
      mediaType: string;
      meta: PhotoMeta;
      /** Displayed size, after orientation. */
      width: number;
      height: number;
      damaged: boolean;
      tile: EncodedImage;
      preview: EncodedImage;
      /** Dominant colours of the tile in PhotoPrism's palette, and whether it is black and white. */
      colors: string[];
      monochrome: boolean;
      /** The tile's perceptual hash (imaging/phash.ts); '-' for a stand-in tile. */
      phash?: string;
      /** A video: its container's facts; the tile and preview are its poster frame (or a stand-in). */
      video?: VideoInfo;
      /**
       * Shown, but with a problem the person should know of (a video this browser cannot decode):
       * the file is listed under Problems with this reason while its photo is in the timeline.
       */
      note?: string;
      /** What the vision worker saw in the tile; absent when vision cannot run here. */
      vision?: { labels: { name: string; score: number }[]; people: number; nsfw?: boolean; faces?: DetectedFace[]; embedding?: Omit<EmbeddingRow, 'id'> };
    }
  | {
      /** Only the metadata was read again (its sidecar changed, its bytes did not): the photo keeps its images and analysis. */
      kind: 'meta';
      fileId: number;
      meta: PhotoMeta;
    }
  | {
      kind: 'problem';
      fileId: number;
      status: 'failed' | 'missing' | 'unsupported';
      error: string;
      mediaType?: string;
      hash?: string;
      /** Set when the cause is the folder, not the file: permission withdrawn. */
      code?: 'permission';
    };

/** A face as the vision worker found it (coordinates 0–1 of the photo). */
export interface DetectedFace {
  box: [x1: number, y1: number, x2: number, y2: number];
  score: number;
  /** 68 landmarks as x, y pairs. */
  landmarks: Float32Array;
  /** 128-d descriptor: never leaves the device (not exported, never sent). */
  descriptor: Float32Array;
  crop: Blob;
}

export interface FaceRow extends DetectedFace {
  /** `<photoId>:<n>`, kept across re-indexing by matching boxes. */
  id: string;
  photoId: string;
  /** The person this face belongs to; absent for "not a face". */
  personId?: number;
  /** Who put it there. The person's choices are never undone by the model. */
  assignedBy: 'model' | 'user';
  /** The person said this is not a face: it belongs to nobody and is not shown. */
  notFace?: boolean;
  /** People the person took this face away from: the model never puts it back. */
  rejectedFrom?: number[];
}

export interface PersonRow {
  id?: number;
  name?: string;
  /** Lower-case name, for search (index). */
  nameKey?: string;
  faceCount: number;
  photoCount: number;
  /** The face shown on the person's tile. */
  coverFaceId?: string;
  createdAt: number;
}

/** A person's descriptors in summary, for clustering (see face-cluster.ts). */
export interface ClusterRow {
  personId: number;
  sum: Float32Array;
  count: number;
  exemplars: Float32Array[];
  /** Only on row 0, which is no person's: changed with every write of the clusters (face-repo.ts). */
  stamp?: string;
}

/** A name from an imported catalogue, waiting for its face to be found in this browser. */
export interface FaceHint {
  id?: number;
  photoId: string;
  box: [number, number, number, number];
  name: string;
}

/** A photo written or deleted (its id), or `*`: photos deleted by range or cleared (db.ts `photoLogging`). */
export interface PhotoLogRow {
  seq?: number;
  id: string;
}

/**
 * The search worker's postings as saved (postings.ts): `photos`, what they answered for at log
 * position `seq`; `pruned`, how far the log was pruned (every row after it is still there).
 */
export type PostingsRow =
  | {
      name: 'photos';
      /** The schema version they were made at: another version's are not used. */
      verno: number;
      format: number;
      seq: number;
      // Each part is a Blob: IndexedDB refuses a value over 127 MB, and a million photos' postings are more.
      /** Photo number → id ('' for a number no longer in use): text, each followed by a newline (ids have none). */
      ids: Blob;
      /** Key number → key (`labels\u0000dog`): a JSON array. */
      keys: Blob;
      /** Key number k's photo numbers are `slots[offsets[k]..offsets[k + 1])`, ascending (Uint32Array bytes). */
      offsets: Blob;
      slots: Blob;
      /** Photo number → when taken (Float64Array bytes), and its visibility level (Uint8Array bytes; 255: not in the timeline's index). */
      taken: Blob;
      levels: Blob;
      /**
       * The timeline's orders made from them (`levels`: the visibility levels, joined by commas),
       * as photo numbers (Uint32Array bytes): a reopened library need not sort its photos again.
       * Absent in rows saved before; an order that does not fit the postings is made again.
       */
      orders?: { levels: string; slots: Blob }[];
      /** How many photos they list (checked against the catalogue when loaded). */
      count: number;
      savedAt: number;
    }
  | { name: 'pruned'; seq: number };
