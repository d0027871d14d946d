/**
 * What a HEIF file (HEIC, AVIF) says about its primary picture, read from its `meta` box before
 * decoding: the size it is shown at, and its EXIF and XMP. ISO/IEC 23008-12: the picture is an
 * item (or a `grid` item of tiles); its properties (`ispe` size, `irot` rotation, `imir` mirror,
 * which leaves the size as it is)
 * are listed in `iprp`; its metadata are items of their own (`Exif`, `mime` XMP) pointing at it
 * with `cdsc` references, their bytes located by `iloc`.
 *
 * HEIF's orientation is `irot`/`imir`, applied by the decoder. The EXIF Orientation tag an iPhone
 * also writes describes the same turn and must never be applied a second time.
 */

interface Item {
  type: string;
  contentType?: string;
  method: number;
  extents: [offset: number, length: number][];
}

export interface HeifLayout {
  /** Stored size (`ispe`), before `irot`. */
  width: number;
  height: number;
  /** `irot`: anticlockwise quarter turns, 0–3. */
  quarterTurns: number;
  /** The TIFF block of the primary picture's EXIF. */
  exif?: Uint8Array;
  /** The primary picture's XMP packet. */
  xmp?: Uint8Array;
}

const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));

function reader(b: Uint8Array) {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const uint = (at: number, size: number): number => {
    if (size === 0) return 0;
    if (size === 1) return view.getUint8(at);
    if (size === 2) return view.getUint16(at);
    if (size === 4) return view.getUint32(at);
    return Number(view.getBigUint64(at));
  };
  return { uint };
}

interface Box { type: string; start: number; end: number }

/** The boxes between `start` and `end` (a box's own start and end are its payload's). */
function boxes(b: Uint8Array, start: number, end: number): Box[] {
  const { uint } = reader(b);
  const out: Box[] = [];
  for (let at = start; at + 8 <= end;) {
    let size = uint(at, 4);
    let header = 8;
    if (size === 1) {
      if (at + 16 > end) break;
      size = uint(at + 8, 8);
      header = 16;
    } else if (size === 0) {
      size = end - at;
    }
    if (size < header) break;
    out.push({ type: ascii(b, at + 4, 4), start: at + header, end: Math.min(end, at + size) });
    at += size;
  }
  return out;
}

const find = (list: Box[], type: string) => list.find((x) => x.type === type);

function cString(b: Uint8Array, at: number, end: number): [string, number] {
  let i = at;
  while (i < end && b[i] !== 0) i++;
  return [ascii(b, at, i - at), i + 1];
}

function readItems(b: Uint8Array, iinf: Box | undefined, iloc: Box | undefined): Map<number, Item> {
  const { uint } = reader(b);
  const items = new Map<number, Item>();
  if (iinf) {
    const v = uint(iinf.start, 1);
    const first = iinf.start + 4 + (v === 0 ? 2 : 4);
    for (const infe of boxes(b, first, iinf.end)) {
      if (infe.type !== 'infe') continue;
      const version = uint(infe.start, 1);
      if (version < 2) continue;
      const idSize = version === 2 ? 2 : 4;
      const id = uint(infe.start + 4, idSize);
      const typeAt = infe.start + 4 + idSize + 2;
      const type = ascii(b, typeAt, 4);
      const [, afterName] = cString(b, typeAt + 4, infe.end);
      items.set(id, { type, method: 0, extents: [], contentType: type === 'mime' ? cString(b, afterName, infe.end)[0] : undefined });
    }
  }
  if (iloc) {
    const version = uint(iloc.start, 1);
    let at = iloc.start + 4;
    const offsetSize = b[at]! >> 4;
    const lengthSize = b[at]! & 15;
    const baseSize = b[at + 1]! >> 4;
    const indexSize = version >= 1 ? b[at + 1]! & 15 : 0;
    at += 2;
    const idSize = version === 2 ? 4 : 2;
    let count = uint(at, version === 2 ? 4 : 2);
    at += version === 2 ? 4 : 2;
    while (count-- > 0 && at < iloc.end) {
      const id = uint(at, idSize);
      at += idSize;
      const method = version >= 1 ? uint(at, 2) & 15 : 0;
      if (version >= 1) at += 2;
      at += 2; // data_reference_index
      const base = uint(at, baseSize);
      at += baseSize;
      const extents: [number, number][] = [];
      for (let n = uint(at, 2), e = at + 2; n > 0; n--, e += indexSize + offsetSize + lengthSize) {
        extents.push([base + uint(e + indexSize, offsetSize), uint(e + indexSize + offsetSize, lengthSize)]);
      }
      at += 2 + extents.length * (indexSize + offsetSize + lengthSize);
      const item = items.get(id);
      if (item) Object.assign(item, { method, extents });
    }
  }
  return items;
}

/** An item's bytes, from the file (construction method 0) or the `idat` box (1); undefined if not all here. */
function itemData(b: Uint8Array, item: Item, idat: Box | undefined): Uint8Array | undefined {
  if (item.method > 1 || item.extents.length === 0 || (item.method === 1 && !idat)) return undefined;
  const base = item.method === 1 ? idat!.start : 0;
  const parts: Uint8Array[] = [];
  for (const [offset, length] of item.extents) {
    const from = base + offset;
    if (length === 0 || from + length > (item.method === 1 ? idat!.end : b.length)) return undefined;
    parts.push(b.subarray(from, from + length));
  }
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

/** Item ids that point (`cdsc`: "describes") at `target`. */
function describing(b: Uint8Array, iref: Box | undefined, target: number): Set<number> {
  const { uint } = reader(b);
  const out = new Set<number>();
  if (!iref) return out;
  const idSize = uint(iref.start, 1) === 0 ? 2 : 4;
  for (const ref of boxes(b, iref.start + 4, iref.end)) {
    if (ref.type !== 'cdsc') continue;
    const from = uint(ref.start, idSize);
    const count = uint(ref.start + idSize, 2);
    for (let k = 0; k < count; k++) if (uint(ref.start + idSize + 2 + k * idSize, idSize) === target) out.add(from);
  }
  return out;
}

/** The property boxes associated with `item`, in their listed order. */
function propertiesOf(b: Uint8Array, iprp: Box | undefined, item: number): Box[] {
  const { uint } = reader(b);
  if (!iprp) return [];
  const kids = boxes(b, iprp.start, iprp.end);
  const ipco = find(kids, 'ipco');
  const ipma = find(kids, 'ipma');
  if (!ipco || !ipma) return [];
  const properties = boxes(b, ipco.start, ipco.end);
  const version = uint(ipma.start, 1);
  const wide = (uint(ipma.start + 3, 1) & 1) === 1;
  const out: Box[] = [];
  let at = ipma.start + 8;
  for (let n = uint(ipma.start + 4, 4); n > 0 && at < ipma.end; n--) {
    const id = uint(at, version < 1 ? 2 : 4);
    at += version < 1 ? 2 : 4;
    const count = uint(at, 1);
    at += 1;
    for (let k = 0; k < count; k++, at += wide ? 2 : 1) {
      const index = wide ? uint(at, 2) & 0x7fff : uint(at, 1) & 0x7f;
      const property = properties[index - 1];
      if (id === item && property) out.push(property);
    }
  }
  return out;
}

/** The primary picture's layout and metadata; undefined when the bytes hold no readable HEIF `meta`. */
export function readHeif(b: Uint8Array): HeifLayout | undefined {
  const { uint } = reader(b);
  const meta = find(boxes(b, 0, b.length), 'meta');
  if (!meta) return undefined;
  const kids = boxes(b, meta.start + 4, meta.end);
  const pitm = find(kids, 'pitm');
  if (!pitm) return undefined;
  const primary = uint(pitm.start + 4, uint(pitm.start, 1) === 0 ? 2 : 4);
  const layout: HeifLayout = { width: 0, height: 0, quarterTurns: 0 };
  for (const property of propertiesOf(b, find(kids, 'iprp'), primary)) {
    if (property.type === 'ispe') {
      layout.width = uint(property.start + 4, 4);
      layout.height = uint(property.start + 8, 4);
    } else if (property.type === 'irot') {
      layout.quarterTurns = uint(property.start, 1) & 3;
    }
  }
  if (!layout.width || !layout.height) return undefined;
  const items = readItems(b, find(kids, 'iinf'), find(kids, 'iloc'));
  const idat = find(kids, 'idat');
  const about = describing(b, find(kids, 'iref'), primary);
  // The metadata items that describe the primary picture; else any (a writer may omit `cdsc`).
  const pick = (match: (item: Item) => boolean) => {
    const all = [...items].filter(([, item]) => match(item));
    const item = (all.find(([id]) => about.has(id)) ?? all[0])?.[1];
    return item && itemData(b, item, idat);
  };
  const exif = pick((item) => item.type === 'Exif');
  // The Exif item starts with the offset of the TIFF header inside it (Apple: 6, after "Exif\0\0").
  if (exif && exif.length > 8) {
    const skip = 4 + reader(exif).uint(0, 4);
    if (skip < exif.length) layout.exif = exif.subarray(skip);
  }
  layout.xmp = pick((item) => item.type === 'mime' && item.contentType === 'application/rdf+xml');
  return layout;
}

/** The size a HEIF picture is shown at: `ispe` turned by `irot`. */
export function heifShownSize(b: Uint8Array): { width: number; height: number } | undefined {
  const layout = readHeif(b);
  if (!layout) return undefined;
  return layout.quarterTurns % 2 ? { width: layout.height, height: layout.width } : { width: layout.width, height: layout.height };
}

const EXIF_ID = [0x45, 0x78, 0x69, 0x66, 0, 0]; // "Exif\0\0"
const XMP_ID = new TextEncoder().encode('http://ns.adobe.com/xap/1.0/\0');

/**
 * The HEIF's EXIF and XMP as a JPEG holding only those two segments (SOI, APP1, APP1, EOI), which
 * exifr reads like any camera's JPEG. exifr's own HEIF reader finds no XMP and misreads `iloc`
 * base offsets (libheif's heif-enc writes them). A segment larger than a JPEG allows is left out.
 */
export function heifMetadataAsJpeg(b: Uint8Array): Uint8Array | undefined {
  const layout = readHeif(b);
  const segments: Uint8Array[] = [];
  for (const [id, body] of [[EXIF_ID, layout?.exif], [XMP_ID, layout?.xmp]] as const) {
    const length = body ? 2 + id.length + body.length : 0;
    if (!body || length > 0xffff) continue;
    segments.push(new Uint8Array([0xff, 0xe1, length >> 8, length & 255, ...id]), body);
  }
  if (segments.length === 0) return undefined;
  const parts = [new Uint8Array([0xff, 0xd8]), ...segments, new Uint8Array([0xff, 0xd9])];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}
