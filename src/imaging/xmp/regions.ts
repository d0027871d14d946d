import type { FileRegion } from '../../catalog/types';
import { sameFace } from '../../vision/detections';
import type { XmpStruct, XmpValue } from './xmp-tree';

/*
 * Face regions in the two shapes tools write. Shoebox keeps a box as [x1, y1, x2, y2], 0–1 of the
 * picture as shown (upright), like its own face boxes.
 * - MWG (Metadata Working Group 2.0, §5.9): `stArea:x`/`y` are the region's CENTRE, `w`/`h` its
 *   size, normalised when `stArea:unit` is "normalized" (pixels of AppliedToDimensions otherwise).
 * - Microsoft Photo (Windows Live Photo Gallery): `MPReg:Rectangle` is "x, y, w, h", normalised,
 *   from the TOP-LEFT corner.
 */

type Box = FileRegion['box'];

const clamp01 = (n: number) => Math.min(1, Math.max(0, n));
const finite = (v: XmpValue | undefined): number | undefined => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};
const struct = (v: XmpValue | undefined): XmpStruct | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? v : undefined);
const list = (v: XmpValue | undefined): XmpValue[] => (Array.isArray(v) ? v : []);
const textOf = (v: XmpValue | undefined) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** A centre-based area (MWG) as a corner box; undefined when it is not a sensible rectangle. */
export function boxFromCentre(x: number, y: number, w: number, h: number): Box | undefined {
  if (!(w > 0 && h > 0 && w <= 1.0001 && h <= 1.0001)) return undefined;
  const box: Box = [clamp01(x - w / 2), clamp01(y - h / 2), clamp01(x + w / 2), clamp01(y + h / 2)];
  return box[2] > box[0] && box[3] > box[1] ? box : undefined;
}

export function centreOf(box: Box): { x: number; y: number; w: number; h: number } {
  return { x: (box[0] + box[2]) / 2, y: (box[1] + box[3]) / 2, w: box[2] - box[0], h: box[3] - box[1] };
}

/** A top-left rectangle (Microsoft's "x, y, w, h") as a corner box. */
export function boxFromRectangle(rectangle: string): Box | undefined {
  const parts = rectangle.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 4 || parts.some((p) => !Number.isFinite(p))) return undefined;
  const [x, y, w, h] = parts as [number, number, number, number];
  return boxFromCentre(x + w / 2, y + h / 2, w, h);
}

const fixed = (n: number) => String(Number(n.toFixed(6)));

export function rectangleOf(box: Box): string {
  return [box[0], box[1], box[2] - box[0], box[3] - box[1]].map(fixed).join(', ');
}

export const formatNumber = fixed;

/** The regions of an `mwg-rs:Regions` struct. */
export function mwgRegions(regions: XmpValue | undefined): FileRegion[] {
  const r = struct(regions);
  if (!r) return [];
  const dims = struct(r['mwg-rs:AppliedToDimensions']);
  const dw = finite(dims?.['stDim:w']);
  const dh = finite(dims?.['stDim:h']);
  const out: FileRegion[] = [];
  for (const item of list(r['mwg-rs:RegionList'])) {
    const region = struct(item);
    const area = struct(region?.['mwg-rs:Area']);
    if (!region || !area) continue;
    let [x, y, w, h] = ['x', 'y', 'w', 'h'].map((k) => finite(area[`stArea:${k}`]));
    if (x === undefined || y === undefined || w === undefined || h === undefined) continue;
    if (textOf(area['stArea:unit']) === 'pixel') {
      if (!dw || !dh) continue;
      [x, y, w, h] = [x / dw, y / dh, w / dw, h / dh];
    }
    const box = boxFromCentre(x, y, w, h);
    if (!box) continue;
    const name = textOf(region['mwg-rs:Name']);
    const type = textOf(region['mwg-rs:Type']);
    out.push({ box, ...(name ? { name } : {}), ...(type ? { type } : {}) });
  }
  return out;
}

/** The regions of an `MP:RegionInfo` struct (Windows: every region is a person's face). */
export function mpRegions(info: XmpValue | undefined): FileRegion[] {
  const out: FileRegion[] = [];
  for (const item of list(struct(info)?.['MPRI:Regions'])) {
    const region = struct(item);
    const rectangle = textOf(region?.['MPReg:Rectangle']);
    const box = rectangle ? boxFromRectangle(rectangle) : undefined;
    if (!region || !box) continue;
    const name = textOf(region['MPReg:PersonDisplayName']);
    out.push({ box, type: 'Face', ...(name ? { name } : {}) });
  }
  return out;
}

/** MWG and MP regions of one file often describe the same faces: each face once (MWG's first). */
export function joinRegions(first: readonly FileRegion[], second: readonly FileRegion[]): FileRegion[] {
  const out = [...first];
  for (const r of second) {
    if (!out.some((o) => sameFace(o.box, r.box) && (o.name ?? '') === (r.name ?? ''))) out.push(r);
  }
  return out;
}
