import type { PhotoMeta } from '../catalog/types';
import { decodeImage } from './decode';
import type { Decoded } from './decoded';
import { ascii, jpegFrameSize, type RandomAccess } from './raw-preview';
import { standIn, type VideoRead } from './video';
import { parseVideoDate } from './video-meta';

/**
 * AVI (RIFF) videos, which no browser plays and mediabunny does not demux: their headers read
 * here, chunk header by chunk header, so a 4 GB clip costs a few dozen small reads. `avih` and the
 * video stream's `strh`/`strf` give the length, size, frame rate and codec (its FourCC); `IDIT`
 * (what cameras write) or INFO's `ICRD` the date. Layout: Microsoft's AVI RIFF reference
 * (https://learn.microsoft.com/windows/win32/directshow/avi-riff-file-reference) and OpenDML 1.02.
 * A Motion-JPEG frame (the AVI cameras recorded, about 2000–2010) is a JPEG: the first one is the
 * poster.
 */

export interface AviInfo {
  durationS: number;
  width: number;
  height: number;
  fps?: number;
  /** The video stream's compression FourCC as written (`MJPG`, `XVID`, `H264`). */
  fourcc: string;
  /** For people: `Motion JPEG`, `MPEG-4 Part 2 (Xvid)`. */
  codec: string;
  meta: PhotoMeta;
  /** The first video frame's bytes in the file, when it is a chunk of its own. */
  firstFrame?: { offset: number; length: number };
}

/** FourCCs cameras and encoders write, upper-cased, by name. */
const FOURCC_NAMES: Record<string, string> = {
  MJPG: 'Motion JPEG', AVRN: 'Motion JPEG', JPEG: 'Motion JPEG', DMB1: 'Motion JPEG',
  H264: 'H.264', X264: 'H.264', AVC1: 'H.264', DAVC: 'H.264',
  HEVC: 'HEVC (H.265)', H265: 'HEVC (H.265)', HVC1: 'HEVC (H.265)', HEV1: 'HEVC (H.265)',
  XVID: 'MPEG-4 Part 2 (Xvid)', DIVX: 'MPEG-4 Part 2 (DivX)', DX50: 'MPEG-4 Part 2 (DivX)', FMP4: 'MPEG-4 Part 2', MP4V: 'MPEG-4 Part 2',
  MP42: 'Microsoft MPEG-4 v2', MP43: 'Microsoft MPEG-4 v3', DIV3: 'Microsoft MPEG-4 v3 (DivX 3)',
  DVSD: 'DV', DV25: 'DV', CDVC: 'DV', CVID: 'Cinepak', IV50: 'Indeo 5', IV41: 'Indeo 4', IV32: 'Indeo 3',
  WMV3: 'Windows Media Video 9', VP80: 'VP8', VP90: 'VP9', AV01: 'AV1',
  '\0\0\0\0': 'uncompressed', 'DIB ': 'uncompressed', RAW: 'uncompressed',
};

const MOTION_JPEG = 'Motion JPEG';

/** The headers could not be read: the message says what is missing. */
export class AviError extends Error {}
/** Chunks walked before giving up on a header (a real AVI has a handful before `movi`). */
const MAX_CHUNKS = 512;
/** A first frame larger than this is not read for a poster (a Motion-JPEG frame is a few hundred KB). */
const MAX_FRAME_BYTES = 16 * 2 ** 20;
/** `hdrl` and INFO are small; one this big is not a real header. */
const MAX_LIST_BYTES = 4 * 2 ** 20;

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

interface Chunk {
  id: string;
  /** For a LIST (or RIFF): its list type; the content starts after it. */
  list?: string;
  /** Where its content starts (after the header and, for a LIST, the list type) and ends. */
  start: number;
  end: number;
}

/** The chunks in [from, to), by their 8-byte headers (12 for a LIST): nothing else is read. */
async function* chunks(reader: RandomAccess, from: number, to: number): AsyncGenerator<Chunk> {
  for (let at = from, n = 0; at + 8 <= to && n < MAX_CHUNKS; n++) {
    const head = await reader.read(at, 12);
    if (head.length < 8) return;
    const id = ascii(head, 0, 4);
    const size = view(head).getUint32(4, true);
    const isList = (id === 'LIST' || id === 'RIFF') && head.length >= 12;
    const end = Math.min(to, at + 8 + size);
    yield isList ? { id, list: ascii(head, 8, 4), start: at + 12, end } : { id, start: at + 8, end };
    at += 8 + size + (size & 1); // chunks are padded to an even size
  }
}

/** A small chunk's (or list's) bytes, whole. */
async function bytesOf(reader: RandomAccess, chunk: Chunk): Promise<Uint8Array> {
  return reader.read(chunk.start, Math.min(chunk.end - chunk.start, MAX_LIST_BYTES));
}

/** The same walk over bytes already read (inside `hdrl`, INFO). */
function* inner(b: Uint8Array): Generator<Chunk & { data: Uint8Array }> {
  for (let at = 0; at + 8 <= b.length; ) {
    const id = ascii(b, at, 4);
    const size = view(b).getUint32(at + 4, true);
    const list = id === 'LIST' && at + 12 <= b.length ? ascii(b, at + 8, 4) : undefined;
    const start = at + (list ? 12 : 8);
    const end = Math.min(b.length, at + 8 + size);
    yield { id, list, start, end, data: b.subarray(start, end) };
    at += 8 + size + (size & 1);
  }
}

const text = (b: Uint8Array) => new TextDecoder('latin1').decode(b).replace(/\0[\s\S]*$/, '').trim();

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * An AVI date as cameras and tools write it: `IDIT` in C's asctime form ("SAT AUG 21 14:05:00
 * 2005"), EXIF's "2005:08:21 14:05:00", or ISO ("2005-08-21"). No zone is written: wall-clock
 * time, as PhotoMeta keeps EXIF dates.
 */
export function parseAviDate(value: string): number | undefined {
  const c = /^(?:[a-z]{3}\s+)?([a-z]{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(\d{4})$/i.exec(value.trim());
  if (c) {
    const month = MONTHS.indexOf((c[1] as string).toLowerCase());
    if (month < 0) return undefined;
    return Date.UTC(Number(c[6]), month, Number(c[2]), Number(c[3]), Number(c[4]), Number(c[5]));
  }
  const exif = /^(\d{4}):(\d{2}):(\d{2})(.*)$/.exec(value.trim());
  return parseVideoDate(exif ? `${exif[1]}-${exif[2]}-${exif[3]}${exif[4]}` : value)?.takenAt;
}

const codecName = (fourcc: string) => FOURCC_NAMES[fourcc.toUpperCase().trim() || '\0\0\0\0'] ?? FOURCC_NAMES[fourcc.toUpperCase()] ?? `FourCC ${JSON.stringify(fourcc.replace(/\0/g, ' ').trim())}`;

interface StreamHeader {
  index: number;
  handler: string;
  scale: number;
  rate: number;
  length: number;
  compression?: string;
  width?: number;
  height?: number;
}

/** The first video stream of `hdrl`, and the file-wide facts around it. */
function readHdrl(hdrl: Uint8Array) {
  let usPerFrame = 0;
  let totalFrames = 0;
  let size = { width: 0, height: 0 };
  let video: StreamHeader | undefined;
  let odmlFrames = 0;
  let idit: string | undefined;
  let stream = 0;
  for (const c of inner(hdrl)) {
    if (c.id === 'avih' && c.data.length >= 40) {
      const v = view(c.data);
      usPerFrame = v.getUint32(0, true);
      totalFrames = v.getUint32(16, true);
      size = { width: v.getUint32(32, true), height: v.getUint32(36, true) };
    } else if (c.list === 'strl') {
      const index = stream++;
      if (video) continue;
      let header: StreamHeader | undefined;
      for (const s of inner(c.data)) {
        if (s.id === 'strh' && s.data.length >= 36 && ascii(s.data, 0, 4) === 'vids') {
          const v = view(s.data);
          header = { index, handler: ascii(s.data, 4, 4), scale: v.getUint32(20, true), rate: v.getUint32(24, true), length: v.getUint32(32, true) };
        } else if (s.id === 'strf' && header && s.data.length >= 20) {
          const v = view(s.data);
          header = { ...header, width: v.getInt32(4, true), height: Math.abs(v.getInt32(8, true)), compression: ascii(s.data, 16, 4) };
        }
      }
      video = header;
    } else if (c.list === 'odml') {
      for (const s of inner(c.data)) if (s.id === 'dmlh' && s.data.length >= 4) odmlFrames = view(s.data).getUint32(0, true);
    } else if (c.id === 'IDIT') {
      idit = text(c.data);
    }
  }
  return { usPerFrame, totalFrames, size, video, odmlFrames, idit };
}

/** INFO's creation date and title. */
function readInfo(info: Uint8Array): { date?: string; title?: string } {
  const out: { date?: string; title?: string } = {};
  for (const c of inner(info)) {
    if (c.id === 'ICRD') out.date = text(c.data);
    if (c.id === 'INAM') out.title = text(c.data);
  }
  return out;
}

/** The first non-empty chunk of the video stream in `movi` (`00dc`, `01db`…), descending into `rec ` lists. */
async function firstFrame(reader: RandomAccess, movi: Chunk, stream: number): Promise<{ offset: number; length: number } | undefined> {
  const ids = new Set(['dc', 'db'].map((t) => `${String(stream).padStart(2, '0')}${t}`));
  for await (const c of chunks(reader, movi.start, movi.end)) {
    const found = c.list === 'rec ' ? await firstFrame(reader, c, stream) : ids.has(c.id) && c.end > c.start ? { offset: c.start, length: c.end - c.start } : undefined;
    if (found) return found;
  }
  return undefined;
}

/** Throws AviError when the file is not an AVI whose headers can be read. */
export async function readAviHeaders(reader: RandomAccess): Promise<AviInfo> {
  const riff = await reader.read(0, 12);
  if (ascii(riff, 0, 4) !== 'RIFF' || ascii(riff, 8, 4) !== 'AVI ') throw new AviError('no RIFF AVI header');
  let hdrl: ReturnType<typeof readHdrl> | undefined;
  let info: ReturnType<typeof readInfo> = {};
  let frame: AviInfo['firstFrame'];
  for await (const c of chunks(reader, 12, reader.size)) {
    if (c.list === 'hdrl') hdrl = readHdrl(await bytesOf(reader, c));
    else if (c.list === 'INFO') info = readInfo(await bytesOf(reader, c));
    else if (c.list === 'movi') {
      if (hdrl?.video) frame = await firstFrame(reader, c, hdrl.video.index);
      break; // the index (`idx1`) and OpenDML's later RIFFs say nothing more a tile needs
    }
  }
  if (!hdrl) throw new AviError('no header list (hdrl)');
  const video = hdrl.video;
  if (!video) throw new AviError('no video stream');
  const fps = video.scale && video.rate ? video.rate / video.scale : hdrl.usPerFrame ? 1e6 / hdrl.usPerFrame : undefined;
  // OpenDML: avih counts only the first RIFF's frames; strh and dmlh count them all.
  const frames = Math.max(video.length, hdrl.odmlFrames, hdrl.totalFrames);
  const durationS = fps ? frames / fps : 0;
  const fourcc = video.compression && video.compression !== '\0\0\0\0' ? video.compression : video.handler;
  const takenAt = [hdrl.idit, info.date].map((d) => (d ? parseAviDate(d) : undefined)).find((d) => d !== undefined);
  const meta: PhotoMeta = { keywords: [], warnings: [], ...(takenAt !== undefined ? { takenAt } : {}), ...(info.title ? { title: info.title } : {}) };
  return {
    durationS,
    width: video.width || hdrl.size.width,
    height: video.height || hdrl.size.height,
    ...(fps ? { fps: Math.round(fps * 100) / 100 } : {}),
    fourcc,
    codec: codecName(fourcc),
    meta,
    ...(frame ? { firstFrame: frame } : {}),
  };
}

/** A Motion-JPEG AVI's first frame, decoded as the JPEG it is; undefined for other codecs or a frame that does not decode. */
async function motionJpegPoster(reader: RandomAccess, avi: AviInfo, longest: number): Promise<Decoded | undefined> {
  if (avi.codec !== MOTION_JPEG || !avi.firstFrame || avi.firstFrame.length > MAX_FRAME_BYTES) return undefined;
  const jpeg = await reader.read(avi.firstFrame.offset, avi.firstFrame.length);
  const stored = jpegFrameSize(jpeg);
  if (!stored) return undefined;
  return decodeImage(jpeg, 'image/jpeg', { stored, longestOutput: longest, suspectDamaged: false }).catch(() => undefined);
}

/**
 * An AVI as a video photo: its headers' facts, a poster (a Motion-JPEG AVI's first frame; a
 * stand-in otherwise) and, always, a note for Problems: no browser plays an AVI.
 */
export async function readAvi(reader: RandomAccess, longest: number): Promise<VideoRead> {
  const avi = await readAviHeaders(reader);
  const poster = await motionJpegPoster(reader, avi, longest);
  const info = { durationS: avi.durationS, codec: avi.codec, ...(avi.fps ? { fps: avi.fps } : {}), decodable: false };
  const size = { width: poster && !avi.width ? poster.width : avi.width, height: poster && !avi.height ? poster.height : avi.height };
  const note = poster
    ? `AVI video (${avi.codec}): browsers cannot play AVI files; the file is listed with its first frame, length and date.`
    : `AVI video (${avi.codec}): browsers cannot play AVI files, and its frames could not be shown; the file is listed with its length and date.`;
  return { info, meta: avi.meta, ...size, poster: poster ?? standIn(size.width || 320, size.height || 240, longest), note, standIn: !poster };
}
