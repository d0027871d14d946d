import type { EncodedImage, IndexOutcome, PhotoMeta } from '../catalog/types';
import { decodeImage } from './decode';
import { DecodeError, type Decoded } from './decoded';
import { swapsAxes } from './exif-map';
import { rawPicture } from './index-raw';
import { readMeta, readThumbnail } from './metadata';
import { isTruncatedJpeg, readPixelSize } from './image-size';
import { AVI_MIME, HEAD_BYTES, sniffMediaType, unsupportedReason, type MediaType } from './media-type';
import { sliceReader } from './raw-preview';
import { sha256OfBytes, sha256OfFile } from './hash';
import { canvasOf, decodedPixels, encode, encodePreview, fitWithin, lanczos, lanczosSource, toCanvas, type Pixels, type Size } from './resize';
import { summarizeColors, type ColorSummary } from './colors';
import { perceptualHash } from './phash';
import { readVideo, VideoError } from './video';
import { withSidecar } from './xmp/sidecar';
import { stage, stageSync, task } from './stage-times';
import { AviError, readAvi } from './avi';

/** Grid tiles fit 512×512; previews (the viewer) fit 1600×1600. */
export const TILE_SIZE = 512;
export const PREVIEW_SIZE = 1600;
/** 150 MP decodes to 600 MB of RGBA: past that a worker would risk the tab's memory. */
export const MAX_PIXELS = 150_000_000;
/**
 * A picture is read whole to decode it; past this size it is not (no camera writes a 200 MB JPEG,
 * a damaged or hostile file might, and the worker would hold it all in memory).
 */
export const MAX_PICTURE_BYTES = 200 * 1024 * 1024;

export interface IndexRequest {
  fileId: number;
  /** A handle (granted folder) or the File itself (fallback input, demo). */
  source: FileSystemFileHandle | File;
  /** Its XMP sidecar, whose word wins over the file's own metadata (xmp/sidecar.ts). */
  sidecar?: FileSystemFileHandle | File;
  /** Only the sidecar changed: read the metadata again without decoding (pictures; anything else is indexed whole). */
  metaOnly?: boolean;
}

type Problem = Extract<IndexOutcome, { kind: 'problem' }>;

const problem = (fileId: number, status: Problem['status'], error: string, extra: Partial<Problem> = {}): Problem => ({
  kind: 'problem', fileId, status, error, ...extra,
});

async function readFile(source: FileSystemFileHandle | File): Promise<File> {
  return source instanceof File ? source : source.getFile();
}

function looksLikeText(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 512);
  let printable = 0;
  for (const b of head) if (b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 0xc2) printable++;
  return head.length > 0 && printable / head.length > 0.95;
}

/** What indexing needs of a file. A seam: a test hands it a 1 GB file whose whole must never be read. */
export type OpenedFile = Pick<Blob, 'size' | 'slice' | 'arrayBuffer'> & { readonly name: string };

const megabytes = (bytes: number) => `${Math.round(bytes / 2 ** 20).toLocaleString('en')} MB`;

/** Colours from the tile drawn at 64 px: plenty to tell which colours dominate. */
function tileColors(tile: OffscreenCanvas): ColorSummary {
  const small = toCanvas(tile, fitWithin(tile, 64));
  const ctx = small.getContext('2d') as OffscreenCanvasRenderingContext2D;
  return summarizeColors(ctx.getImageData(0, 0, small.width, small.height).data);
}

/**
 * The Lanczos kernel's memory holds one picture: a worker's pictures are drawn and resampled one
 * after another (the warm-up's and a first file's would otherwise overlap, one's decoded pixels
 * written over the other's while it waits for its frame's copy).
 */
let resampling: Promise<unknown> = Promise.resolve();

/** The preview and the tile of a decoded picture, unencoded; their pixels are their own (never the kernel's memory). */
function resampled(decoded: Decoded, previewSize: Size, tileSize: Size): Promise<{ preview: Pixels; tile: Pixels }> {
  const turn = resampling.then(async () => {
    // Straight into the kernel's memory when the preview is resampled from them (`lanczos` finds them there).
    const room = previewSize.width !== decoded.width || previewSize.height !== decoded.height ? lanczosSource(decoded) : undefined;
    const full = await stage('draw', () => decodedPixels(decoded.source, decoded, room));
    decoded.close();
    const preview = await stage('resize_preview', () => lanczos(full, previewSize));
    const tile = await stage('resize_tile', () => lanczos(preview, tileSize));
    return { preview, tile };
  });
  resampling = turn.catch(() => undefined);
  return turn;
}

/** Preview from the decoded picture, then the tile from the preview (≥ 2× the tile: no quality lost). */
async function renderImages(decoded: Decoded): Promise<{ tile: EncodedImage; preview: EncodedImage; colors: ColorSummary; phash: string; tilePixels: Pixels }> {
  const previewSize = fitWithin(decoded, PREVIEW_SIZE);
  const tileSize = fitWithin(decoded, TILE_SIZE);
  const { preview, tile } = await resampled(decoded, previewSize, tileSize);
  const tileCanvas = canvasOf(tile);
  const [previewBlob, tileBlob] = await Promise.all([
    stage('encode_preview', () => encodePreview(preview === tile ? tileCanvas : canvasOf(preview))),
    stage('encode_tile', () => encode(tileCanvas)),
  ]);
  const colors = stageSync('colors', () => tileColors(tileCanvas));
  // The tile's perceptual hash, from its pixels before encoding (near duplicates: phash.ts).
  const phash = stageSync('phash', () => perceptualHash(tile.data, tile.width, tile.height));
  return { preview: { blob: previewBlob, ...previewSize }, tile: { blob: tileBlob, ...tileSize }, colors, phash, tilePixels: tile };
}

/**
 * The thumbnail stage alone (decode, preview, tile, encode: what indexFile does to a picture),
 * timed, with the tile's pixels before encoding. For `npm run bench`, which compares it with
 * vipsthumbnail and measures the tile's SSIM.
 */
export async function thumbnailProbe(bytes: Uint8Array): Promise<{ ms: number; width: number; height: number; pixels: Uint8ClampedArray; stored: Blob }> {
  const type = sniffMediaType(bytes);
  if (!type?.supported || type.kind !== 'image') throw new Error('not a supported picture');
  const t0 = performance.now();
  const decoded = await decodeImage(bytes, type.mime, { stored: readPixelSize(type.mime, bytes), longestOutput: PREVIEW_SIZE, suspectDamaged: false });
  const { tile, tilePixels } = await renderImages(decoded);
  const ms = performance.now() - t0;
  return { ms, width: tile.width, height: tile.height, pixels: tilePixels.data, stored: tile.blob };
}

/**
 * Everything the first file would start cold, done on a picture made here and indexed as a file's
 * would be (hash, metadata, decode, then renderImages: the canvas, pica's wasm, both encoders, the
 * colours and the perceptual hash; 640×480, so the tile is resized). Measured on the first of 1,000
 * small photos: about 400 ms of its 550 were such first uses. Called when the worker starts, while
 * the person is still in the folder picker.
 */
export async function warmUp(): Promise<void> {
  const size = { width: 640, height: 480 };
  const canvas = new OffscreenCanvas(size.width, size.height);
  const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  ctx.fillStyle = '#8a6';
  ctx.fillRect(0, 0, size.width, size.height);
  const jpeg = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 })).arrayBuffer());
  await sha256OfBytes(jpeg);
  await readMeta(jpeg, 'image/jpeg');
  await renderImages(await decodeImage(jpeg, 'image/jpeg', { stored: size, longestOutput: PREVIEW_SIZE, suspectDamaged: false }));
}

/** Last resort for a damaged file: the small picture the camera embedded in the EXIF block. */
async function embeddedThumbnail(bytes: Uint8Array): Promise<Decoded | undefined> {
  const thumb = await readThumbnail(bytes, 'image/jpeg');
  if (!thumb) return undefined;
  try {
    const bitmap = await createImageBitmap(new Blob([thumb as BlobPart], { type: 'image/jpeg' }));
    return { source: bitmap, width: bitmap.width, height: bitmap.height, partial: true, close: () => bitmap.close() };
  } catch {
    return undefined;
  }
}

function describeUnknown(bytes: Uint8Array): string {
  return looksLikeText(bytes)
    ? 'Not a picture: the file holds text, whatever its name says.'
    : 'Not a picture: the content is not JPEG, PNG, WebP, GIF, AVIF or BMP.';
}

function readError(fileId: number, e: unknown): Problem {
  const name = (e as DOMException | undefined)?.name;
  if (name === 'NotFoundError') return problem(fileId, 'missing', 'The file was deleted or moved before it could be read.');
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return problem(fileId, 'failed', 'Permission to read the folder was withdrawn: reconnect it to continue.', { code: 'permission' });
  }
  if (name === 'NotReadableError') return problem(fileId, 'failed', 'The file could not be read (it may be changing, or the disk is unavailable).');
  return problem(fileId, 'failed', `The file could not be read (${(e as Error)?.message ?? String(e)}).`);
}

function checkSize(fileId: number, type: MediaType, bytes: Uint8Array, hash: string): { stored?: Size } | Problem {
  const stored = readPixelSize(type.mime, bytes);
  if (stored && stored.width * stored.height > MAX_PIXELS) {
    const mp = Math.round((stored.width * stored.height) / 1e6);
    return problem(
      fileId,
      'failed',
      `Too large to open safely: ${stored.width} × ${stored.height} pixels (${mp} MP); Shoebox opens pictures up to ${MAX_PIXELS / 1e6} MP.`,
      { mediaType: type.mime, hash },
    );
  }
  return stored ? { stored } : {};
}

/** Index one file: identify it by its head, hash it, and for a picture read, decode, tile and preview it. */
export function indexFile({ fileId, source, sidecar, metaOnly }: IndexRequest): Promise<IndexOutcome> {
  return task(async () => {
    let file: File;
    try {
      file = await readFile(source);
    } catch (e) {
      return readError(fileId, e);
    }
    const meta = metaOnly ? await pictureMetadata(file) : undefined;
    if (meta) return { kind: 'meta', fileId, meta: sidecar ? await withSidecar(meta, sidecar) : meta };
    const outcome = await indexOpenedFile(fileId, file);
    if (outcome.kind === 'photo' && sidecar) outcome.meta = await withSidecar(outcome.meta, sidecar);
    return outcome;
  });
}

/**
 * A picture's own metadata, read without decoding it (a changed sidecar asks no more). Undefined
 * for anything else (RAW, video, a file that no longer reads as a picture): that is indexed whole.
 */
async function pictureMetadata(file: OpenedFile): Promise<PhotoMeta | undefined> {
  try {
    const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
    const type = sniffMediaType(head);
    if (!type?.supported || type.kind !== 'image' || file.size > MAX_PICTURE_BYTES) return undefined;
    return await readMeta(new Uint8Array(await file.arrayBuffer()), type.mime);
  } catch {
    return undefined;
  }
}

/**
 * The head (`HEAD_BYTES`) says what the file is before anything else is read. Videos, RAW and
 * everything not decoded are hashed slice by slice and never read whole; a picture is read whole
 * (the decoder needs it) only when it is one Shoebox decodes and its size is sane.
 */
export async function indexOpenedFile(fileId: number, file: OpenedFile): Promise<IndexOutcome> {
  if (file.size === 0) return problem(fileId, 'failed', 'The file is empty (0 bytes).');
  let head: Uint8Array;
  try {
    head = await stage('read', async () => new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer()));
  } catch (e) {
    return readError(fileId, e);
  }
  const type = stageSync('sniff', () => sniffMediaType(head));
  if (!type) return problem(fileId, 'failed', describeUnknown(head));
  if (type.kind === 'raw' && type.supported) return indexRaw(fileId, file, head, type);
  if (!type.supported || type.kind === 'video' || file.size > MAX_PICTURE_BYTES) {
    let hash: string;
    try {
      hash = await sha256OfFile(file);
    } catch (e) {
      return readError(fileId, e);
    }
    if (!type.supported) return problem(fileId, 'unsupported', unsupportedReason(type), { mediaType: type.mime, hash });
    if (type.kind === 'video') return indexVideo(fileId, file, type, hash);
    return problem(
      fileId,
      'failed',
      `Too large to open safely: a ${megabytes(file.size)} ${type.label} file; Shoebox reads pictures up to ${megabytes(MAX_PICTURE_BYTES)}.`,
      { mediaType: type.mime, hash },
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = await stage('read', async () => new Uint8Array(await file.arrayBuffer()));
  } catch (e) {
    return readError(fileId, e);
  }
  const hash = await stage('hash', () => sha256OfBytes(bytes));
  return indexPicture(fileId, file.name, type, bytes, hash);
}

/**
 * A camera RAW, never read whole: hashed in slices, shown by its largest embedded JPEG preview
 * (read alone) with the RAW's own metadata and orientation, and kept as the RAW's media type.
 */
async function indexRaw(fileId: number, file: OpenedFile, head: Uint8Array, type: MediaType): Promise<IndexOutcome> {
  let hash: string;
  let picture: Awaited<ReturnType<typeof rawPicture>>;
  try {
    hash = await sha256OfFile(file);
    picture = await rawPicture(sliceReader(file, head), head, type);
  } catch (e) {
    return readError(fileId, e);
  }
  if (picture.kind === 'none') return problem(fileId, 'unsupported', picture.reason, { mediaType: type.mime, hash });
  const jpeg = sniffMediaType(picture.jpeg) as MediaType;
  const indexed = await indexPicture(fileId, file.name, jpeg, picture.jpeg, hash, { mediaType: type.mime, meta: picture.meta });
  if (indexed.kind !== 'photo') return indexed;
  // A preview smaller than a tile is shown as it is (never enlarged) and listed under Problems.
  const outcome = picture.note ? { ...indexed, note: picture.note } : indexed;
  // The photo's size is the sensor's (a 24 MP RAW is 6000 × 4000, whatever its preview), upright.
  const sensor = picture.sensor;
  if (!sensor) return outcome;
  return { ...outcome, ...(swapsAxes(picture.meta.orientation) ? { width: sensor.height, height: sensor.width } : sensor) };
}

/**
 * A video, never read whole: its container's facts and a poster frame (video.ts), which then
 * makes the tile and preview as a picture's would. A codec this browser cannot decode still gives
 * a photo (with a stand-in tile) and a note for Problems.
 */
async function indexVideo(fileId: number, file: OpenedFile, type: MediaType, hash: string): Promise<IndexOutcome> {
  let read;
  try {
    read = type.mime === AVI_MIME ? await readAvi(sliceReader(file), PREVIEW_SIZE) : await readVideo(file, type, PREVIEW_SIZE);
  } catch (e) {
    if (e instanceof VideoError) return problem(fileId, 'failed', e.message, { mediaType: type.mime, hash });
    if (e instanceof AviError) return problem(fileId, 'failed', `${type.label}: the file is damaged or incomplete (${e.message}).`, { mediaType: type.mime, hash });
    const name = (e as DOMException | undefined)?.name;
    if (name === 'NotFoundError' || name === 'NotReadableError' || name === 'NotAllowedError' || name === 'SecurityError') return readError(fileId, e);
    return problem(fileId, 'failed', `${type.label}: it could not be read (${(e as Error)?.message ?? String(e)}).`, { mediaType: type.mime, hash });
  }
  const { colors, tile, preview, phash } = await renderImages(read.poster);
  const real = !read.standIn;
  return {
    kind: 'photo', fileId, hash, name: file.name, mediaType: type.mime, meta: read.meta, width: read.width, height: read.height,
    damaged: false, tile, preview, video: read.info, ...(read.note ? { note: read.note } : {}),
    // A stand-in's grey says nothing of the video.
    colors: real ? colors.colors : [], monochrome: real ? colors.monochrome : false, phash: real ? phash : '-',
  };
}

/** A supported picture, read whole: check its pixel size, read its metadata, decode it and make its images. */
async function indexPicture(
  fileId: number,
  name: string,
  type: MediaType,
  bytes: Uint8Array,
  hash: string,
  /** A RAW's preview: the RAW's media type and metadata, not the preview's. */
  raw?: { mediaType: string; meta: PhotoMeta },
): Promise<IndexOutcome> {
  const mediaType = raw?.mediaType ?? type.mime;
  const size = checkSize(fileId, type, bytes, hash);
  if ('kind' in size) return size;
  const meta = raw?.meta ?? (await stage('exif', () => readMeta(bytes, type.mime)));
  const suspectDamaged = type.mime === 'image/jpeg' && isTruncatedJpeg(bytes);

  let decoded: Decoded | undefined;
  let fromThumbnail = false;
  try {
    decoded = await stage('decode', () => decodeImage(bytes, type.mime, { stored: size.stored, longestOutput: PREVIEW_SIZE, suspectDamaged }));
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    decoded = await embeddedThumbnail(bytes);
    if (!decoded) return problem(fileId, 'failed', 'The image data is damaged and could not be decoded.', { mediaType, hash });
    meta.warnings.push('The picture is damaged: only its embedded thumbnail could be shown.');
    fromThumbnail = true;
  }
  const damaged = decoded.partial || suspectDamaged;
  if (damaged && meta.warnings.length === 0) meta.warnings.push('The file is cut short or corrupt: only part of the picture could be decoded.');

  // Displayed size: the header's, turned by the orientation; the decoder may have scaled down.
  const display = size.stored && !fromThumbnail
    ? swapsAxes(meta.orientation) ? { width: size.stored.height, height: size.stored.width } : size.stored
    : { width: decoded.width, height: decoded.height };
  const { colors, tile, preview, phash } = await renderImages(decoded);
  return {
    kind: 'photo', fileId, hash, name, mediaType, meta, ...display, damaged, tile, preview,
    colors: colors.colors, monochrome: colors.monochrome, phash,
  };
}
