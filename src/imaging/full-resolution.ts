import { decodeHeic } from './heic';
import { readPixelSize } from './image-size';
import { rawPicture } from './index-raw';
import { MAX_PICTURE_BYTES, MAX_PIXELS } from './index-file';
import { HEAD_BYTES, needsDecoding, sniffMediaType } from './media-type';
import { sliceReader } from './raw-preview';
import { toCanvas } from './resize';

/**
 * The whole picture of a file an `<img>` cannot show, for the viewer, as a JPEG: a HEIC decoded
 * here at full resolution, a RAW's largest embedded JPEG (read alone, with the RAW's orientation
 * written in). The page runs it in a worker of its own and ends the worker after, so the
 * decoder's memory (hundreds of MB for 48 MP) goes with it.
 */
export async function fullResolution(source: FileSystemFileHandle | File): Promise<Blob> {
  const file = source instanceof File ? source : await source.getFile();
  const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  const type = sniffMediaType(head);
  if (type?.kind === 'raw' && type.supported) {
    const picture = await rawPicture(sliceReader(file, head), head, type);
    if (picture.kind === 'none') throw new Error(picture.reason);
    return new Blob([picture.jpeg as BlobPart], { type: 'image/jpeg' });
  }
  if (!type || !needsDecoding(type.mime)) throw new Error('The browser shows this file as it is.');
  if (file.size > MAX_PICTURE_BYTES) throw new Error('The file is too large to open safely.');
  const bytes = new Uint8Array(await file.arrayBuffer());
  const size = readPixelSize(type.mime, bytes);
  if (size && size.width * size.height > MAX_PIXELS) throw new Error('The picture is too large to open safely.');
  const decoded = await decodeHeic(bytes);
  const canvas = toCanvas(decoded.source, decoded);
  decoded.close();
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
}
