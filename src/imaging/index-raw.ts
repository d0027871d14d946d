import exifr from 'exifr';
import type { PhotoMeta } from '../catalog/types';
import { EXIFR_OPTIONS, mapExif, type RawTags } from './exif-map';
import { readMeta } from './metadata';
import type { MediaType } from './media-type';
import { findRawPreviews, type RandomAccess, type RawPreviews } from './raw-preview';

/** Below this long side a preview makes a blurry tile (the tile is 512 px): say so, never upscale quietly. */
export const SMALL_PREVIEW = 512;

export type RawPicture =
  /** The preview as a JPEG that carries the RAW's orientation, the RAW's metadata, and the sensor data's size (stored, not turned) where the RAW gives it. */
  /** `note`: a preview too small for a tile, said under Problems as well as in the viewer. */
  | { kind: 'preview'; jpeg: Uint8Array; meta: PhotoMeta; sensor?: { width: number; height: number }; note?: string }
  /** No preview to show: the Problems entry's reason. */
  | { kind: 'none'; reason: string };

/** exifr reads a TIFF block's first IFD as IFD0: name an Exif or GPS block's tags with exifr's own dictionary. */
function named(tags: RawTags | undefined, block: 'exif' | 'gps'): RawTags {
  const names = exifr.tagKeys.get(block);
  const out: RawTags = {};
  for (const [key, value] of Object.entries(tags ?? {})) out[names?.get(Number(key)) ?? key] = value;
  return out;
}

async function parseBlock(block: Uint8Array | undefined, iptc = true): Promise<RawTags | undefined> {
  if (!block) return undefined;
  try {
    return (await exifr.parse(block, { ...EXIFR_OPTIONS, iptc })) as RawTags | undefined;
  } catch {
    return undefined;
  }
}

/** The RAW's own metadata: exifr over its TIFF head, or over CR3's CMT1 (IFD0), CMT2 (Exif) and CMT4 (GPS). */
export async function rawMeta(found: RawPreviews): Promise<PhotoMeta> {
  const { tiff, cr3 } = found.metadata;
  if (tiff) {
    const meta = await readMeta(tiff, 'image/tiff');
    // exifr gives the whole TIFF up when its IPTC tag (0x83BB) is typed LONG, as Nikon writes it.
    return meta.make || meta.model ? meta : mapExif(await parseBlock(tiff, false));
  }
  if (!cr3) return mapExif(undefined);
  const [ifd0, exif, gps] = await Promise.all([parseBlock(cr3.ifd0), parseBlock(cr3.exif), parseBlock(cr3.gps)]);
  return mapExif({ ...named(gps, 'gps'), ...named(exif, 'exif'), ...ifd0 });
}

/** What the RAW says wins; what it lacks comes from the preview's own EXIF (RAF and RW2 keep theirs there). */
function merged(raw: PhotoMeta, preview: PhotoMeta): PhotoMeta {
  const out = { ...preview, ...Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) } as PhotoMeta;
  out.keywords = raw.keywords.length ? raw.keywords : preview.keywords;
  out.warnings = [...raw.warnings];
  return out;
}

/** An APP1 EXIF segment holding only an Orientation tag (TIFF little-endian, one IFD entry). */
function orientationSegment(orientation: number): Uint8Array {
  const tiff = [0x49, 0x49, 0x2a, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, orientation, 0, 0, 0, 0, 0, 0, 0];
  const body = [...'Exif\0\0'].map((c) => c.charCodeAt(0)).concat(tiff);
  return new Uint8Array([0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body]);
}

/**
 * A preview stored as the sensor saw it, with the RAW's orientation written into it, so the browser
 * turns it as it turns any JPEG (decode, tile, viewer) and nothing turns it twice.
 */
export function withOrientation(jpeg: Uint8Array, orientation: number): Uint8Array {
  const segment = orientationSegment(orientation);
  const out = new Uint8Array(jpeg.length + segment.length);
  out.set(jpeg.subarray(0, 2));
  out.set(segment, 2);
  out.set(jpeg.subarray(2), 2 + segment.length);
  return out;
}

const formatName = (type: MediaType) => type.label.replace(/ RAW$/, '');

/**
 * A RAW's picture: its largest embedded JPEG preview, read alone (never the whole file), upright,
 * with the RAW's metadata. A preview smaller than a tile is shown as it is, with a warning.
 */
export async function rawPicture(reader: RandomAccess, head: Uint8Array, type: MediaType): Promise<RawPicture> {
  const found = await findRawPreviews(reader, head, type.mime);
  if (!found.best) return { kind: 'none', reason: `${type.label}: no preview is embedded in it, and Shoebox does not decode RAW data itself yet.` };
  const preview = await reader.read(found.best.offset, found.best.length);
  const [own, fromRaw, ownOrientation] = await Promise.all([
    readMeta(preview, 'image/jpeg'),
    rawMeta(found),
    exifr.orientation(preview).catch(() => undefined),
  ]);
  const meta = merged(fromRaw, own);
  // The RAW's orientation wins (as in RAW converters): a preview's own EXIF may be a stale copy.
  // Written first in the file, it is the one the browser reads.
  let jpeg = preview;
  meta.orientation = found.orientation ?? ownOrientation;
  if (found.orientation && found.orientation !== (ownOrientation ?? 1)) jpeg = withOrientation(preview, found.orientation);
  const { width, height } = found.best;
  const note = Math.max(width, height) < SMALL_PREVIEW
    ? `Only a ${width} × ${height} preview is embedded in this ${formatName(type)}; Shoebox does not decode RAW data itself yet.`
    : undefined;
  if (note) meta.warnings.push(note);
  return { kind: 'preview', jpeg, meta, ...(found.sensor ? { sensor: found.sensor } : {}), ...(note ? { note } : {}) };
}
