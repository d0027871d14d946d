/**
 * Read an image's pixel size from its header, before decoding: a PNG that claims 20000×20000
 * must be refused before the decoder allocates 1.6 GB for it.
 */
import { heifShownSize } from './heif-boxes';

export interface PixelSize {
  width: number;
  height: number;
}

function u16be(b: Uint8Array, i: number): number {
  return ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
}
function u16le(b: Uint8Array, i: number): number {
  return (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
}
function u24le(b: Uint8Array, i: number): number {
  return u16le(b, i) | ((b[i + 2] ?? 0) << 16);
}
function u32be(b: Uint8Array, i: number): number {
  return ((u16be(b, i) << 16) >>> 0) + u16be(b, i + 2);
}
function i32le(b: Uint8Array, i: number): number {
  return u16le(b, i) | (u16le(b, i + 2) << 16);
}

/** A JPEG's frame header: its size and SOF marker (C0 baseline, C2 progressive, C3 lossless, …). */
export function jpegFrame(b: Uint8Array): (PixelSize & { marker: number }) | undefined {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1] as number;
    if (marker === 0xff) {
      i++;
      continue;
    }
    const length = u16be(b, i + 2);
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: u16be(b, i + 5), width: u16be(b, i + 7), marker };
    }
    i += 2 + length;
  }
  return undefined;
}

function jpegSize(b: Uint8Array): PixelSize | undefined {
  const frame = jpegFrame(b);
  return frame && { width: frame.width, height: frame.height };
}

function webpSize(b: Uint8Array): PixelSize | undefined {
  const chunk = String.fromCharCode(...b.subarray(12, 16));
  if (chunk === 'VP8X') return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  if (chunk === 'VP8L') {
    const bits = (b[21] ?? 0) | ((b[22] ?? 0) << 8) | ((b[23] ?? 0) << 16) | ((b[24] ?? 0) << 24);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8 ') return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  return undefined;
}

/**
 * Width and height from the header of a JPEG, PNG, GIF, WebP or BMP; undefined when unknown. For
 * HEIC and AVIF, the size shown (turned by `irot`, whose turn the decoder applies, never EXIF's).
 */
export function readPixelSize(mime: string, b: Uint8Array): PixelSize | undefined {
  switch (mime) {
    case 'image/jpeg':
      return jpegSize(b);
    case 'image/png':
      return { width: u32be(b, 16), height: u32be(b, 20) };
    case 'image/gif':
      return { width: u16le(b, 6), height: u16le(b, 8) };
    case 'image/webp':
      return webpSize(b);
    case 'image/bmp':
      return { width: Math.abs(i32le(b, 18)), height: Math.abs(i32le(b, 22)) };
    case 'image/heic':
    case 'image/avif':
      return heifShownSize(b);
    default:
      return undefined;
  }
}

/**
 * A JPEG whose data stops before its End Of Image marker was cut short. FF D9 cannot occur inside
 * entropy-coded data (an FF there is always followed by 00 or a restart marker), so one near the
 * end means the file is whole, even with a maker's trailer after it. The window stays in the back
 * half so that an embedded EXIF thumbnail's marker near the start does not count.
 */
export function isTruncatedJpeg(b: Uint8Array): boolean {
  const from = Math.max(2, b.length - Math.min(65536, Math.floor(b.length / 2)));
  for (let i = b.length - 2; i >= from; i--) if (b[i] === 0xff && b[i + 1] === 0xd9) return false;
  return true;
}

/**
 * The metadata of a damaged JPEG, as a minimal JPEG of its own: SOI, every complete segment before
 * the image data (APP1 EXIF/XMP, APP13 IPTC, …), EOI. exifr gives up on a file whose last segment
 * header is cut short even when the EXIF block before it is whole; it reads this one fine.
 * Undefined when no complete segment survives.
 */
export function jpegMetadataOnly(b: Uint8Array): Uint8Array | undefined {
  const parts: Uint8Array[] = [b.subarray(0, 2)];
  let i = 2;
  while (i + 4 <= b.length && b[i] === 0xff) {
    const marker = b[i + 1] as number;
    if (marker === 0xda || marker === 0xd9) break; // image data (or the end) begins
    const end = i + 2 + (((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0));
    if (end > b.length) break; // this segment was cut short
    parts.push(b.subarray(i, end));
    i = end;
  }
  if (parts.length === 1) return undefined;
  parts.push(new Uint8Array([0xff, 0xd9]));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
