import type { EncodedImage } from '../catalog/types';
import { readMeta, readThumbnail } from './metadata';
import type { IndexRequest } from './index-file';
import { sniffMediaType } from './media-type';
import { drawUpright } from './orient';
import { encode } from './resize';

/** Cameras put the EXIF block (and its thumbnail, ≤ 64 KB by the standard) at the very start. */
const HEAD_BYTES = 256 * 1024;

export interface Peek {
  fileId: number;
  name: string;
  takenAt?: number;
  thumb: EncodedImage;
}

/**
 * A first look at a queued file, cheap enough to run for every file before any full decode:
 * the file's head only, its embedded thumbnail turned upright, and its date. Undefined when the
 * file has no embedded thumbnail (or is not what it claims): its real tile will come with indexing.
 */
export async function peekFile({ fileId, source }: IndexRequest): Promise<Peek | undefined> {
  try {
    const file = source instanceof File ? source : await source.getFile();
    const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
    if (sniffMediaType(head)?.mime !== 'image/jpeg') return undefined;
    const thumbnail = await readThumbnail(head, 'image/jpeg');
    if (!thumbnail) return undefined;
    const meta = await readMeta(head, 'image/jpeg');
    const bitmap = await createImageBitmap(new Blob([thumbnail as BlobPart], { type: 'image/jpeg' }));
    const canvas = drawUpright(bitmap, meta.orientation);
    bitmap.close();
    const blob = await encode(canvas);
    return { fileId, name: file.name, takenAt: meta.takenAt, thumb: { blob, width: canvas.width, height: canvas.height } };
  } catch {
    // A first look that fails costs nothing: the full indexing will say what is wrong.
    return undefined;
  }
}
