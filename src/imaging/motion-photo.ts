import type { PhotoMeta } from '../catalog/types';

/**
 * Where a Motion Photo keeps its video: Google's and Samsung's phones append an MP4 to the JPEG
 * and describe it in the XMP, which exifr reads (checked on files made with ExifTool, see
 * tests/fixtures/make-stacks.mjs). `raw` is exifr's output, as exif-map.ts gets it:
 * - camera format 1 (`GCamera:MicroVideo="1"`, `GCamera:MicroVideoOffset`): the video is the
 *   file's last MicroVideoOffset bytes;
 * - camera format 2 (`Container:Directory`, items laid end to end after the primary picture):
 *   the `Item:Semantic="MotionPhoto"` item, its `Item:Length`, followed by the items after it.
 * https://developer.android.com/media/platform/motion-photo-format
 */
export function motionVideo(raw: Record<string, unknown>): PhotoMeta['motion'] {
  const n = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN);
  const valid = (fromEnd: number, length: number) => (Number.isInteger(fromEnd) && Number.isInteger(length) && length > 0 && fromEnd >= length ? { fromEnd, length } : undefined);
  if (n(raw.MicroVideo) === 1) {
    const offset = n(raw.MicroVideoOffset);
    return valid(offset, offset);
  }
  const directory = Array.isArray(raw.Directory) ? (raw.Directory as unknown[]) : [];
  const items = directory.map((entry) => ((entry as { Item?: Record<string, unknown> })?.Item ?? {}) as Record<string, unknown>);
  const at = items.findIndex((item) => item.Semantic === 'MotionPhoto');
  if (at < 1) return undefined;
  let fromEnd = 0;
  for (let i = at; i < items.length; i++) fromEnd += n(items[i]?.Length) + (i > at ? n(items[i - 1]?.Padding ?? 0) : 0);
  return valid(fromEnd, n(items[at]?.Length));
}
