/**
 * Recognise files by their first bytes, not their names: a text file called `.jpg` is not a
 * photo, and `IMG_0001` without an extension may well be one.
 */

export interface MediaType {
  /** MIME type, e.g. `image/jpeg`. */
  mime: string;
  /** Short name for people: `JPEG`, `HEIC`, `RAW (TIFF-based)`. */
  label: string;
  /** Whether Shoebox can decode it today. Others are listed as "not supported yet". */
  supported: boolean;
}

const SUPPORTED: Record<string, MediaType> = {
  jpeg: { mime: 'image/jpeg', label: 'JPEG', supported: true },
  png: { mime: 'image/png', label: 'PNG', supported: true },
  gif: { mime: 'image/gif', label: 'GIF', supported: true },
  webp: { mime: 'image/webp', label: 'WebP', supported: true },
  avif: { mime: 'image/avif', label: 'AVIF', supported: true },
  bmp: { mime: 'image/bmp', label: 'BMP', supported: true },
};

const unsupported = (mime: string, label: string): MediaType => ({ mime, label, supported: false });

/** Bytes needed by `sniffMediaType`. */
export const SNIFF_BYTES = 32;

function ascii(bytes: Uint8Array, start: number, length: number): string {
  let s = '';
  for (let i = start; i < start + length && i < bytes.length; i++) s += String.fromCharCode(bytes[i] as number);
  return s;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return prefix.every((b, i) => bytes[at + i] === b);
}

/** ISO base media (`ftyp`) files: AVIF, HEIC, CR3, MP4, MOV share one container. */
function sniffFtyp(bytes: Uint8Array): MediaType | undefined {
  if (ascii(bytes, 4, 4) !== 'ftyp') return undefined;
  const brand = ascii(bytes, 8, 4);
  if (brand === 'avif' || brand === 'avis') return SUPPORTED.avif;
  if (['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1'].includes(brand)) return unsupported('image/heic', 'HEIC');
  if (brand === 'crx ') return unsupported('image/x-canon-cr3', 'RAW (Canon CR3)');
  if (brand === 'qt  ') return unsupported('video/quicktime', 'QuickTime video');
  if (brand.startsWith('3g')) return unsupported('video/3gpp', '3GP video');
  return unsupported('video/mp4', 'MP4 video');
}

export function sniffMediaType(bytes: Uint8Array): MediaType | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return SUPPORTED.jpeg;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return SUPPORTED.png;
  const head = ascii(bytes, 0, 6);
  if (head === 'GIF87a' || head === 'GIF89a') return SUPPORTED.gif;
  if (ascii(bytes, 0, 4) === 'RIFF') {
    const kind = ascii(bytes, 8, 4);
    if (kind === 'WEBP') return SUPPORTED.webp;
    if (kind === 'AVI ') return unsupported('video/x-msvideo', 'AVI video');
    return undefined;
  }
  if (head.startsWith('BM') && bytes.length >= 26) return SUPPORTED.bmp;
  const ftyp = sniffFtyp(bytes);
  if (ftyp) return ftyp;
  if (ascii(bytes, 0, 4) === 'IIRO') return unsupported('image/x-olympus-orf', 'RAW (Olympus ORF)');
  if (startsWith(bytes, [0x49, 0x49, 0x55, 0x00])) return unsupported('image/x-panasonic-rw2', 'RAW (Panasonic RW2)');
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) {
    return unsupported('image/tiff', 'TIFF or RAW');
  }
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return unsupported('video/webm', 'WebM/Matroska video');
  return undefined;
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
