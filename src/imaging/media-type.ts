/**
 * Recognise files by their first bytes, not their names: a text file called `.jpg` is not a
 * photo, and `IMG_0001` without an extension may well be one.
 */

export interface MediaType {
  /** MIME type, e.g. `image/jpeg`. */
  mime: string;
  /** Short name for people: `JPEG`, `MP4 video`, `Canon CR3 RAW`. */
  label: string;
  /** What it is: a picture a browser decodes, a camera RAW, or a video. */
  kind: 'image' | 'raw' | 'video';
  /** Whether Shoebox can show it today (a RAW: by its embedded preview). Others are listed under Problems with `unsupportedReason`. */
  supported: boolean;
}

const image = (mime: string, label: string, supported = true): MediaType => ({ mime, label, kind: 'image', supported });
const raw = (mime: string, label: string, supported = true): MediaType => ({ mime, label, kind: 'raw', supported });
const video = (mime: string, label: string, supported = true): MediaType => ({ mime, label, kind: 'video', supported });

const SUPPORTED = {
  jpeg: image('image/jpeg', 'JPEG'),
  png: image('image/png', 'PNG'),
  gif: image('image/gif', 'GIF'),
  webp: image('image/webp', 'WebP'),
  avif: image('image/avif', 'AVIF'),
  bmp: image('image/bmp', 'BMP'),
};

/** Decoded by libheif (wasm) in the imaging worker where the browser cannot (src/imaging/heic.ts). */
const HEIC = image('image/heic', 'HEIC');
const TIFF = image('image/tiff', 'TIFF', false);

const RAW = {
  dng: raw('image/x-adobe-dng', 'Adobe DNG RAW'),
  cr2: raw('image/x-canon-cr2', 'Canon CR2 RAW'),
  cr3: raw('image/x-canon-cr3', 'Canon CR3 RAW'),
  nef: raw('image/x-nikon-nef', 'Nikon NEF RAW'),
  nrw: raw('image/x-nikon-nrw', 'Nikon NRW RAW'),
  arw: raw('image/x-sony-arw', 'Sony ARW RAW'),
  orf: raw('image/x-olympus-orf', 'Olympus ORF RAW'),
  rw2: raw('image/x-panasonic-rw2', 'Panasonic RW2 RAW'),
  pef: raw('image/x-pentax-pef', 'Pentax PEF RAW'),
  srw: raw('image/x-samsung-srw', 'Samsung SRW RAW'),
  raf: raw('image/x-fuji-raf', 'Fujifilm RAF RAW'),
  /** A TIFF whose first directory lies beyond the bytes sniffed: a RAW or a plain TIFF. */
  tiffOrRaw: raw('image/tiff', 'TIFF or RAW', false),
};

/** No browser plays an AVI; its headers are read by avi.ts. */
export const AVI_MIME = 'video/x-msvideo';

const VIDEO = {
  mp4: video('video/mp4', 'MP4 video'),
  mov: video('video/quicktime', 'QuickTime (MOV) video'),
  m4v: video('video/x-m4v', 'M4V video'),
  threeGp: video('video/3gpp', '3GP video'),
  webm: video('video/webm', 'WebM video'),
  mkv: video('video/x-matroska', 'Matroska (MKV) video'),
  // Read by its own RIFF headers (avi.ts): mediabunny has no AVI reader, and no browser plays one.
  avi: video(AVI_MIME, 'AVI video'),
};

/** Pictures an `<img>` cannot show in Chromium or Firefox: the viewer shows a decoded copy instead. */
export function needsDecoding(mime: string): boolean {
  return mime === HEIC.mime;
}

/** Why a recognised file is not shown, for the Problems list: the format by name, then the reason. */
export function unsupportedReason(type: MediaType): string {
  if (type.kind === 'raw') return `${type.label}: its first directory lies past the bytes read, so it is not shown yet.`;
  return `${type.label} picture: ${type.label} is not supported yet.`;
}

/** Bytes `sniffMediaType` needs to tell media from anything else (enough for a folder walk). */
export const SNIFF_BYTES = 32;
/**
 * Bytes the indexer reads before anything else. Enough to tell the formats apart: an `ftyp` box's
 * compatible brands, a TIFF's first directory (where a RAW's camera make is), a WebM's DocType.
 */
export const HEAD_BYTES = 64 * 1024;

function ascii(bytes: Uint8Array, start: number, length: number): string {
  let s = '';
  for (let i = start; i < start + length && i < bytes.length; i++) s += String.fromCharCode(bytes[i] as number);
  return s;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return prefix.every((b, i) => bytes[at + i] === b);
}

const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

/** ISO base media (`ftyp`) files: AVIF, HEIC, CR3, MP4, MOV and 3GP share one container. */
function sniffFtyp(bytes: Uint8Array): MediaType | undefined {
  if (ascii(bytes, 4, 4) !== 'ftyp') return undefined;
  const major = ascii(bytes, 8, 4);
  const boxSize = Math.min(bytes.length, ((bytes[0] ?? 0) << 24 >>> 0) + ((bytes[1] ?? 0) << 16) + ((bytes[2] ?? 0) << 8) + (bytes[3] ?? 0));
  const compatible: string[] = [];
  for (let i = 16; i + 4 <= boxSize; i += 4) compatible.push(ascii(bytes, i, 4));
  const brands = [major, ...compatible];
  if (major === 'crx ') return RAW.cr3;
  if (major === 'avif' || major === 'avis') return SUPPORTED.avif;
  if (HEIC_BRANDS.has(major)) {
    // `mif1` is the generic HEIF brand: an AVIF may carry it as major brand, with `avif` compatible.
    return brands.includes('avif') && !brands.some((b) => b.startsWith('hei') || b.startsWith('hev')) ? SUPPORTED.avif : HEIC;
  }
  if (major === 'qt  ') return VIDEO.mov;
  if (major.startsWith('M4V')) return VIDEO.m4v;
  if (major.startsWith('3g')) return VIDEO.threeGp;
  // Audio only (iTunes M4A, audiobooks): not media for a photo library.
  if (major === 'M4A ' || major === 'M4B ' || major === 'M4P ') return undefined;
  return VIDEO.mp4; // isom, iso2…iso6, mp41, mp42, avc1, dash, and the many phone brands
}

/** EBML (Matroska): the DocType element (0x4282) says `webm` or `matroska`. */
function sniffEbml(bytes: Uint8Array): MediaType | undefined {
  if (!startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return undefined;
  const window = ascii(bytes, 4, 60);
  return window.includes('webm') ? VIDEO.webm : VIDEO.mkv;
}

/** The camera make, whether it is a DNG, and its Compression, from a TIFF's first directory when the head holds it. */
function tiffIfd0(bytes: Uint8Array): { make?: string; dng: boolean; compression?: number } | undefined {
  const le = bytes[0] === 0x49;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, le);
  const u32 = (at: number) => view.getUint32(at, le);
  if (bytes.length < 8) return undefined;
  const ifd = u32(4);
  if (ifd < 8 || ifd + 2 > bytes.length) return undefined;
  const count = u16(ifd);
  if (ifd + 2 + count * 12 > bytes.length) return undefined;
  let make: string | undefined;
  let dng = false;
  let compression: number | undefined;
  for (let e = 0; e < count; e++) {
    const at = ifd + 2 + e * 12;
    const tag = u16(at);
    if (tag === 0xc612) dng = true; // DNGVersion
    if (tag === 0x0103 && u16(at + 2) === 3) compression = u16(at + 8); // Compression, SHORT
    if (tag === 0x010f && u16(at + 2) === 2) { // Make, ASCII
      const n = u32(at + 4);
      const from = n <= 4 ? at + 8 : u32(at + 8);
      if (from + n <= bytes.length) make = ascii(bytes, from, n).replace(/\0.*$/s, '').trim();
    }
  }
  return { make, dng, compression };
}

/** TIFF-based RAW containers, told apart by their headers and, for the rest, the camera make. */
function sniffTiff(bytes: Uint8Array): MediaType | undefined {
  const head = ascii(bytes, 0, 4);
  if (head === 'IIRO' || head === 'IIRS' || head === 'MMOR') return RAW.orf;
  if (startsWith(bytes, [0x49, 0x49, 0x55, 0x00])) return RAW.rw2;
  if (!startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) && !startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return undefined;
  if (ascii(bytes, 8, 2) === 'CR') return RAW.cr2;
  const ifd0 = tiffIfd0(bytes);
  if (!ifd0) return RAW.tiffOrRaw;
  if (ifd0.dng) return RAW.dng;
  const make = (ifd0.make ?? '').toUpperCase();
  // A Coolpix NRW keeps a JPEG in IFD0 where a NEF keeps an uncompressed thumbnail (as ExifTool tells them apart).
  if (make.startsWith('NIKON')) return ifd0.compression === 6 ? RAW.nrw : RAW.nef;
  if (make.startsWith('SONY')) return RAW.arw;
  if (make.startsWith('PENTAX') || make.startsWith('RICOH')) return RAW.pef;
  if (make.startsWith('SAMSUNG')) return RAW.srw;
  if (make.startsWith('OLYMPUS') || make.startsWith('OM DIGITAL')) return RAW.orf;
  if (make.startsWith('CANON')) return RAW.cr2;
  return TIFF;
}

/**
 * What a file is, from its first bytes. `SNIFF_BYTES` tell media from the rest; `HEAD_BYTES`
 * tell every format below apart (with fewer, a TIFF-based RAW is only "TIFF or RAW").
 */
export function sniffMediaType(bytes: Uint8Array): MediaType | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return SUPPORTED.jpeg;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return SUPPORTED.png;
  const head = ascii(bytes, 0, 6);
  if (head === 'GIF87a' || head === 'GIF89a') return SUPPORTED.gif;
  if (ascii(bytes, 0, 4) === 'RIFF') {
    const kind = ascii(bytes, 8, 4);
    if (kind === 'WEBP') return SUPPORTED.webp;
    if (kind === 'AVI ') return VIDEO.avi;
    return undefined;
  }
  if (head.startsWith('BM') && bytes.length >= 26) return SUPPORTED.bmp;
  if (ascii(bytes, 0, 15) === 'FUJIFILMCCD-RAW') return RAW.raf;
  return sniffFtyp(bytes) ?? sniffEbml(bytes) ?? sniffTiff(bytes);
}

/** Extensions of pictures and videos: such files are always examined (and listed if not supported). */
export const MEDIA_EXTENSIONS = new Set([
  'jpg', 'jpeg', 'jpe', 'jfif', 'png', 'gif', 'webp', 'avif', 'bmp', 'dib',
  'heic', 'heif', 'tif', 'tiff', 'dng', 'cr2', 'cr3', 'nef', 'nrw', 'arw', 'srf', 'sr2', 'orf', 'rw2',
  'raf', 'pef', 'srw', 'x3f', 'raw', 'rwl', '3fr', 'iiq',
  'mp4', 'm4v', 'mov', 'avi', 'mkv', 'webm', 'mts', 'm2ts', '3gp', 'mpg', 'mpeg', 'wmv',
]);

/** Files that are never pictures: not worth reading a byte of. */
export const NON_MEDIA_EXTENSIONS = new Set([
  'xmp', 'json', 'txt', 'md', 'pdf', 'doc', 'docx', 'xls', 'xlsx', 'html', 'htm', 'xml', 'ini', 'db',
  'thm', 'lrv', 'aae', 'pp3', 'dop', 'zip', 'rar', '7z', 'exe', 'dll', 'log', 'csv', 'mp3', 'wav', 'm4a',
]);

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** Folders a photo library never wants: hidden, NAS thumbnails and recycle bins. */
export function isSkippedFolder(name: string): boolean {
  return name.startsWith('.') || ['@eaDir', '#recycle', '#snapshot', '$RECYCLE.BIN', 'System Volume Information', 'lost+found'].includes(name);
}

export function isSkippedFile(name: string): boolean {
  return name.startsWith('.') || name === 'Thumbs.db' || name === 'desktop.ini';
}
