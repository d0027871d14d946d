import type { FileRegion, GeoPoint } from '../../catalog/types';
import { iou } from '../../vision/detections';
import { NS, type Prefix } from './namespaces';
import { centreOf, formatNumber, rectangleOf } from './regions';
import { readXmp, type XmpFacts } from './xmp-read';
import { spansOf, type DescriptionSpan } from './xmp-spans';
import { checkWellFormed, packetOf, XmpError } from './xmp-tree';

/**
 * What Shoebox writes into a sidecar. A field left out is not touched; `null` (or an empty list)
 * removes what the sidecar had.
 */
export interface XmpUpdate {
  rating?: number | null;
  title?: string | null;
  description?: string | null;
  /** `dc:subject`. */
  keywords?: string[];
  /** `|`-separated paths: written as `lr:hierarchicalSubject` and, with `/`, as digiKam's TagsList. */
  hierarchical?: string[];
  /** Wall-clock time as if UTC, and its zone when known. */
  takenAt?: { at: number; offset?: string } | null;
  gps?: GeoPoint | null;
  /** Regions with the pixel size of the picture they were drawn on (MWG's AppliedToDimensions). */
  regions?: { list: FileRegion[]; width: number; height: number } | null;
  /** `tiff:Orientation` (EXIF's 1–8): how to turn the stored pixels upright, as digiKam writes a rotation to a sidecar. */
  orientation?: number | null;
}

type Field = keyof XmpUpdate;

/** The properties each field owns: replacing a field removes all of them, wherever they are. */
const OWNED: Record<Field, string[]> = {
  rating: ['xmp:Rating'],
  title: ['dc:title'],
  description: ['dc:description'],
  keywords: ['dc:subject'],
  hierarchical: ['lr:hierarchicalSubject', 'digiKam:TagsList'],
  takenAt: ['exif:DateTimeOriginal', 'xmp:CreateDate', 'photoshop:DateCreated'],
  gps: ['exif:GPSLatitude', 'exif:GPSLongitude', 'exif:GPSAltitude', 'exif:GPSAltitudeRef'],
  regions: ['mwg-rs:Regions', 'MP:RegionInfo'],
  orientation: ['tiff:Orientation'],
};

export const EMPTY_PACKET = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Shoebox">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>
`;

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);

const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined) => {
  const x = new Set(a ?? []);
  const y = new Set(b ?? []);
  return x.size === y.size && [...x].every((v) => y.has(v));
};

const sameRegions = (a: readonly FileRegion[], b: readonly FileRegion[]) =>
  a.length === b.length && a.every((r) => b.some((s) => (s.name ?? '') === (r.name ?? '') && iou(s.box, r.box) > 0.99));

/** Whether the sidecar already says what the update would write. */
function unchanged(field: Field, facts: XmpFacts, u: XmpUpdate): boolean {
  switch (field) {
    case 'rating': return (facts.rating ?? null) === (u.rating ?? null);
    case 'title': return (facts.title ?? '') === (u.title ?? '');
    case 'description': return (facts.description ?? '') === (u.description ?? '');
    case 'keywords': return sameList(facts.keywords, u.keywords);
    case 'hierarchical': return sameList(facts.hierarchical, u.hierarchical);
    case 'takenAt': return facts.takenAt === u.takenAt?.at && (facts.takenAtOffset ?? '') === (u.takenAt?.offset ?? '');
    case 'gps': return !!facts.gps === !!u.gps && (!u.gps || (Math.abs((facts.gps?.lat ?? 0) - u.gps.lat) < 1e-6 && Math.abs((facts.gps?.lng ?? 0) - u.gps.lng) < 1e-6 && facts.gps?.alt === u.gps.alt));
    case 'regions': return sameRegions(facts.regions ?? [], u.regions?.list ?? []);
    case 'orientation': return (facts.orientation ?? null) === (u.orientation ?? null);
  }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `2019-07-14T10:22:05+01:00`: the wall-clock time, and its zone when known (XMP's date form). */
export function xmpDate(at: number, offset?: string): string {
  const d = new Date(at);
  const s = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return offset ? `${s}${offset}` : s;
}

/** XMP's GPS coordinate form, "DDD,MM.mmmmmmK". */
export function xmpCoordinate(value: number, positive: string, negative: string): string {
  const abs = Math.abs(value);
  const deg = Math.floor(abs);
  return `${deg},${((abs - deg) * 60).toFixed(6)}${value < 0 ? negative : positive}`;
}

/** Writes the elements of one field, noting the namespaces it uses. */
function elements(field: Field, u: XmpUpdate, rdf: string, used: Set<Prefix>): string[] {
  const use = (...p: Prefix[]) => p.forEach((x) => used.add(x));
  const li = (items: readonly string[]) => items.map((i) => `<${rdf}:li>${escape(i)}</${rdf}:li>`).join('');
  const alt = (name: string, text: string) => `<${name}><${rdf}:Alt><${rdf}:li xml:lang="x-default">${escape(text)}</${rdf}:li></${rdf}:Alt></${name}>`;
  switch (field) {
    case 'rating': use('xmp'); return u.rating == null ? [] : [`<xmp:Rating>${Math.round(u.rating)}</xmp:Rating>`];
    case 'title': use('dc'); return u.title ? [alt('dc:title', u.title)] : [];
    case 'description': use('dc'); return u.description ? [alt('dc:description', u.description)] : [];
    case 'keywords': use('dc'); return u.keywords?.length ? [`<dc:subject><${rdf}:Bag>${li(u.keywords)}</${rdf}:Bag></dc:subject>`] : [];
    case 'hierarchical':
      use('lr', 'digiKam');
      return u.hierarchical?.length
        ? [
            `<lr:hierarchicalSubject><${rdf}:Bag>${li(u.hierarchical)}</${rdf}:Bag></lr:hierarchicalSubject>`,
            `<digiKam:TagsList><${rdf}:Seq>${li(u.hierarchical.map((h) => h.split('|').join('/')))}</${rdf}:Seq></digiKam:TagsList>`,
          ]
        : [];
    case 'takenAt': {
      if (!u.takenAt) return [];
      use('exif', 'xmp', 'photoshop');
      const date = xmpDate(u.takenAt.at, u.takenAt.offset);
      return [`<exif:DateTimeOriginal>${date}</exif:DateTimeOriginal>`, `<xmp:CreateDate>${date}</xmp:CreateDate>`, `<photoshop:DateCreated>${date}</photoshop:DateCreated>`];
    }
    case 'gps': {
      if (!u.gps) return [];
      use('exif');
      const out = [`<exif:GPSLatitude>${xmpCoordinate(u.gps.lat, 'N', 'S')}</exif:GPSLatitude>`, `<exif:GPSLongitude>${xmpCoordinate(u.gps.lng, 'E', 'W')}</exif:GPSLongitude>`];
      if (u.gps.alt !== undefined) out.push(`<exif:GPSAltitude>${Math.round(Math.abs(u.gps.alt) * 100)}/100</exif:GPSAltitude>`, `<exif:GPSAltitudeRef>${u.gps.alt < 0 ? 1 : 0}</exif:GPSAltitudeRef>`);
      return out;
    }
    case 'regions': return u.regions?.list.length ? regionElements(u.regions, rdf, use) : [];
    case 'orientation': use('tiff'); return u.orientation == null ? [] : [`<tiff:Orientation>${Math.round(u.orientation)}</tiff:Orientation>`];
  }
}

function regionElements(r: NonNullable<XmpUpdate['regions']>, rdf: string, use: (...p: Prefix[]) => void): string[] {
  use('mwg-rs', 'stArea', 'stDim', 'MP', 'MPRI', 'MPReg');
  const mwg = r.list.map((region) => {
    const c = centreOf(region.box);
    const area = `<mwg-rs:Area stArea:x="${formatNumber(c.x)}" stArea:y="${formatNumber(c.y)}" stArea:w="${formatNumber(c.w)}" stArea:h="${formatNumber(c.h)}" stArea:unit="normalized"/>`;
    const name = region.name ? `<mwg-rs:Name>${escape(region.name)}</mwg-rs:Name>` : '';
    return `<${rdf}:li ${rdf}:parseType="Resource">${area}${name}<mwg-rs:Type>${escape(region.type ?? 'Face')}</mwg-rs:Type></${rdf}:li>`;
  });
  const mp = r.list.filter((region) => (region.type ?? 'Face') === 'Face').map((region) => {
    const name = region.name ? ` MPReg:PersonDisplayName="${escape(region.name)}"` : '';
    return `<${rdf}:li MPReg:Rectangle="${rectangleOf(region.box)}"${name}/>`;
  });
  const dims = `<mwg-rs:AppliedToDimensions stDim:w="${Math.round(r.width)}" stDim:h="${Math.round(r.height)}" stDim:unit="pixel"/>`;
  return [
    `<mwg-rs:Regions ${rdf}:parseType="Resource">${dims}<mwg-rs:RegionList><${rdf}:Bag>${mwg.join('')}</${rdf}:Bag></mwg-rs:RegionList></mwg-rs:Regions>`,
    ...(mp.length ? [`<MP:RegionInfo ${rdf}:parseType="Resource"><MPRI:Regions><${rdf}:Bag>${mp.join('')}</${rdf}:Bag></MPRI:Regions></MP:RegionInfo>`] : []),
  ];
}

/** Back over the whitespace before `at` (an element's indentation and line break). */
function withIndent(text: string, at: number): number {
  let i = at;
  while (i > 0 && /[ \t\r\n]/.test(text[i - 1] as string)) i--;
  return i;
}

/** A description left with no property after the cut goes too (it would only be noise). */
const emptied = (d: DescriptionSpan, cut: ReadonlySet<string>) => d.properties.length > 0 && d.properties.every((p) => cut.has(p.name));

/**
 * Merge Shoebox's fields into a sidecar's text (or a new packet). The properties of the fields that
 * change are cut out where they were and written again in one `rdf:Description` of their own; every
 * other byte of the sidecar stays as it was. A field whose value the sidecar already has is left
 * alone, so writing twice changes nothing. Throws XmpError for a sidecar that is not XMP.
 */
export function mergeXmp(existing: string | undefined, update: XmpUpdate): string {
  const text = existing ?? EMPTY_PACKET;
  const packet = packetOf(text);
  if (!packet) throw new XmpError('The sidecar holds no XMP packet; it is left as it is.');
  checkWellFormed(packet);
  const facts = existing ? readXmp(existing) : {};
  const fields = (Object.keys(update) as Field[]).filter((f) => update[f] !== undefined && !(existing && unchanged(f, facts, update)));
  if (existing && !fields.length) return existing;
  const at = text.indexOf(packet);
  const spans = spansOf(packet);
  const cut = new Set(fields.flatMap((f) => OWNED[f]));
  const cuts: [number, number][] = [];
  for (const d of spans.descriptions) {
    if (emptied(d, cut)) cuts.push([withIndent(packet, d.start), d.end]);
    // An element takes its indentation with it; an attribute's span starts at its own space.
    else for (const p of d.properties) if (cut.has(p.name)) cuts.push([packet[p.start] === '<' ? withIndent(packet, p.start) : p.start, p.end]);
  }
  const used = new Set<Prefix>();
  const body = fields.flatMap((f) => elements(f, update, 'rdf', used));
  let out = packet;
  const lineStart = withIndent(packet, spans.rdfEnd);
  // Written with the `rdf` prefix, declared again where the packet binds another one.
  const insert = body.length ? `\n  ${descriptionOpen(spans.rdfPrefix !== 'rdf', used)}\n${body.map((e) => `   ${e}\n`).join('')}  </rdf:Description>` : '';
  const edits: [number, number, string][] = [...cuts.map(([s, e]) => [s, e, ''] as [number, number, string]), [lineStart, lineStart, insert]];
  for (const [s, e, with_] of edits.sort((a, b) => b[0] - a[0] || b[1] - a[1])) out = out.slice(0, s) + with_ + out.slice(e);
  return text.slice(0, at) + out + text.slice(at + packet.length);
}

function descriptionOpen(declareRdf: boolean, used: ReadonlySet<Prefix>): string {
  const prefixes: Prefix[] = [...(declareRdf ? ['rdf' as const] : []), ...[...used].sort()];
  return `<rdf:Description rdf:about=""${prefixes.map((p) => `\n    xmlns:${p}="${NS[p]}"`).join('')}>`;
}
