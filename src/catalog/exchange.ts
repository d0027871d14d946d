import type { ShoeboxDb } from './db';
import { recountLabels } from './label-repo';
import { applyEdits } from './photo-repo';
import { recountMonths } from './timeline-repo';
import { importNames, namedFaces } from './face-repo';
import type { FileRow, FileStatus, PhotoRow, SourceKind } from './types';

/**
 * The catalogue as one file, so a person's work (photos' metadata, edits, labels) survives an
 * evicted browser or moves to another one. Photos are matched by content hash on import.
 */
export const EXPORT_FORMAT = 'shoebox-catalogue';
export const EXPORT_VERSION = 1;

interface ExportedThumb {
  id: string;
  type: string;
  width: number;
  height: number;
  /** Base64 of the stored tile. */
  data: string;
}

export interface CatalogueExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  sources: { name: string; kind: SourceKind }[];
  files: { source: string; path: string; size: number; mtime: number; hash?: string; status: FileStatus; error?: string }[];
  photos: Omit<PhotoRow, 'provisional' | 'terms'>[];
  thumbs?: ExportedThumb[];
  /** Names the person gave to faces: the photo, the face's box (0–1), the name. No descriptors. */
  faceNames?: { photo: string; box: [number, number, number, number]; name: string }[];
}

export class ImportError extends Error {
  override name = 'ImportError';
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(data: string): Uint8Array<ArrayBuffer> {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Everything but stand-ins and previews (those are rebuilt from the originals); tiles on request. */
export async function exportCatalogue(db: ShoeboxDb, options: { thumbnails: boolean }): Promise<CatalogueExport> {
  // Rows are read in one transaction; blobs are encoded after it, since awaiting anything but
  // IndexedDB inside a transaction lets the browser commit it early.
  const tables = [db.sources, db.files, db.photos, db.thumbs, db.faces, db.people, db.faceHints];
  const { sources, files, photos, thumbs, names } = await db.transaction('r', tables, async () => {
    const photos = (await db.photos.toArray()).filter((p) => !p.provisional).map(({ provisional: _, terms: __, ...p }) => p);
    return {
      sources: await db.sources.toArray(),
      files: await db.files.toArray(),
      photos,
      thumbs: options.thumbnails ? await db.thumbs.bulkGet(photos.map((p) => p.id)) : [],
      names: await namedFaces(db),
    };
  });
  const nameOf = new Map(sources.map((s) => [s.id, s.name]));
  const out: CatalogueExport = {
    format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: new Date().toISOString(),
    sources: sources.map((s) => ({ name: s.name, kind: s.kind })),
    files: files.map((f) => ({
      source: nameOf.get(f.sourceId) ?? 'Unknown folder',
      path: f.path, size: f.size, mtime: f.mtime, hash: f.hash, status: f.status, error: f.error,
    })),
    photos,
    faceNames: names.map((n) => ({ photo: n.photoId, box: n.box, name: n.name })),
  };
  if (options.thumbnails) {
    out.thumbs = await Promise.all(
      thumbs.flatMap((t) => (t ? [t] : [])).map(async (t) => ({
        id: t.id, type: t.blob.type, width: t.width, height: t.height, data: toBase64(new Uint8Array(await t.blob.arrayBuffer())),
      })),
    );
  }
  return out;
}

type Check = (value: unknown) => boolean;
const isString: Check = (v) => typeof v === 'string';
const isNumber: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const optional = (check: Check): Check => (v) => v === undefined || v === null || check(v);
const isHash: Check = (v) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
const STATUSES: readonly unknown[] = ['pending', 'indexed', 'failed', 'missing', 'unsupported'];
const KINDS: readonly unknown[] = ['fsa', 'input', 'demo'];

function checkAll(list: unknown, where: string, fields: Record<string, Check>): void {
  if (!Array.isArray(list)) throw new ImportError(`“${where}” is missing or is not a list.`);
  list.forEach((item, i) => {
    if (!item || typeof item !== 'object') throw new ImportError(`${where}[${i}] is not a record.`);
    for (const [field, check] of Object.entries(fields)) {
      if (!check((item as Record<string, unknown>)[field])) throw new ImportError(`${where}[${i}].${field} is missing or not valid.`);
    }
  });
}

/** Check a whole export before anything is written: a bad file changes nothing. */
export function validateExport(data: unknown): CatalogueExport {
  if (!data || typeof data !== 'object') throw new ImportError('This file is not a Shoebox catalogue export.');
  const d = data as Record<string, unknown>;
  if (d.format !== EXPORT_FORMAT) throw new ImportError('This file is not a Shoebox catalogue export.');
  if (d.version !== EXPORT_VERSION) throw new ImportError(`This export has format version ${String(d.version)}; this Shoebox reads version ${EXPORT_VERSION}.`);
  checkAll(d.sources, 'sources', { name: isString, kind: (v) => KINDS.includes(v) });
  checkAll(d.files, 'files', { source: isString, path: isString, size: isNumber, mtime: isNumber, hash: optional(isHash), status: (v) => STATUSES.includes(v) });
  checkAll(d.photos, 'photos', {
    id: isHash, takenAt: isNumber, width: isNumber, height: isNumber, name: isString, mediaType: isString,
    keywords: Array.isArray, warnings: Array.isArray, rating: optional(isNumber), title: optional(isString),
    labels: optional(Array.isArray), categories: optional(Array.isArray), labelInfo: optional(Array.isArray),
  });
  if (d.thumbs !== undefined) {
    checkAll(d.thumbs, 'thumbs', { id: isHash, type: isString, width: isNumber, height: isNumber, data: (v) => isString(v) && /^[A-Za-z0-9+/]*={0,2}$/.test(v as string) });
  }
  if (d.faceNames !== undefined) {
    const isBox: Check = (v) => Array.isArray(v) && v.length === 4 && v.every((x) => isNumber(x) && x >= 0 && x <= 1);
    checkAll(d.faceNames, 'faceNames', { photo: isHash, box: isBox, name: (v) => isString(v) && (v as string).trim() !== '' });
  }
  return d as unknown as CatalogueExport;
}

export interface ImportSummary {
  photos: number;
  added: number;
  files: number;
}

/**
 * Bring an export into this browser. Photos already here keep their rows and gain the export's
 * edits where they have none of their own; new ones are added with their tiles. Files are recorded
 * so that granting the same folder again costs no decoding; without tiles they are queued again.
 */
export async function importCatalogue(db: ShoeboxDb, data: unknown): Promise<ImportSummary> {
  const ex = validateExport(data);
  const thumbs = new Map((ex.thumbs ?? []).map((t) => [t.id, t]));
  const tables = [db.sources, db.files, db.photos, db.thumbs, db.months, db.labelCounts, db.faces, db.people, db.clusters, db.faceHints];
  return db.transaction('rw', tables, async () => {
    const existing = new Map((await db.photos.bulkGet(ex.photos.map((p) => p.id))).flatMap((p) => (p ? [[p.id, p] as const] : [])));
    const rows: PhotoRow[] = ex.photos.map((p) => {
      const here = existing.get(p.id);
      if (!here) {
        const row = { ...p, labels: p.labels ?? [], categories: p.categories ?? [], labelInfo: p.labelInfo ?? [], colors: p.colors ?? [], monochrome: p.monochrome ?? false, private: p.private ?? false, hidden: 0 as const };
        return applyEdits(row, row.userEdits);
      }
      const userEdits = { ...p.userEdits, ...here.userEdits };
      return applyEdits({ ...here, userEdits }, userEdits);
    });
    await db.photos.bulkPut(rows);
    await db.thumbs.bulkAdd(
      ex.photos.flatMap((p) => {
        const t = thumbs.get(p.id);
        return t && !existing.has(p.id) ? [{ id: t.id, width: t.width, height: t.height, blob: new Blob([fromBase64(t.data)], { type: t.type }) }] : [];
      }),
    );
    await recountMonths(db, rows.map((r) => r.takenAt));
    await recountLabels(db, rows);

    const sourceIds = new Map<string, number>();
    const local = await db.sources.toArray();
    for (const s of ex.sources) {
      const match = local.find((l) => l.name === s.name && l.id !== undefined);
      sourceIds.set(s.name, match?.id ?? ((await db.sources.add({ name: s.name, kind: s.kind === 'demo' ? 'demo' : 'input', addedAt: Date.now() })) as number));
    }
    const keys = ex.files.flatMap((f) => {
      const id = sourceIds.get(f.source);
      return id === undefined ? [] : [[id, f.path] as [number, string]];
    });
    const present = (await db.files.where('[sourceId+path]').anyOf(keys).keys()) as unknown as [number, string][];
    const known = new Set(present.map(([id, path]) => `${id}\u0000${path}`));
    const files: FileRow[] = ex.files.flatMap((f) => {
      const sourceId = sourceIds.get(f.source);
      if (sourceId === undefined || known.has(`${sourceId}\u0000${f.path}`)) return [];
      const shown = f.hash !== undefined && (existing.has(f.hash) || thumbs.has(f.hash));
      // A file whose photo has no tile here must be read again when its folder is granted.
      const status: FileStatus = f.status === 'indexed' && !shown ? 'pending' : f.status;
      return [{ sourceId, path: f.path, size: f.size, mtime: f.mtime, hash: f.hash, status, error: f.error }];
    });
    await db.files.bulkAdd(files);
    await importNames(db, (ex.faceNames ?? []).map((n) => ({ photoId: n.photo, box: n.box, name: n.name.trim() })));
    return { photos: rows.length, added: rows.length - existing.size, files: files.length };
  });
}
