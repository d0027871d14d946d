import type { GeoPoint, PhotoMeta } from '../catalog/types';

/**
 * A video's date, place and camera from its container's tags, as PhotoMeta (the same fields a
 * photo's EXIF fills). Pure functions over what the demuxer (mediabunny) hands back, plus the
 * QuickTime movie header's creation time and Matroska's DateUTC, which the demuxer skips.
 */

/** Seconds from the QuickTime epoch (1904-01-01 UTC) to the Unix epoch. */
const QUICKTIME_EPOCH_S = 2_082_844_800;

/** `+0200`, `+02:00`, `+02` or `Z` → `+02:00`. */
function normaliseOffset(zone: string): string {
  if (zone === 'Z' || zone === 'z') return '+00:00';
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  return m ? `${m[1]}${m[2]}:${m[3] ?? '00'}` : '';
}

/**
 * A date as a camera writes it (`com.apple.quicktime.creationdate` "2019-07-14T18:30:00+0200",
 * `©day`, Matroska's date): the wall-clock time as if it were UTC, as PhotoMeta keeps EXIF dates,
 * and the offset when one is given.
 */
export function parseVideoDate(text: string): { takenAt: number; offset?: string } | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(text.trim());
  if (!m) return undefined;
  const [y, mo = 1, d = 1, h = 0, mi = 0, s = 0] = m.slice(1, 7).map((v) => (v === undefined ? undefined : Number(v))) as number[];
  if ((mo as number) < 1 || (mo as number) > 12 || (d as number) < 1 || (d as number) > 31) return undefined;
  const takenAt = Date.UTC(y as number, (mo as number) - 1, d, h, mi, s);
  const offset = m[7] ? normaliseOffset(m[7]) : '';
  return offset ? { takenAt, offset } : { takenAt };
}

/** Degrees from ISO 6709's ±DD[MM[SS]][.f] (latitude: 2 digits of degrees, longitude: 3). */
function sexagesimal(part: string, degreeDigits: number): number {
  const sign = part.startsWith('-') ? -1 : 1;
  const [whole = '', fraction = ''] = part.slice(1).split('.');
  const f = fraction ? Number(`0.${fraction}`) : 0;
  const extra = whole.length - degreeDigits;
  if (extra <= 0) return sign * (Number(whole) + f);
  const deg = Number(whole.slice(0, degreeDigits));
  if (extra <= 2) return sign * (deg + (Number(whole.slice(degreeDigits)) + f) / 60);
  const min = Number(whole.slice(degreeDigits, degreeDigits + 2));
  return sign * (deg + min / 60 + (Number(whole.slice(degreeDigits + 2)) + f) / 3600);
}

/**
 * An ISO 6709 point, as phones write it (`©xyz`, `com.apple.quicktime.location.ISO6709`):
 * "+38.7223-009.1393+010.000/", also degrees-minutes(-seconds) forms like "+4012.22-07500.25/".
 */
export function parseIso6709(text: string): GeoPoint | undefined {
  const m = /^([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)?(?:CRS[^/]*)?\/?$/.exec(text.trim());
  if (!m) return undefined;
  const lat = sexagesimal(m[1] as string, 2);
  const lng = sexagesimal(m[2] as string, 3);
  if (!(Math.abs(lat) <= 90 && Math.abs(lng) <= 180)) return undefined;
  return m[3] !== undefined ? { lat, lng, alt: Number(m[3]) } : { lat, lng };
}

/** The movie header's creation time (seconds since 1904, UTC); 0 means "not set". */
export function quickTimeDate(secondsSince1904: number): { takenAt: number; offset: string } | undefined {
  if (!(secondsSince1904 > 0)) return undefined;
  return { takenAt: (secondsSince1904 - QUICKTIME_EPOCH_S) * 1000, offset: '+00:00' };
}

/** The tags mediabunny reads: its parsed date and the raw atoms (QuickTime keys, `udta`, Matroska tags). */
export interface ContainerTags {
  date?: Date;
  raw?: Record<string, unknown>;
}

const text = (raw: Record<string, unknown> | undefined, ...keys: string[]): string | undefined => {
  for (const key of keys) {
    const value = raw?.[key];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return undefined;
};

/**
 * PhotoMeta from a container's tags. The date: Apple's creation date (local time with its
 * offset) first, then `©day`/`date`, then the movie header's creation time or Matroska's
 * DateUTC (both UTC, ms for the latter), then the demuxer's own date. The place: ISO 6709 from Apple's key or `©xyz`.
 */
export function videoMeta(tags: ContainerTags, movieCreated?: number, matroskaCreated?: number): PhotoMeta {
  const raw = tags.raw;
  const date =
    [text(raw, 'com.apple.quicktime.creationdate'), text(raw, '©day', 'date', 'DATE_RECORDED', 'creation_time')]
      .map((t) => (t ? parseVideoDate(t) : undefined))
      .find(Boolean) ??
    (movieCreated ? quickTimeDate(movieCreated) : undefined) ??
    (matroskaCreated !== undefined ? { takenAt: matroskaCreated, offset: '+00:00' } : undefined) ??
    (tags.date && !Number.isNaN(tags.date.getTime()) ? { takenAt: tags.date.getTime(), offset: '+00:00' } : undefined);
  const place = text(raw, 'com.apple.quicktime.location.ISO6709', '©xyz', 'location');
  const gps = place ? parseIso6709(place) : undefined;
  const make = text(raw, 'com.apple.quicktime.make', '©mak');
  const model = text(raw, 'com.apple.quicktime.model', '©mod');
  const title = text(raw, 'com.apple.quicktime.title', '©nam', 'title');
  const contentId = text(raw, 'com.apple.quicktime.content.identifier');
  return {
    keywords: [],
    warnings: [],
    ...(date ? { takenAt: date.takenAt, ...(date.offset ? { takenAtOffset: date.offset } : {}) } : {}),
    ...(gps ? { gps } : {}),
    ...(make ? { make } : {}),
    ...(model ? { model } : {}),
    ...(title ? { title } : {}),
    ...(contentId ? { contentId } : {}),
  };
}

/** What reading boxes needs of a file: slices, never the whole. */
type Sliceable = Pick<Blob, 'size' | 'slice'>;

/** One ISO BMFF box header at `at`: its type, and where its content starts and ends. */
async function boxAt(file: Sliceable, at: number, end: number): Promise<{ type: string; start: number; end: number } | undefined> {
  if (at + 8 > end) return undefined;
  const head = new DataView(await file.slice(at, Math.min(at + 16, end)).arrayBuffer());
  const type = String.fromCharCode(head.getUint8(4), head.getUint8(5), head.getUint8(6), head.getUint8(7));
  let size = head.getUint32(0);
  let start = at + 8;
  if (size === 1 && head.byteLength >= 16) {
    size = Number(head.getBigUint64(8));
    start = at + 16;
  } else if (size === 0) size = end - at; // to the end of the file
  return size >= start - at ? { type, start, end: Math.min(end, at + size) } : undefined;
}

/** The first box of `type` among the boxes in [from, to), reading only headers (a few dozen bytes each). */
async function findBox(file: Sliceable, type: string, from: number, to: number) {
  for (let at = from, n = 0; n < 256; n++) {
    const box = await boxAt(file, at, to);
    if (!box) return undefined;
    if (box.type === type) return box;
    at = box.end;
  }
  return undefined;
}

/**
 * The QuickTime/MP4 movie header's creation time (seconds since 1904, UTC), or undefined. The
 * `moov` box may be at the end of a 4 GB file: only box headers are read on the way to it.
 */
export async function movieCreationTime(file: Sliceable): Promise<number | undefined> {
  const moov = await findBox(file, 'moov', 0, file.size);
  const mvhd = moov && (await findBox(file, 'mvhd', moov.start, moov.end));
  if (!mvhd || mvhd.end - mvhd.start < 12) return undefined;
  const body = new DataView(await file.slice(mvhd.start, mvhd.start + 12).arrayBuffer());
  const seconds = body.getUint8(0) === 1 ? Number(body.getBigUint64(4)) : body.getUint32(4);
  return seconds || undefined;
}

/** Matroska's epoch, 2001-01-01T00:00:00 UTC, in ms since the Unix epoch. */
const MATROSKA_EPOCH_MS = Date.UTC(2001, 0, 1);
/** The Segment's Info comes first, after the EBML header and a SeekHead: the first 64 KB hold it. */
const MATROSKA_HEAD = 64 * 1024;
const SEGMENT = 0x18538067;
const INFO = 0x1549a966;
const DATE_UTC = 0x4461;

/** An EBML variable-length integer at `at`: an element id (its marker bit kept) or a size (marker dropped; all ones is "unknown"). */
function vint(view: DataView, at: number, id: boolean): { value: number; length: number; unknown: boolean } | undefined {
  if (at >= view.byteLength) return undefined;
  const first = view.getUint8(at);
  let length = 1;
  while (length <= 8 && !(first & (0x80 >> (length - 1)))) length++;
  if (length > (id ? 4 : 8) || at + length > view.byteLength) return undefined;
  let value = id ? first : first & (0xff >> length);
  let ones = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    const b = view.getUint8(at + i);
    value = value * 256 + b;
    ones &&= b === 0xff;
  }
  return { value, length, unknown: !id && ones };
}

/** The first element `wanted` among the elements in [from, to) of the head, by their headers. */
function ebmlChild(view: DataView, from: number, to: number, wanted: number): { start: number; end: number } | undefined {
  for (let at = from; at < to; ) {
    const id = vint(view, at, true);
    const size = id && vint(view, at + id.length, false);
    if (!id || !size) return undefined;
    const start = at + id.length + size.length;
    if (id.value === wanted) return { start, end: size.unknown ? to : Math.min(to, start + size.value) };
    if (size.unknown) return undefined;
    at = start + size.value;
  }
  return undefined;
}

/**
 * A Matroska or WebM file's DateUTC (Segment > Info; a signed count of nanoseconds since 2001,
 * UTC) in ms since the Unix epoch, or undefined. Only the file's head is read.
 */
export async function matroskaDate(file: Sliceable): Promise<number | undefined> {
  const head = new DataView(await file.slice(0, Math.min(file.size, MATROSKA_HEAD)).arrayBuffer());
  const segment = ebmlChild(head, 0, head.byteLength, SEGMENT);
  const info = segment && ebmlChild(head, segment.start, segment.end, INFO);
  const date = info && ebmlChild(head, info.start, info.end, DATE_UTC);
  if (!date || date.end - date.start !== 8) return undefined;
  return MATROSKA_EPOCH_MS + Number(head.getBigInt64(date.start) / 1_000_000n);
}
