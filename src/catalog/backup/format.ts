import type { FaceHint, FileRow, PhotoRow, SourceKind } from '../types';

/**
 * The backup file: a ZIP (version 3) of a small manifest, one NDJSON entry per kind of record and
 * the tiles packed into shards. Every part is written and read a page or a line at a time, so a
 * library of any size fits. Older versions still import: version 2 had one ZIP entry per tile
 * (`thumbs/<id>.webp`: a ZIP writer and reader keep a record per entry, so memory grew with the
 * library), version 1 was one JSON document.
 */
export const BACKUP_FORMAT = 'shoebox-catalogue';
export const BACKUP_VERSION = 3;
export const READABLE_VERSIONS = [1, 2, 3] as const;

export const ENTRY = {
  manifest: 'catalogue.json',
  sources: 'sources.ndjson',
  photos: 'photos.ndjson',
  names: 'names.ndjson',
  files: 'files.ndjson',
  /** What the person set for each album (album-manage.ts): empty albums, covers, orders. Absent from older backups. */
  albums: 'albums.ndjson',
  /** Labels the person taught by example (taught-repo.ts): answers and model. Absent from older backups. */
  taught: 'taught.ndjson',
} as const;
export type RecordKind = Exclude<keyof typeof ENTRY, 'manifest'>;

/** Version 2's tiles, one entry each: `thumbs/<photo id>.<ext>`. */
export const TILE_TYPES: Record<string, string> = { webp: 'image/webp', jpg: 'image/jpeg', png: 'image/png' };
export const TILE_NAME = /^thumbs\/([0-9a-f]{64})\.(webp|jpg|png)$/;
export function tileName(id: string, type: string): string {
  const ext = Object.entries(TILE_TYPES).find(([, mime]) => mime === type)?.[0] ?? 'webp';
  return `thumbs/${id}.${ext}`;
}

/**
 * Version 3's tiles: shard n is `tiles/<n>.bin`, the tiles' bytes one after another (stored, not
 * deflated: WebP is compressed already), and `tiles/<n>.ndjson`, one line per tile in the same
 * order (photo id, type, offset and size in the .bin). A shard closes at SHARD_TILES tiles or
 * SHARD_BYTES bytes, so a library of 100,000 photos makes about 100 entries, not 100,000.
 */
export const SHARD_TILES = 2000;
export const SHARD_BYTES = 64 << 20;
export function shardNames(n: number): { index: string; data: string } {
  const stem = `tiles/${String(n).padStart(6, '0')}`;
  return { index: `${stem}.ndjson`, data: `${stem}.bin` };
}
export interface TileRecord {
  id: string;
  type: string;
  offset: number;
  size: number;
}

/** Rows are read and written this many at a time: memory stays flat whatever the library's size. */
export const PAGE = 500;

export interface Manifest {
  format: typeof BACKUP_FORMAT;
  /** Written as BACKUP_VERSION; 2 is read too (same manifest). */
  version: 2 | typeof BACKUP_VERSION;
  exportedAt: string;
  /** What was there when the export began (progress only: a library being indexed may change). */
  counts: { sources: number; files: number; photos: number; names: number };
  tiles: boolean;
}

export interface SourceRecord {
  name: string;
  kind: SourceKind;
}
/** A file, its folder by name: folders are matched by name in the other browser. */
export type FileRecord = Pick<FileRow, 'path' | 'size' | 'mtime' | 'hash' | 'status' | 'error' | 'mediaType' | 'shot' | 'pairedShot'> & { source: string };
/** A photo as stored, less what is rebuilt on import (stand-ins, derived search terms, hidden names and hash bands, the place named from its GPS). */
export type PhotoRecord = Omit<PhotoRow, 'provisional' | 'terms' | 'hiddenNames' | 'dupKeys' | 'place'>;
/** A name the person gave to a face: the photo, the face's box (0–1), the name. No descriptors. */
export interface NameRecord {
  photo: string;
  box: FaceHint['box'];
  name: string;
}

export interface BackupProgress {
  phase: 'checking' | 'photos' | 'tiles' | 'files' | 'finishing';
  done: number;
  total: number;
}

/** A backup that cannot be imported, with the entry and line (or list and index) at fault. */
export class ImportError extends Error {
  override name = 'ImportError';
}

/** Cancellation is a state, not an error: callers test for it and say "cancelled". */
export function isAbort(e: unknown): boolean {
  return (e as { name?: string } | null)?.name === 'AbortError';
}
