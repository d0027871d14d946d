import { CanvasSink, CustomSource, Input, MATROSKA, MP4, QTFF, WEBM, type InputVideoTrack } from 'mediabunny';
import type { PhotoMeta, VideoInfo } from '../catalog/types';
import type { Decoded } from './decoded';
import type { MediaType } from './media-type';
import { matroskaDate, movieCreationTime, videoMeta } from './video-meta';

/**
 * Videos, in the imaging worker: the container's facts and a poster frame, read with mediabunny
 * (MPL-2.0) from the File itself, slice by slice on demand with a bounded cache, so a 4 GB clip is
 * never read whole: the sample tables, the metadata and the few packets from a keyframe to the
 * poster's time are all it reads. WebCodecs' VideoDecoder (through mediabunny) decodes the frame.
 */

/** What reading a video needs of a file: its size and slices (a File; a test's 1 GB stand-in). */
export type VideoFile = Pick<Blob, 'size' | 'slice'>;

/** mediabunny's cache of file bytes: the memory a video costs, whatever its size. */
const CACHE_BYTES = 8 * 2 ** 20;

/**
 * mediabunny's CustomSource over `slice()`: what its BlobSource does without a stream reader, with
 * the same bounded cache and read-ahead, and it takes any sliceable file (the tests' stand-ins).
 */
function sliceSource(file: VideoFile): CustomSource {
  return new CustomSource({
    getSize: () => file.size,
    read: async (start, end) => new Uint8Array(await file.slice(start, end).arrayBuffer()),
    maxCacheSize: CACHE_BYTES,
    prefetchProfile: 'fileSystem',
  });
}

/** Containers mediabunny reads (no AVI: it has no AVI demuxer). */
const FORMATS = [MP4, QTFF, MATROSKA, WEBM];

/** Where the poster is taken: about a second in (past a fade from black), never past a third of a short clip. */
const POSTER_AT_S = 1;

/** Codec names for people; the WebCodecs string stays in `codecString`. */
const CODEC_NAMES: Record<string, string> = {
  avc: 'H.264', hevc: 'HEVC (H.265)', vp9: 'VP9', vp8: 'VP8', av1: 'AV1', prores: 'Apple ProRes',
  mp4v: 'MPEG-4 Part 2', s263: 'H.263', h263: 'H.263', V_MPEG4: 'MPEG-4 Part 2', V_MPEG2: 'MPEG-2',
};

export interface VideoRead {
  info: VideoInfo;
  meta: PhotoMeta;
  /** Displayed size, rotation applied. */
  width: number;
  height: number;
  /** The poster frame, or a stand-in when this browser cannot decode the video. */
  poster: Decoded;
  /** Why the video cannot be played or has no real poster, for Problems. */
  note?: string;
  /** The poster is a stand-in (its colours say nothing of the video). */
  standIn?: boolean;
}

/** The file's container could not be read (damaged, truncated, no video track). */
export class VideoError extends Error {}

async function codecName(track: InputVideoTrack): Promise<string> {
  const codec = (await track.getCodec()) ?? '';
  const internal = String((await track.getInternalCodecId().catch(() => null)) ?? '');
  return CODEC_NAMES[codec] ?? CODEC_NAMES[internal] ?? CODEC_NAMES[internal.split('/')[0] ?? ''] ?? (internal || 'an unknown codec');
}

function fromCanvas(canvas: OffscreenCanvas): Decoded {
  const bitmap = canvas.transferToImageBitmap();
  return { source: bitmap, width: bitmap.width, height: bitmap.height, partial: false, close: () => bitmap.close() };
}

/** A dark frame with a play mark, in the video's shape: the tile of a video with no poster. */
export function standIn(width: number, height: number, longest: number): Decoded {
  const scale = Math.min(1, longest / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  const canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  ctx.fillStyle = '#2b2f36';
  ctx.fillRect(0, 0, w, h);
  const r = Math.min(w, h) / 6;
  ctx.fillStyle = '#c9ced6';
  ctx.beginPath();
  ctx.moveTo(w / 2 - r * 0.6, h / 2 - r);
  ctx.lineTo(w / 2 + r, h / 2);
  ctx.lineTo(w / 2 - r * 0.6, h / 2 + r);
  ctx.closePath();
  ctx.fill();
  return fromCanvas(canvas);
}

/** The frame about a second in (or the first), drawn upright at no more than `longest` px. */
async function posterFrame(track: InputVideoTrack, durationS: number, width: number, height: number, longest: number): Promise<Decoded | undefined> {
  const scale = Math.min(1, longest / Math.max(width, height));
  const size = { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
  // poolSize 0: a fresh canvas, ours to keep; rotation comes from the track's matrix.
  const sink = new CanvasSink(track, { ...size, fit: 'fill', poolSize: 0 });
  const first = await track.getFirstTimestamp();
  const at = first + Math.min(POSTER_AT_S, durationS / 3);
  const frame = (await sink.getCanvas(at)) ?? (await sink.getCanvas(first));
  if (!frame) return undefined;
  return fromCanvas(frame.canvas as OffscreenCanvas);
}

/**
 * Read a video: duration, size, frame rate, codec, date, place and a poster of at most `longest`
 * px. Throws VideoError when the container cannot be read; a codec this browser cannot decode is
 * not an error (the video is listed, with a stand-in tile and a note).
 */
export async function readVideo(file: VideoFile, type: MediaType, longest: number): Promise<VideoRead> {
  const input = new Input({ source: sliceSource(file), formats: FORMATS });
  try {
    const damaged = (why: string) => new VideoError(`${type.label}: the file is damaged or incomplete (${why}).`);
    let track: InputVideoTrack | null;
    try {
      track = await input.getPrimaryVideoTrack();
      if (!track && !(await input.getTracks()).length) throw damaged('no track could be read');
    } catch (e) {
      throw e instanceof VideoError ? e : damaged((e as Error).message);
    }
    if (!track) throw new VideoError(`${type.label}: the file holds no video, only sound.`);
    const matroska = type.mime === 'video/webm' || type.mime === 'video/x-matroska';
    const [durationS, width, height, codec, codecString, decodable, tags, created, matroskaCreated] = await Promise.all([
      input.getDurationFromMetadata().then((d) => d ?? input.computeDuration()),
      track.getDisplayWidth(),
      track.getDisplayHeight(),
      codecName(track),
      track.getCodecParameterString().catch(() => null),
      track.canDecode(),
      input.getMetadataTags(),
      matroska ? undefined : movieCreationTime(file),
      matroska ? matroskaDate(file) : undefined,
    ]);
    const fps = await track.computeFrameRateMetrics({ targetPacketCount: 120 }).then((m) => Math.round(m.bestGuessFrameRate * 100) / 100, () => undefined);
    const info: VideoInfo = { durationS, codec, ...(codecString ? { codecString } : {}), ...(fps ? { fps } : {}), decodable };
    const meta = videoMeta(tags, created, matroskaCreated);
    if (!decodable) {
      const note = `${codec} video: this browser cannot decode it; the file is listed with its date and place.`;
      return { info, meta, width, height, poster: standIn(width, height, longest), note, standIn: true };
    }
    let poster: Decoded | undefined;
    try {
      poster = await posterFrame(track, durationS, width, height, longest);
    } catch (e) {
      const note = `${codec} video: its frames could not be decoded (${(e as Error).message}); the file is listed with its date and place.`;
      return { info: { ...info, decodable: false }, meta, width, height, poster: standIn(width, height, longest), note, standIn: true };
    }
    if (!poster) {
      const note = `${codec} video: it holds no frame to show; the file is listed with its date and place.`;
      return { info: { ...info, decodable: false }, meta, width, height, poster: standIn(width, height, longest), note, standIn: true };
    }
    return { info, meta, width, height, poster };
  } finally {
    input.dispose();
  }
}
