import exifr from 'exifr';
import type { PhotoMeta } from '../catalog/types';
import { EXIFR_OPTIONS, mapExif, type RawTags } from './exif-map';
import { heifMetadataAsJpeg } from './heif-boxes';
import { jpegMetadataOnly } from './image-size';
import { withEmbeddedXmp } from './xmp/sidecar';

/** How far into a non-JPEG picture its XMP packet is looked for. */
const EMBEDDED_XMP_BYTES = 1024 * 1024;

const isHeif = (mime: string) => mime === 'image/heic' || mime === 'image/avif';

/** Only exifr's error list came back: it gave up on the file as a whole. */
const gaveUp = (tags: RawTags | undefined) => !!tags && Object.keys(tags).every((k) => k === 'errors');

/**
 * Run an exifr read; if it fails on a JPEG, run it again on the file's complete metadata segments
 * alone (a damaged file, or a head slice cut mid-segment, can still hold a whole EXIF block).
 */
async function withFallback<T>(bytes: Uint8Array, mime: string, read: (b: Uint8Array) => Promise<T>, failed: (r: T) => boolean): Promise<T> {
  let result: T | undefined;
  try {
    result = await read(bytes);
    if (!failed(result)) return result;
  } catch {
    // tried again below
  }
  const head = mime === 'image/jpeg' ? jpegMetadataOnly(bytes) : undefined;
  if (!head) return result as T;
  return read(head);
}

/** EXIF, XMP and IPTC mapped to the catalogue's fields. Never throws: trouble becomes a warning. */
export async function readMeta(bytes: Uint8Array, mime: string): Promise<PhotoMeta> {
  if (isHeif(mime)) return readHeifMeta(bytes);
  try {
    const tags = await withFallback(bytes, mime, async (b) => (await exifr.parse(b, EXIFR_OPTIONS)) as RawTags | undefined, gaveUp);
    // A JPEG's packet is in its metadata segments; other formats keep it near the start.
    return withEmbeddedXmp(mapExif(tags), (mime === 'image/jpeg' && jpegMetadataOnly(bytes)) || bytes.subarray(0, EMBEDDED_XMP_BYTES));
  } catch (e) {
    return { ...mapExif(undefined), warnings: [`The metadata could not be read (${(e as Error).message}).`] };
  }
}

/**
 * HEIC and AVIF: their EXIF and XMP items, handed to exifr as a JPEG's segments. The picture's turn
 * is its `irot`/`imir` boxes, which the decoder applies; the EXIF Orientation an iPhone also
 * writes says the same and is dropped, so that nothing turns the picture twice.
 */
async function readHeifMeta(bytes: Uint8Array): Promise<PhotoMeta> {
  const segments = heifMetadataAsJpeg(bytes);
  const meta = segments ? await readMeta(segments, 'image/jpeg') : mapExif(undefined);
  delete meta.orientation;
  return meta;
}

/** The camera's embedded thumbnail (JPEG bytes), if any survives. */
export async function readThumbnail(bytes: Uint8Array, mime: string): Promise<Uint8Array | undefined> {
  try {
    return (await withFallback(bytes, mime, async (b) => (await exifr.thumbnail(b)) as Uint8Array | undefined, (t) => !t)) ?? undefined;
  } catch {
    return undefined;
  }
}
