/**
 * The JPEG previews camera RAW files carry, found without reading the RAW: a 20–80 MB file is read
 * as its head, the directories it points to and the chosen preview's bytes, nothing else.
 *
 * No npm library does this in the browser over random access: exifr extracts only IFD1's
 * thumbnail (160 px in most RAWs), exifreader and utif parse a buffer holding the whole file, and
 * libraw-wasm decodes the sensor data (the whole file in wasm memory, and seconds per file).
 *
 * Where the previews live (TIFF 6.0 §2, TIFF/EP, DNG 1.7 §Previews, Canon CR3 per ExifTool's
 * QuickTime and Canon tables, Fujifilm RAF per ExifTool's FujiFilm table):
 * - TIFF-based RAWs (DNG, CR2, NEF, NRW, ARW, PEF, SRW, ORF, RW2): every IFD on IFD0's chain and
 *   their SubIFDs (0x014A); a preview is JPEGInterchangeFormat/Length (0x0201/0x0202), or the one
 *   strip of an IFD with Compression 6 or 7 (old-style and DNG JPEG), or Panasonic's JpgFromRaw
 *   (0x002E). Lossless JPEG (SOF3) holds sensor data, not a picture, and is skipped.
 * - Maker notes: Olympus's CameraSettings preview (ORF), Pentax's PreviewImage (PEF), Nikon's
 *   PreviewIFD (0x0011; NEF, NRW), where Nikon cameras put a preview beside the IFDs' own.
 * - CR3 (ISO base media): PRVW in the top-level uuid eaf42b5e-…, THMB in moov's Canon uuid.
 * - RAF: the header's big-endian JPEG offset and length at bytes 84 and 88.
 *
 * The RAW's own size (what ExifTool's Composite:ImageSize says): the raw IFD's ImageWidth ×
 * ImageLength (DNG, NEF, NRW, ARW, SRW, ORF, PEF); CR2's and CR3's ExifImageWidth × Height (0xA002/
 * 0xA003, in the Exif IFD and CMT2); RW2's sensor borders in IFD0 (0x0004–0x0007, right − left by
 * bottom − top); RAF's RawImageCroppedSize (0x0111, height then width) in the RAF directory the
 * header points at (bytes 92 and 96).
 */

import { jpegFrame } from './image-size';

/** Random access to a file: `read` returns at most `length` bytes from `offset` (fewer at the end). */
export interface RandomAccess {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A reader over anything with `slice` (a File, or a test's stand-in), answering from `head` when it can. */
export function sliceReader(file: Pick<Blob, 'size' | 'slice'>, head?: Uint8Array): RandomAccess {
  return {
    size: file.size,
    async read(offset, length) {
      const end = Math.min(file.size, offset + Math.max(0, length));
      if (offset < 0 || offset >= end) return new Uint8Array(0);
      if (head && end <= head.length) return head.subarray(offset, end);
      return new Uint8Array(await file.slice(offset, end).arrayBuffer());
    },
  };
}

export interface PreviewLocation {
  offset: number;
  length: number;
  /** Stored (not oriented) size from the JPEG's frame header. */
  width: number;
  height: number;
}

export interface RawPreviews {
  /** The largest decodable JPEG preview, if any. */
  best?: PreviewLocation;
  /** The RAW's own size (the raw IFD's, or the one the camera declares: see above), stored, not oriented. */
  sensor?: { width: number; height: number };
  /** The RAW's own orientation (IFD0's, or CR3's CMT1), which its previews do not carry. */
  orientation?: number;
  /** TIFF blocks for exifr: the RAW's head (TIFF-based RAWs) or CR3's CMT1 (IFD0), CMT2 (Exif) and CMT4 (GPS). */
  metadata: { tiff?: Uint8Array; cr3?: { ifd0?: Uint8Array; exif?: Uint8Array; gps?: Uint8Array } };
}

/** Hostile files: caps on what one RAW may make us read. */
const MAX_IFDS = 64;
const MAX_ENTRIES = 1024;
const MAX_BOXES = 256;
/** A Canon moov holds metadata and a 160 px thumbnail: a few hundred KB at most. */
const MAX_MOOV = 4 * 1024 * 1024;
/** A JPEG's frame header sits after its APP segments (EXIF with its own thumbnail: ≤ 64 KB each). */
const JPEG_HEADER_BYTES = 256 * 1024;
/** Past this a "preview" is a hostile length, not a picture (a 60 MP camera's full-size JPEG is ~30 MB). */
const MAX_PREVIEW_BYTES = 64 * 1024 * 1024;

interface Candidate {
  offset: number;
  length: number;
}

/** `n` bytes at `at` as Latin-1 text: a FourCC, a signature. */
export const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));

/** Frame size of a JPEG a browser decodes (baseline, extended, progressive); undefined for anything else. */
export function jpegFrameSize(b: Uint8Array): { width: number; height: number } | undefined {
  if (b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  const frame = jpegFrame(b);
  // SOF3 (lossless) holds sensor data; the hierarchical and arithmetic kinds are not decoded.
  if (!frame || frame.marker > 0xc2 || frame.width === 0 || frame.height === 0) return undefined;
  return { width: frame.width, height: frame.height };
}

/** The largest candidate that is a whole, decodable JPEG inside the file. */
async function largest(reader: RandomAccess, candidates: Candidate[]): Promise<PreviewLocation | undefined> {
  let best: PreviewLocation | undefined;
  const seen = new Set<number>();
  for (const c of candidates) {
    if (seen.has(c.offset) || c.offset <= 0 || c.length < 64 || c.length > MAX_PREVIEW_BYTES || c.offset + c.length > reader.size) continue;
    seen.add(c.offset);
    const size = jpegFrameSize(await reader.read(c.offset, Math.min(c.length, JPEG_HEADER_BYTES)));
    if (size && (!best || size.width * size.height > best.width * best.height)) best = { ...c, ...size };
  }
  return best;
}

// ---------------------------------------------------------------- TIFF

const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4 };

interface Entry {
  type: number;
  count: number;
  /** Where the value is: inside the entry, or at its offset (from the TIFF's base). */
  at: number;
}

class Tiff {
  constructor(
    private readonly reader: RandomAccess,
    readonly le: boolean,
    /** Where offsets count from: 0 for a RAW, a maker note's start for Olympus's. */
    private readonly base: number,
  ) {}

  private u16(b: Uint8Array, at: number) {
    return new DataView(b.buffer, b.byteOffset, b.byteLength).getUint16(at, this.le);
  }

  u32(b: Uint8Array, at: number) {
    return new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(at, this.le);
  }

  /** An IFD's entries by tag, and the next IFD's offset; undefined when it lies outside the file. */
  async ifd(offset: number): Promise<{ entries: Map<number, Entry>; next: number } | undefined> {
    const at = this.base + offset;
    const countBytes = await this.reader.read(at, 2);
    if (countBytes.length < 2) return undefined;
    const count = this.u16(countBytes, 0);
    if (count === 0 || count > MAX_ENTRIES) return undefined;
    const b = await this.reader.read(at + 2, count * 12 + 4);
    if (b.length < count * 12) return undefined;
    const entries = new Map<number, Entry>();
    for (let e = 0; e < count; e++) {
      const p = e * 12;
      const type = this.u16(b, p + 2);
      const n = this.u32(b, p + 4);
      const bytes = (TYPE_SIZE[type] ?? 1) * n;
      entries.set(this.u16(b, p), { type, count: n, at: bytes <= 4 ? at + 2 + p + 8 : this.base + this.u32(b, p + 8) });
    }
    return { entries, next: b.length >= count * 12 + 4 ? this.u32(b, count * 12) : 0 };
  }

  /** An entry's integers (SHORT or LONG), at most `max` of them. */
  async ints(entry: Entry | undefined, max = 64): Promise<number[]> {
    if (!entry || (entry.type !== 3 && entry.type !== 4 && entry.type !== 13)) return [];
    const width = entry.type === 3 ? 2 : 4;
    const n = Math.min(entry.count, max);
    const b = await this.reader.read(entry.at, n * width);
    const out: number[] = [];
    for (let i = 0; i + width <= b.length; i += width) out.push(width === 2 ? this.u16(b, i) : this.u32(b, i));
    return out;
  }

  async int(entry: Entry | undefined): Promise<number | undefined> {
    return (await this.ints(entry, 1))[0];
  }

  /** Absolute position of an offset stored in a tag. */
  abs(offset: number): number {
    return this.base + offset;
  }
}

/** Previews an IFD points at: JPEGInterchangeFormat, one JPEG-compressed strip, Panasonic's JpgFromRaw. */
async function ifdPreviews(tiff: Tiff, entries: Map<number, Entry>): Promise<Candidate[]> {
  const out: Candidate[] = [];
  const start = await tiff.int(entries.get(0x0201));
  const length = await tiff.int(entries.get(0x0202));
  if (start !== undefined && length) out.push({ offset: tiff.abs(start), length });
  const compression = await tiff.int(entries.get(0x0103));
  if (compression === 6 || compression === 7) {
    const offsets = await tiff.ints(entries.get(0x0111), 2);
    const counts = await tiff.ints(entries.get(0x0117), 2);
    if (offsets.length === 1 && counts.length === 1) out.push({ offset: tiff.abs(offsets[0] as number), length: counts[0] as number });
  }
  const jpgFromRaw = entries.get(0x002e);
  if (jpgFromRaw && jpgFromRaw.type === 7) out.push({ offset: jpgFromRaw.at, length: jpgFromRaw.count });
  return out;
}

/**
 * Maker-note previews. Nikon (type 3): "Nikon\0", a version, then a TIFF header of its own at
 * 10 from which the note's offsets count; its PreviewIFD (0x0011) holds PreviewImageStart/Length
 * (0x0201/0x0202). Olympus: "OLYMPUS\0" + byte order, offsets from the note's start,
 * PreviewImageStart/Length (0x0101/0x0102) in CameraSettings (0x2020). Pentax: "AOC\0" + byte
 * order (IFD at 6) or "PENTAX \0" + byte order (IFD at 10), PreviewImageStart/Length (0x0004/0x0003)
 * in the note's IFD, counted from the TIFF header or from the note (ExifTool says so per model and
 * still "fixes the base"): both are tried, and only a whole JPEG is taken.
 */
async function makerNotePreviews(reader: RandomAccess, exif: Map<number, Entry>): Promise<Candidate[]> {
  const note = exif.get(0x927c);
  if (!note) return [];
  const head = await reader.read(note.at, 18);
  const order = (at: number) => ascii(head, at, 2) === 'II';
  if (ascii(head, 0, 6) === 'Nikon\0' && head.length === 18) {
    const maker = new Tiff(reader, order(10), note.at + 10);
    const previewAt = await maker.int((await maker.ifd(maker.u32(head, 14)))?.entries.get(0x0011));
    const preview = previewAt === undefined ? undefined : await maker.ifd(previewAt);
    const start = await maker.int(preview?.entries.get(0x0201));
    const length = await maker.int(preview?.entries.get(0x0202));
    return start !== undefined && length ? [{ offset: maker.abs(start), length }] : [];
  }
  if (ascii(head, 0, 8) === 'OLYMPUS\0') {
    const maker = new Tiff(reader, order(8), note.at);
    const settingsAt = await maker.int((await maker.ifd(12))?.entries.get(0x2020));
    const settings = settingsAt === undefined ? undefined : await maker.ifd(settingsAt);
    const start = await maker.int(settings?.entries.get(0x0101));
    const length = await maker.int(settings?.entries.get(0x0102));
    return start !== undefined && length ? [{ offset: maker.abs(start), length }] : [];
  }
  const ifdAt = ascii(head, 0, 4) === 'AOC\0' ? 6 : ascii(head, 0, 8) === 'PENTAX \0' ? 10 : 0;
  if (!ifdAt) return [];
  const maker = new Tiff(reader, order(ifdAt - 2), note.at);
  const ifd = await maker.ifd(ifdAt);
  const start = await maker.int(ifd?.entries.get(0x0004));
  const length = await maker.int(ifd?.entries.get(0x0003));
  if (start === undefined || !length) return [];
  return [{ offset: start, length }, { offset: maker.abs(start), length }];
}

/**
 * The size of the sensor data an IFD holds: a full-resolution image (NewSubfileType 0 or absent)
 * that is not a JPEG preview (Compression 6 or YCbCr) and has its ImageWidth and ImageLength.
 */
async function rawDataSize(tiff: Tiff, entries: Map<number, Entry>): Promise<{ width: number; height: number } | undefined> {
  const [subfile, compression, photometric, width, height] = await Promise.all([0x00fe, 0x0103, 0x0106, 0x0100, 0x0101].map((tag) => tiff.int(entries.get(tag))));
  if ((subfile ?? 0) !== 0 || compression === 6 || photometric === 6 || !width || !height) return undefined;
  return { width, height };
}

/** Two integer tags as a size, when both are there and not zero. */
async function sizeOf(tiff: Tiff, entries: Map<number, Entry> | undefined, widthTag: number, heightTag: number): Promise<RawPreviews['sensor']> {
  const [width, height] = await Promise.all([tiff.int(entries?.get(widthTag)), tiff.int(entries?.get(heightTag))]);
  return width && height ? { width, height } : undefined;
}

/**
 * The size a camera declares where no raw IFD gives one: CR2's ExifImageWidth/Height (Canon writes
 * the image's size there), RW2's sensor borders (Panasonic's IFD0 tags 0x0004–0x0007), else its
 * SensorWidth/Height (0x0002/0x0003).
 */
async function declaredSize(tiff: Tiff, mime: string, ifd0: Map<number, Entry>, exif: Map<number, Entry> | undefined): Promise<RawPreviews['sensor']> {
  if (mime === 'image/x-canon-cr2') return sizeOf(tiff, exif, 0xa002, 0xa003);
  if (mime !== 'image/x-panasonic-rw2') return undefined;
  const [top, left, bottom, right] = await Promise.all([4, 5, 6, 7].map((tag) => tiff.int(ifd0.get(tag))));
  if (top !== undefined && left !== undefined && bottom && right && right > left && bottom > top) return { width: right - left, height: bottom - top };
  return sizeOf(tiff, ifd0, 0x0002, 0x0003);
}

/** Every preview of a TIFF-based RAW, IFD0's orientation, and the head exifr needs for its metadata. */
async function tiffPreviews(reader: RandomAccess, head: Uint8Array, mime: string): Promise<RawPreviews> {
  const le = head[0] === 0x49;
  const tiff = new Tiff(reader, le, 0);
  const candidates: Candidate[] = [];
  const visited = new Set<number>();
  const queue: number[] = [tiff.u32(head, 4)];
  let orientation: number | undefined;
  let sensor: RawPreviews['sensor'];
  let declared: RawPreviews['sensor'];
  let metaEnd = Math.min(head.length, reader.size);
  while (queue.length && visited.size < MAX_IFDS) {
    const offset = queue.shift() as number;
    if (!offset || visited.has(offset) || offset >= reader.size) continue;
    visited.add(offset);
    const ifd = await tiff.ifd(offset);
    if (!ifd) continue;
    if (visited.size === 1) {
      orientation = await tiff.int(ifd.entries.get(0x0112));
      // exifr reads IFD0, Exif and GPS from the head: make sure it reaches the Exif and GPS IFDs.
      for (const tag of [0x8769, 0x8825]) {
        const at = await tiff.int(ifd.entries.get(tag));
        if (at !== undefined && at < 4 * 1024 * 1024) metaEnd = Math.max(metaEnd, Math.min(reader.size, at + 64 * 1024));
      }
      const exifAt = await tiff.int(ifd.entries.get(0x8769));
      const exif = exifAt ? await tiff.ifd(exifAt) : undefined;
      if (exif) candidates.push(...(await makerNotePreviews(reader, exif.entries)));
      declared = await declaredSize(tiff, mime, ifd.entries, exif?.entries);
    }
    candidates.push(...(await ifdPreviews(tiff, ifd.entries)));
    const size = await rawDataSize(tiff, ifd.entries);
    if (size && (!sensor || size.width * size.height > sensor.width * sensor.height)) sensor = size;
    queue.push(...(await tiff.ints(ifd.entries.get(0x014a), 16)), ifd.next);
  }
  const best = await largest(reader, candidates);
  const tiffHead = metaEnd > head.length ? await reader.read(0, metaEnd) : head.subarray(0, metaEnd);
  // A small uncompressed picture (CR2's IFD2) is not the sensor data: only a size past the preview's is.
  if (sensor && (!best || sensor.width * sensor.height <= best.width * best.height)) sensor = undefined;
  sensor ??= declared;
  return { best, sensor, orientation: orientation && orientation <= 8 ? orientation : undefined, metadata: { tiff: tiffHead } };
}

// ---------------------------------------------------------------- CR3 (ISO base media)

const CANON_UUID = '85c0b687820f11e08111f4ce462b6a48';
const PREVIEW_UUID = 'eaf42b5e1c984b88b9fbb7dc406e4d16';
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

interface Box {
  type: string;
  /** Where its payload starts and how long it is. */
  start: number;
  size: number;
}

/** The boxes in `b` from `from` to `to` (sizes checked against the buffer). */
function boxesIn(b: Uint8Array, from: number, to: number): Box[] {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: Box[] = [];
  for (let at = from; at + 8 <= to && out.length < MAX_BOXES; ) {
    const size = view.getUint32(at);
    if (size < 8 || at + size > to) break;
    out.push({ type: ascii(b, at + 4, 4), start: at + 8, size: size - 8 });
    at += size;
  }
  return out;
}

/** Top-level boxes of the file, read header by header (an mdat of 60 MB is stepped over, not read). */
async function topLevel(reader: RandomAccess): Promise<Box[]> {
  const out: Box[] = [];
  for (let at = 0; at + 8 <= reader.size && out.length < MAX_BOXES; ) {
    const h = await reader.read(at, 16);
    const view = new DataView(h.buffer, h.byteOffset, h.byteLength);
    let size = view.getUint32(0);
    let header = 8;
    if (size === 1 && h.length >= 16) {
      size = view.getUint32(8) * 2 ** 32 + view.getUint32(12);
      header = 16;
    } else if (size === 0) size = reader.size - at;
    if (size < header || at + size > reader.size) break;
    out.push({ type: ascii(h, 4, 4), start: at + header, size: size - header });
    at += size;
  }
  return out;
}

async function cr3Previews(reader: RandomAccess): Promise<RawPreviews> {
  const candidates: Candidate[] = [];
  const metadata: NonNullable<RawPreviews['metadata']['cr3']> = {};
  let orientation: number | undefined;
  for (const box of await topLevel(reader)) {
    if (box.type === 'moov' && box.size <= MAX_MOOV) {
      const moov = await reader.read(box.start, box.size);
      for (const child of boxesIn(moov, 0, moov.length)) {
        if (child.type !== 'uuid' || hex(moov.subarray(child.start, child.start + 16)) !== CANON_UUID) continue;
        for (const item of boxesIn(moov, child.start + 16, child.start + child.size)) {
          const body = moov.subarray(item.start, item.start + item.size);
          if (item.type === 'CMT1') metadata.ifd0 = body;
          if (item.type === 'CMT2') metadata.exif = body;
          if (item.type === 'CMT4') metadata.gps = body;
          // THMB: version and flags, width, height, JPEG length (u32 at 8), then the JPEG at 16.
          if (item.type === 'THMB' && item.size > 16) {
            const length = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(8);
            candidates.push({ offset: box.start + item.start + 16, length: Math.min(length, item.size - 16) });
          }
        }
      }
    }
    if (box.type === 'uuid' && box.size > 24) {
      const head = await reader.read(box.start, 48);
      if (head.length < 48 || hex(head.subarray(0, 16)) !== PREVIEW_UUID || ascii(head, 28, 4) !== 'PRVW') continue;
      // uuid, 8 bytes, then PRVW: size, 'PRVW', u32, u16, width, height, u16, JPEG length (u32), the JPEG.
      candidates.push({ offset: box.start + 48, length: new DataView(head.buffer, head.byteOffset, 48).getUint32(44) });
    }
  }
  const ifd0 = await cmtIfd(metadata.ifd0);
  const o = await ifd0?.tiff.int(ifd0.entries.get(0x0112));
  if (o && o <= 8) orientation = o;
  // The image's size as Canon declares it: CMT2's ExifImageWidth/Height, else CMT1's ImageWidth/Length.
  const exif = await cmtIfd(metadata.exif);
  const sensor = (exif && (await sizeOf(exif.tiff, exif.entries, 0xa002, 0xa003))) ?? (ifd0 && (await sizeOf(ifd0.tiff, ifd0.entries, 0x0100, 0x0101)));
  return { best: await largest(reader, candidates), ...(sensor ? { sensor } : {}), orientation, metadata: { cr3: metadata } };
}

/** The first IFD of a CMT block (a TIFF of its own). */
async function cmtIfd(block: Uint8Array | undefined): Promise<{ tiff: Tiff; entries: Map<number, Entry> } | undefined> {
  if (!block || block.length < 8) return undefined;
  const reader: RandomAccess = { size: block.length, read: async (o, n) => block.subarray(Math.max(0, o), Math.max(0, Math.min(block.length, o + n))) };
  const tiff = new Tiff(reader, block[0] === 0x49, 0);
  const ifd = await tiff.ifd(tiff.u32(block, 4));
  return ifd && { tiff, entries: ifd.entries };
}

// ---------------------------------------------------------------- RAF

/** A RAF directory is a few records of a few bytes each: past this it is not one. */
const RAF_DIRECTORY_BYTES = 64 * 1024;

/**
 * RawImageCroppedSize (0x0111), else RawImageFullSize (0x0100), from the RAF directory: a
 * big-endian record count, then records of tag (u16), length (u16) and data; sizes are height
 * then width (u16 each).
 */
async function rafSize(reader: RandomAccess, head: Uint8Array): Promise<RawPreviews['sensor']> {
  if (head.length < 100) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const at = view.getUint32(92);
  const length = Math.min(view.getUint32(96), RAF_DIRECTORY_BYTES);
  if (!at || length < 4) return undefined;
  const b = await reader.read(at, length);
  const dir = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length < 4 || dir.getUint32(0) > 255) return undefined;
  const sizes = new Map<number, { width: number; height: number }>();
  for (let e = 0, p = 4; e < dir.getUint32(0) && p + 4 <= b.length; e++) {
    const tag = dir.getUint16(p);
    const n = dir.getUint16(p + 2);
    if (n === 4 && p + 8 <= b.length && dir.getUint16(p + 4) && dir.getUint16(p + 6)) sizes.set(tag, { height: dir.getUint16(p + 4), width: dir.getUint16(p + 6) });
    p += 4 + n;
  }
  return sizes.get(0x0111) ?? sizes.get(0x0100);
}

/** Width over height of two sizes agree within 10%. */
const sameShape = (a: { width: number; height: number }, b: { width: number; height: number }) =>
  Math.abs(Math.log((a.width / a.height) / (b.width / b.height))) < Math.log(1.1);

async function rafPreviews(reader: RandomAccess, head: Uint8Array): Promise<RawPreviews> {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  // The embedded JPEG carries the camera's EXIF (date, camera, orientation): the browser applies it.
  const candidates = head.length >= 92 ? [{ offset: view.getUint32(84), length: view.getUint32(88) }] : [];
  const best = await largest(reader, candidates);
  // A Super CCD's sizes count its 45°-turned photosites (a 4256 × 1424 "crop" of a 3:2 picture): not the picture's.
  const size = await rafSize(reader, head);
  const sensor = size && best && sameShape(size, best) ? size : undefined;
  return { best, ...(sensor ? { sensor } : {}), metadata: {} };
}

// ----------------------------------------------------------------

/** The best preview of a RAW of the given MIME type (see media-type.ts), reading only what it needs. */
export async function findRawPreviews(reader: RandomAccess, head: Uint8Array, mime: string): Promise<RawPreviews> {
  if (mime === 'image/x-canon-cr3') return cr3Previews(reader);
  if (mime === 'image/x-fuji-raf') return rafPreviews(reader, head);
  if (head.length < 8) return { metadata: {} };
  return tiffPreviews(reader, head, mime);
}
