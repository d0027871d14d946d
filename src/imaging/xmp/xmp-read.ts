import type { FileRegion, GeoPoint, PhotoMeta } from '../../catalog/types';
import { parseExifDate } from '../exif-map';
import { joinRegions, mpRegions, mwgRegions } from './regions';
import { parseXmp, type XmpStruct, type XmpValue } from './xmp-tree';

/** What an XMP packet says about a photo, in the catalogue's terms. Absent: the packet does not say. */
export interface XmpFacts {
  rating?: number;
  title?: string;
  description?: string;
  /** `dc:subject`, as written. */
  keywords?: string[];
  /** `lr:hierarchicalSubject` and digiKam's TagsList (`/` turned into `|`), without repeats. */
  hierarchical?: string[];
  takenAt?: number;
  takenAtOffset?: string;
  gps?: GeoPoint;
  regions?: FileRegion[];
  /**
   * `tiff:Orientation` (1–8). Read only to know whether a sidecar says it already: a sidecar's
   * orientation is not applied (the picture is turned by its own EXIF, and a turn made in Shoebox
   * is the person's edit, which Shoebox writes here for digiKam and ExifTool, from-photo.ts).
   */
  orientation?: number;
}

const textOf = (v: XmpValue | undefined): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const textsOf = (v: XmpValue | undefined): string[] => {
  if (Array.isArray(v)) return v.flatMap((x) => textOf(x) ?? []);
  const t = textOf(v);
  return t ? [t] : [];
};

/** XMP's GPS coordinate: "DDD,MM.mmmmk" or "DDD,MM,SSk" (k = N, S, E, W), or a plain signed number. */
export function parseXmpCoordinate(v: string | undefined): number | undefined {
  if (!v) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?))?(?:,(\d+(?:\.\d+)?))?\s*([NSEW])\s*$/i.exec(v);
  if (!m) {
    const n = Number(v);
    return v.trim() !== '' && Number.isFinite(n) ? n : undefined;
  }
  const deg = Number(m[1]) + Number(m[2] ?? 0) / 60 + Number(m[3] ?? 0) / 3600;
  return /[SW]/i.test(m[4] as string) ? -deg : deg;
}

const rational = (v: string | undefined): number | undefined => {
  if (!v) return undefined;
  const [a, b] = v.split('/').map(Number);
  const n = b === undefined ? a : (a as number) / b;
  return n !== undefined && Number.isFinite(n) ? n : undefined;
};

function gpsOf(p: XmpStruct): GeoPoint | undefined {
  const lat = parseXmpCoordinate(textOf(p['exif:GPSLatitude']));
  const lng = parseXmpCoordinate(textOf(p['exif:GPSLongitude']));
  if (lat === undefined || lng === undefined || Math.abs(lat) > 90 || Math.abs(lng) > 180 || (lat === 0 && lng === 0)) return undefined;
  const point: GeoPoint = { lat, lng };
  const alt = rational(textOf(p['exif:GPSAltitude']));
  if (alt !== undefined) point.alt = textOf(p['exif:GPSAltitudeRef']) === '1' ? -alt : alt;
  return point;
}

/** XMP dates may stop at the day ("2019-07-14"), as photoshop:DateCreated often does. */
function dateOf(v: string | undefined): { at: number; offset?: string } | undefined {
  if (!v) return undefined;
  return parseExifDate(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00` : v);
}

/** The facts of a parsed packet's properties. */
export function factsOf(p: XmpStruct): XmpFacts {
  const facts: XmpFacts = {};
  const rating = Number(textOf(p['xmp:Rating']));
  if (textOf(p['xmp:Rating']) !== undefined && Number.isFinite(rating) && rating >= -1 && rating <= 5) facts.rating = Math.round(rating);
  const title = textOf(p['dc:title']);
  if (title) facts.title = title;
  const description = textOf(p['dc:description']);
  if (description) facts.description = description;
  if (p['dc:subject'] !== undefined) facts.keywords = textsOf(p['dc:subject']);
  const paths = [...textsOf(p['lr:hierarchicalSubject']), ...textsOf(p['digiKam:TagsList']).map((t) => t.split('/').join('|'))];
  if (paths.length) facts.hierarchical = [...new Set(paths)];
  const date = dateOf(textOf(p['exif:DateTimeOriginal'])) ?? dateOf(textOf(p['xmp:CreateDate'])) ?? dateOf(textOf(p['photoshop:DateCreated']));
  if (date) {
    facts.takenAt = date.at;
    if (date.offset) facts.takenAtOffset = date.offset;
  }
  const gps = gpsOf(p);
  if (gps) facts.gps = gps;
  const regions = joinRegions(mwgRegions(p['mwg-rs:Regions']), mpRegions(p['MP:RegionInfo']));
  if (regions.length) facts.regions = regions;
  const orientation = Number(textOf(p['tiff:Orientation']));
  if (Number.isInteger(orientation) && orientation >= 1 && orientation <= 8) facts.orientation = orientation;
  return facts;
}

/** Parse an XMP packet or sidecar's text into its facts (throws XmpError when it is not XMP). */
export function readXmp(text: string): XmpFacts {
  return factsOf(parseXmp(text));
}

/** Hierarchical keywords under this root are albums (Shoebox writes them so), not labels. */
export const ALBUMS_ROOT = 'Albums';

/** The leaf names of keyword paths: what a label is called (`Places|Portugal|Lisbon` → Lisbon). */
export function leavesOf(paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    const parts = path.split('|').map((s) => s.trim()).filter(Boolean);
    return parts.length && parts[0] !== ALBUMS_ROOT ? [parts[parts.length - 1] as string] : [];
  });
}

/**
 * Lay XMP facts over a photo's metadata: a sidecar's word is the latest another program wrote, so
 * what it says wins over the picture's embedded EXIF and XMP; what it leaves out stays.
 */
export function applyXmpFacts(meta: PhotoMeta, facts: XmpFacts): PhotoMeta {
  const out: PhotoMeta = { ...meta };
  for (const key of ['rating', 'title', 'description', 'gps', 'regions'] as const) {
    if (facts[key] !== undefined) Object.assign(out, { [key]: facts[key] });
  }
  if (facts.takenAt !== undefined) {
    out.takenAt = facts.takenAt;
    if (facts.takenAtOffset) out.takenAtOffset = facts.takenAtOffset;
    else delete out.takenAtOffset;
  }
  if (facts.hierarchical) out.hierarchicalKeywords = [...new Set([...(meta.hierarchicalKeywords ?? []), ...facts.hierarchical])];
  if (facts.keywords || facts.hierarchical) {
    const seen = new Set<string>();
    out.keywords = [...meta.keywords, ...(facts.keywords ?? []), ...leavesOf(facts.hierarchical ?? [])].filter((k) => {
      const key = k.toLowerCase();
      return !seen.has(key) && !!seen.add(key);
    });
  }
  return out;
}
