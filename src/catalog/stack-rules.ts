import { isRawMediaType } from './media-kind';
import type { FileRow, PhotoMeta, PhotoRow } from './types';

/**
 * Which files are one shot: the rules, from what the files say (their paths and types), never
 * from their dates or pixels (near-duplicates are another matter).
 *
 * - A RAW and its JPEG (or HEIC) with the same base name in the same folder: `IMG_0001.CR2` +
 *   `IMG_0001.JPG`.
 * - A burst, as the camera names it: Google Camera's `00000IMG_00000_BURST20190101120000123_COVER.jpg`
 *   (the long number is the burst), `IMG_20190101_120000_BURST001_COVER.jpg` / `…_BURST002.jpg`,
 *   Samsung's `20190101_120000_Burst01.jpg`.
 * - An Apple Live Photo: a still and a MOV with the same base name in the same folder, unless both
 *   carry Apple's ContentIdentifier and the two differ (two shots that happen to share a name). The
 *   still is the photo (`live`); the MOV is its motion, not a photo of its own in the timeline.
 * - What the files say of themselves, whatever their names (renamed files): a still and a MOV with
 *   the same ContentIdentifier, the frames of an Apple burst (the same BurstUUID), in one folder.
 *   A file of the same name that says nothing joins them (a RAW beside its HEIC, an edited JPEG
 *   beside its MOV: `pairedShot`).
 *
 * The group key is made of the folder and the name or the id the file carries, so a rescan, a
 * re-index or a restore finds the same groups whatever order the files come in.
 */

/** Google Camera's burst id: a 14–17 digit time stamp shared by every frame. */
const BURST_ID = /_BURST(\d{14,})(?:_COVER)?(?:\.[^.]*)?$/i;
/** A frame number after the shared part: `…_BURST001_COVER.jpg`, `…_Burst02.jpg`. */
const BURST_FRAME = /^(.+?)_BURST\d{1,4}(?:_COVER)?\.[^.]+$/i;

/** What a file's content says it belongs to: an Apple burst (`burst:<uuid>`), else a Live Photo (`live:<id>`). */
export function shotOf(meta: Pick<PhotoMeta, 'burstId' | 'contentId'> | undefined): string | undefined {
  if (meta?.burstId) return `burst:${meta.burstId.toLowerCase()}`;
  return meta?.contentId ? `live:${meta.contentId}` : undefined;
}

/**
 * The group a file belongs to within its folder: `folder/<shot>` when it says one (its own, or a
 * same-named file's), else `folder/stem` (lower-case name), or `folder/burst:<id>` by name.
 */
export function groupKey(path: string, shot?: string): string {
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash + 1);
  if (shot) return `${dir}${shot}`;
  const name = path.slice(slash + 1);
  const id = BURST_ID.exec(name)?.[1];
  if (id) return `${dir}burst:${id}`;
  const frame = BURST_FRAME.exec(name)?.[1];
  if (frame) return `${dir}burst:${frame.toLowerCase()}`;
  const dot = name.lastIndexOf('.');
  return `${dir}${(dot > 0 ? name.slice(0, dot) : name).toLowerCase()}`;
}

/** A file row's group (what db.ts derives on every write). */
export const fileGroup = (f: Pick<FileRow, 'path' | 'shot' | 'pairedShot'>) => groupKey(f.path, f.shot ?? f.pairedShot);

/** The stack of a burst the person stacked when Shoebox offered it (burst-repo.ts): not a group of files. */
export const userBurstKey = (id: string) => `burst:${id}`;

/** A stack made by the person's "Stack this burst" (file groups' stacks start with their folder's number). */
export const isUserBurst = (stack: string | undefined): stack is string => !!stack?.startsWith('burst:');

/** The stack a photo is in: its files' group's, else the burst the person stacked it in (db.ts derives it on every write). */
export const stackOf = (p: Pick<PhotoRow, 'stack' | 'userEdits'>): string | undefined => p.stack ?? (p.userEdits?.burst ? userBurstKey(p.userEdits.burst) : undefined);

export const isBurstKey = (group: string) => group.slice(group.lastIndexOf('/') + 1).startsWith('burst:');

export const isVideoType = (mediaType: string | undefined) => !!mediaType?.startsWith('video/');

/** A photo of a group, as the rules need it. */
export interface Member {
  id: string;
  mediaType: string;
  /** The path of the file that shows it (the first, by path, when several do). */
  path: string;
  /** The person put this one on top. */
  pickedTop?: boolean;
  /** The person unstacked the group. */
  unstacked?: boolean;
  /** Apple's Live Photo id, when the still carries one. */
  contentId?: string;
}

/** A video file of a group: the photo it became (none yet when it is not shown) and its ContentIdentifier. */
export interface Video {
  id?: string;
  contentId?: string;
}

/** A still and a MOV of the same name are one Live Photo unless both say which and they differ. */
export const sameShot = (still: Pick<Member, 'contentId'>, video: Video) => !still.contentId || !video.contentId || still.contentId === video.contentId;

/**
 * The photo shown for a stack: the person's pick, else a JPEG, else any other non-RAW picture,
 * else the first; ties go by path, so the choice never depends on scan order.
 */
export function topOf(members: readonly Member[]): Member | undefined {
  const sorted = [...members].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.id < b.id ? -1 : 1));
  return (
    sorted.find((m) => m.pickedTop)
    ?? sorted.find((m) => m.mediaType === 'image/jpeg')
    ?? sorted.find((m) => !isRawMediaType(m.mediaType))
    ?? sorted[0]
  );
}

/** What the grouping decides for each photo of a group. */
export interface Placement {
  /** The group's key while it is a stack (stacked or unstacked by the person), else undefined. */
  stack?: string;
  /** Shown under another photo of its stack, not in the timeline. */
  folded: boolean;
  /** On the stack's top: how many pictures the stack holds (the badge). */
  stackSize?: number;
  /** A still with its motion: a Live Photo's MOV beside it, or a Motion Photo's embedded video. */
  live: boolean;
}

/**
 * Place the photos of one group. `stills` are the pictures (JPEG, HEIC, RAW…); `videos` are the
 * video files that share the group (a Live Photo's MOV: indexed as a photo or not); those of the
 * same shot as the top still fold under it. Motion Photos carry their video inside (`embedded`).
 */
export function place(key: string, stills: readonly Member[], videos: readonly Video[], embedded: ReadonlySet<string>): Map<string, Placement> {
  const out = new Map<string, Placement>();
  const burst = isBurstKey(key);
  const top = topOf(stills);
  const stacked = stills.length > 1;
  const unstacked = stills.some((m) => m.unstacked);
  // A Live Photo's MOV has the still's base name; a burst's frames share no MOV.
  const motion = burst || !top ? [] : videos.filter((v) => sameShot(top, v));
  const livePair = motion.length > 0;
  for (const m of stills) {
    const folded = stacked && !unstacked && m !== top;
    out.set(m.id, {
      stack: stacked ? key : undefined,
      folded,
      stackSize: stacked && !unstacked && m === top ? stills.length : undefined,
      live: embedded.has(m.id) || (livePair && m === top),
    });
  }
  for (const v of videos) {
    if (!v.id || out.has(v.id)) continue;
    const paired = motion.includes(v);
    out.set(v.id, { stack: paired ? key : undefined, folded: paired, live: false });
  }
  return out;
}
