import type { FileRegion, PhotoRow } from '../../catalog/types';
import { sameFace } from '../../vision/detections';
import { ALBUMS_ROOT, leavesOf } from './xmp-read';
import type { XmpUpdate } from './xmp-write';

/** A face of the photo that belongs to a named person (face-repo `facesOfPhoto`). */
export interface NamedBox {
  box: FileRegion['box'];
  name: string;
}

const lower = (s: string) => s.toLowerCase();

/** EXIF's orientations as (mirrored, then turned clockwise by): 1 upright, 6 a quarter right, 3 half, 8 a quarter left; 2, 7, 4, 5 the same mirrored. */
const TURNS = [[1, 6, 3, 8], [2, 7, 4, 5]] as const;

/**
 * The file's EXIF orientation with the person's turn (clockwise, 90° steps) added: what
 * `tiff:Orientation` says in a sidecar of a photo turned in Shoebox, so digiKam and ExifTool show
 * it turned too. The file itself is never touched.
 */
export function turnedOrientation(fileOrientation: number | undefined, rotation: number): number {
  const o = fileOrientation && fileOrientation >= 1 && fileOrientation <= 8 ? fileOrientation : 1;
  const mirrored = TURNS[1].includes(o as 2 | 7 | 4 | 5) ? 1 : 0;
  const row = TURNS[mirrored];
  const steps = (row as readonly number[]).indexOf(o) + Math.round(rotation / 90);
  return row[((steps % 4) + 4) % 4] as number;
}

function dedupe(list: readonly string[]): string[] {
  const seen = new Set<string>();
  return list.filter((s) => !seen.has(lower(s)) && !!seen.add(lower(s)));
}

/**
 * What a photo's sidecar should say, for what the person changed in Shoebox, and only that: a
 * field the person never touched is left as the sidecar (or the other program) has it. An edited
 * date goes as the date taken (EXIF, XMP and Photoshop's, with its zone when it has one). Places
 * are not edited in Shoebox yet, so the file's GPS is never written.
 * Keywords are the file's, less the labels the person removed, plus those they added; keyword
 * paths keep the file's, and albums go under `Albums|`. Named people are regions (with the file's
 * own regions that no named face covers). Undefined: nothing to write.
 */
export function sidecarUpdate(photo: PhotoRow, named: readonly NamedBox[]): XmpUpdate | undefined {
  const edits = photo.userEdits ?? {};
  const update: XmpUpdate = {};
  if (edits.rating !== undefined) update.rating = edits.rating;
  if (edits.title !== undefined) update.title = edits.title || null;
  if (edits.description !== undefined) update.description = edits.description || null;
  // A date set or shifted, or its time zone: the photo's date as shown, with its zone if it has one.
  if (edits.takenAt !== undefined || edits.takenAtOffset !== undefined) update.takenAt = { at: photo.takenAt, ...(photo.takenAtOffset ? { offset: photo.takenAtOffset } : {}) };
  // A place set (a cleared one takes the sidecar's away; the file's own EXIF stays), and a turn as the orientation.
  if (edits.gps !== undefined) update.gps = edits.gps && { lat: edits.gps.lat, lng: edits.gps.lng };
  if (edits.rotation !== undefined) update.orientation = turnedOrientation(photo.orientation, edits.rotation);
  const added = edits.addedLabels ?? [];
  const removed = new Set((edits.removedLabels ?? []).map(lower));
  const labelsEdited = added.length > 0 || removed.size > 0 || edits.keywords !== undefined;
  if (labelsEdited) update.keywords = dedupe([...photo.keywords.filter((k) => !removed.has(lower(k))), ...added]);
  if (labelsEdited || edits.albums !== undefined) {
    const paths = (photo.hierarchicalKeywords ?? []).filter((p) => !p.startsWith(`${ALBUMS_ROOT}|`) && !leavesOf([p]).some((leaf) => removed.has(lower(leaf))));
    const leaves = new Set(leavesOf(paths).map(lower));
    update.hierarchical = dedupe([...paths, ...added.filter((a) => !leaves.has(lower(a))), ...(photo.albums ?? []).map((a) => `${ALBUMS_ROOT}|${a}`)]);
  }
  if (named.length) {
    const faces: FileRegion[] = named.map((n) => ({ box: n.box, name: n.name, type: 'Face' }));
    const others = (photo.regions ?? []).filter((r) => !faces.some((f) => sameFace(f.box, r.box)));
    update.regions = { list: [...faces, ...others], width: photo.width, height: photo.height };
  }
  return Object.keys(update).length ? update : undefined;
}
