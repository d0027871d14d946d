/**
 * Decoding, in a worker: reduced-scale where WebCodecs allows it, and partial decoding of damaged
 * files, so a truncated JPEG still shows what it holds instead of failing.
 */
import { DecodeError, type Decoded } from './decoded';
import { decodeHeic } from './heic';

const hasImageDecoder = (): boolean => typeof ImageDecoder !== 'undefined';

function fromFrame(frame: VideoFrame, partial: boolean): Decoded {
  return { source: frame, width: frame.displayWidth, height: frame.displayHeight, partial, close: () => frame.close() };
}

function fromBitmap(bitmap: ImageBitmap, partial: boolean): Decoded {
  return { source: bitmap, width: bitmap.width, height: bitmap.height, partial, close: () => bitmap.close() };
}

/**
 * Size to ask the decoder for, never more than the picture has.
 * - A JPEG: the DCT's own scale (1/2, 1/4 or 1/8), the smallest that still covers the largest
 *   output. libjpeg scales by these exactly (ceil(side / 2^k)), so Chromium's ImageDecoder hands
 *   back the DCT's pixels without resampling them itself, and Lanczos makes every output from
 *   them: a 12 MP photo decodes at 2000×1500, not at 4000×3000 then scaled to 3200×2400. A picture
 *   under twice the output decodes whole, as before (asking for less made Chromium scale it by
 *   eighths and its own filter, and moved borderline labels: sample3.jpg became a "portrait").
 * - Anything else (a HEIC is scaled by createImageBitmap after libheif, to exactly what is
 *   asked): twice the largest output, so Lanczos keeps its quality (measured: no SSIM loss ≥ 2×).
 */
export function desiredDecodeSize(stored: { width: number; height: number }, longestOutput: number, mime = '') {
  const long = Math.max(stored.width, stored.height);
  if (mime === 'image/jpeg') {
    let step = 1;
    while (step < 8 && Math.ceil(long / (step * 2)) >= longestOutput) step *= 2;
    return { desiredWidth: Math.ceil(stored.width / step), desiredHeight: Math.ceil(stored.height / step) };
  }
  const scale = Math.min(1, (2 * longestOutput) / long);
  return { desiredWidth: Math.ceil(stored.width * scale), desiredHeight: Math.ceil(stored.height * scale) };
}

async function decodeWhole(bytes: Uint8Array, mime: string, desired?: { desiredWidth: number; desiredHeight: number }) {
  if (hasImageDecoder() && mime === 'image/jpeg' && desired) {
    const decoder = new ImageDecoder({ data: bytes, type: mime, ...desired });
    try {
      const { image } = await decoder.decode();
      return fromFrame(image, false);
    } finally {
      decoder.close();
    }
  }
  return fromBitmap(await createImageBitmap(new Blob([bytes as BlobPart], { type: mime })), false);
}

/** How long a stream decoder may wait for rows that will never come. */
const PARTIAL_DECODE_MS = 3000;

/**
 * What is left of a damaged file. A JPEG closed with an End Of Image marker decodes with
 * `createImageBitmap` up to where its data stops (measured in Chromium 156; it fails cleanly when
 * no row survives). Other formats are fed to ImageDecoder as a stream that never ends, which hands
 * back the rows it has (`complete: false`); as it would wait for ever when there are none, it gets
 * a deadline, after which closing it rejects the pending decode.
 */
async function decodePartial(bytes: Uint8Array, mime: string): Promise<Decoded> {
  if (mime === 'image/jpeg') {
    const closed = new Uint8Array(bytes.length + 2);
    closed.set(bytes);
    closed.set([0xff, 0xd9], bytes.length);
    return fromBitmap(await createImageBitmap(new Blob([closed], { type: mime })), true);
  }
  if (hasImageDecoder() && (await ImageDecoder.isTypeSupported(mime))) {
    const data = new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(bytes) });
    const decoder = new ImageDecoder({ data, type: mime });
    const deadline = setTimeout(() => decoder.close(), PARTIAL_DECODE_MS);
    try {
      const { image } = await decoder.decode({ completeFramesOnly: false });
      return fromFrame(image, true);
    } finally {
      clearTimeout(deadline);
      decoder.close();
    }
  }
  throw new DecodeError('the image data is damaged and could not be decoded');
}

export async function decodeImage(
  bytes: Uint8Array,
  mime: string,
  options: { stored?: { width: number; height: number }; longestOutput: number; suspectDamaged: boolean },
): Promise<Decoded> {
  const desired = options.stored ? desiredDecodeSize(options.stored, options.longestOutput, mime) : undefined;
  if (mime === 'image/heic') {
    return decodeHeic(bytes, desired && { width: desired.desiredWidth, height: desired.desiredHeight }).catch((e: unknown) => {
      throw e instanceof DecodeError ? e : new DecodeError((e as Error).message);
    });
  }
  if (!options.suspectDamaged) {
    try {
      return await decodeWhole(bytes, mime, desired);
    } catch {
      // A file can be damaged in ways no header check sees: try what is left.
    }
  }
  try {
    return await decodePartial(bytes, mime);
  } catch {
    throw new DecodeError('the image data is damaged and could not be decoded');
  }
}
