import type { GeoPoint, PhotoMeta } from '../catalog/types';
import { appleBurstId, appleContentId } from './apple-maker-note';
import { motionVideo } from './motion-photo';

/** exifr's output with `reviveValues: false` and `translateValues: false`: raw tag values by name. */
export type RawTags = Record<string, unknown>;

/** The options every caller must use: `mapExif` expects exactly this shape of input. */
export const EXIFR_OPTIONS = {
  tiff: true,
  exif: true,
  gps: true,
  xmp: true,
  iptc: true,
  icc: false,
  jfif: false,
  ihdr: true,
  interop: false,
  // Raw bytes only (exifr parses no MakerNote): an iPhone's holds the Live Photo's ContentIdentifier and the BurstUUID.
  makerNote: true,
  userComment: false,
  reviveValues: false,
  translateValues: false,
  mergeOutput: true,
  silentErrors: true,
} as const;

const text = (v: unknown): string | undefined => {
  if (typeof v === 'string') {
    // EXIF strings are NUL-padded; some cameras fill unused fields with spaces.
    const t = v.replace(/\0+$/g, '').trim();
    return t.length ? t : undefined;
  }
  if (v && typeof v === 'object' && 'value' in v) return text((v as { value: unknown }).value);
  if (Array.isArray(v)) return text(v[0]);
  return undefined;
};

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** exifr hands XMP text over still XML-escaped (`Grandma &amp; me`): decode it. */
export function decodeXmlEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, name: string) => {
    if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

const xmpText = (v: unknown): string | undefined => {
  const t = text(v);
  return t === undefined ? undefined : decodeXmlEntities(t);
};

const num = (v: unknown): number | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  if ((Array.isArray(v) || ArrayBuffer.isView(v)) && (v as ArrayLike<unknown>).length === 1) return num((v as ArrayLike<unknown>)[0]);
  if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number' && v[1] !== 0) {
    return v[0] / v[1];
  }
  return undefined;
};

const OFFSET = /^[+-](?:0\d|1[0-4]):[0-5]\d$/;
const DATE = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.(\d+))?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parse an EXIF/XMP date ("2019:07:14 10:22:05", or ISO with a zone) into wall-clock time as if UTC,
 * plus the zone offset when the string has one. Impossible dates (month 13, "0000:00:00") are refused.
 */
export function parseExifDate(v: unknown): { at: number; offset?: string } | undefined {
  const s = text(v);
  if (!s) return undefined;
  const m = DATE.exec(s);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((x) => Number(x ?? 0)) as number[];
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  if (year! < 1800 || month! < 1 || month! > 12 || day! < 1 || day! > 31 || hour! > 23 || minute! > 59 || second! > 59) {
    return undefined;
  }
  const at = Date.UTC(year!, month! - 1, day!, hour, minute, second, ms);
  if (new Date(at).getUTCDate() !== day) return undefined; // 31 February
  let offset: string | undefined;
  if (m[8] === 'Z') offset = '+00:00';
  else if (m[8]) offset = m[8].includes(':') ? m[8] : `${m[8].slice(0, 3)}:${m[8].slice(3)}`;
  return offset ? { at, offset } : { at };
}

function dms(v: unknown, ref: unknown, negative: string): number | undefined {
  let deg: number | undefined;
  if (Array.isArray(v) && v.length >= 1) {
    const [d = 0, m = 0, s = 0] = v.map((x) => num(x) ?? NaN);
    deg = d + m / 60 + s / 3600;
  } else {
    deg = num(v);
  }
  if (deg === undefined || !Number.isFinite(deg)) return undefined;
  return text(ref)?.toUpperCase().startsWith(negative) ? -Math.abs(deg) : deg;
}

function gpsOf(raw: RawTags, warnings: string[]): GeoPoint | undefined {
  if (raw.GPSLatitude === undefined && raw.GPSLongitude === undefined) return undefined;
  const lat = dms(raw.GPSLatitude, raw.GPSLatitudeRef, 'S');
  const lng = dms(raw.GPSLongitude, raw.GPSLongitudeRef, 'W');
  if (lat === undefined || lng === undefined || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
    warnings.push('GPS position is unreadable or out of range; ignored.');
    return undefined;
  }
  // 0,0 is what many cameras write when they had no fix.
  if (lat === 0 && lng === 0) return undefined;
  const alt = num(raw.GPSAltitude);
  const point: GeoPoint = { lat, lng };
  if (alt !== undefined) point.alt = num(raw.GPSAltitudeRef) === 1 ? -alt : alt;
  return point;
}

function keywordsOf(raw: RawTags): string[] {
  const out = new Set<string>();
  for (const [v, read] of [[raw.subject, xmpText], [raw.Keywords, text]] as const) {
    const list = Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[;,]/) : [];
    for (const k of list) {
      const t = read(k);
      if (t) out.add(t);
    }
  }
  return [...out];
}

/** Turn exifr's raw tags into the catalogue's photo metadata. Never throws: odd values become warnings. */
export function mapExif(raw: RawTags | undefined): PhotoMeta {
  const warnings: string[] = [];
  const meta: PhotoMeta = { keywords: [], warnings };
  if (!raw) return meta;
  if (Array.isArray(raw.errors) && raw.errors.length) {
    warnings.push(`Part of the metadata is damaged and was skipped (${raw.errors.map((e) => (e instanceof Error ? e.message : String(e)).split('\n')[0]).join('; ')}).`);
  }

  const dateTag = raw.DateTimeOriginal ?? raw.CreateDate ?? raw.DateCreated ?? raw.DateTimeDigitized;
  const taken = parseExifDate(dateTag);
  if (taken) {
    meta.takenAt = taken.at;
    const offset = text(raw.OffsetTimeOriginal) ?? text(raw.OffsetTime) ?? taken.offset;
    if (offset && OFFSET.test(offset)) meta.takenAtOffset = offset;
  } else if (dateTag !== undefined) {
    warnings.push(`Date taken "${String(text(dateTag) ?? dateTag)}" is not a valid date; the file date is used.`);
  }

  const set = <K extends keyof PhotoMeta>(key: K, value: PhotoMeta[K] | undefined) => {
    if (value !== undefined) meta[key] = value;
  };
  set('make', text(raw.Make));
  set('model', text(raw.Model));
  set('lens', text(raw.LensModel) ?? text(raw.Lens));
  set('exposureTime', num(raw.ExposureTime));
  set('fNumber', num(raw.FNumber));
  set('iso', num(raw.ISO) ?? num(raw.ISOSpeedRatings));
  set('focalLength', num(raw.FocalLength));
  set('gps', gpsOf(raw, warnings));

  const orientation = num(raw.Orientation);
  if (orientation !== undefined) {
    if (Number.isInteger(orientation) && orientation >= 1 && orientation <= 8) meta.orientation = orientation;
    else warnings.push(`Orientation ${orientation} is not valid; treated as upright.`);
  }
  set('width', num(raw.ExifImageWidth) ?? num(raw.ImageWidth));
  set('height', num(raw.ExifImageHeight) ?? num(raw.ImageHeight));

  set('title', xmpText(raw.title) ?? text(raw.ObjectName) ?? text(raw.Headline));
  set('description', xmpText(raw.description) ?? text(raw.Caption) ?? text(raw.ImageDescription));
  meta.keywords = keywordsOf(raw);
  const rating = num(raw.Rating);
  if (rating !== undefined) {
    if (rating >= -1 && rating <= 5) meta.rating = Math.round(rating);
    else warnings.push(`Rating ${rating} is outside −1…5; ignored.`);
  }
  set('motion', motionVideo(raw));
  set('contentId', appleContentId(raw.makerNote));
  set('burstId', appleBurstId(raw.makerNote));
  return meta;
}

/** Orientations 5–8 swap width and height. */
export function swapsAxes(orientation: number | undefined): boolean {
  return orientation !== undefined && orientation >= 5 && orientation <= 8;
}
