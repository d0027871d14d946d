import { decodeHeic } from './heic';
import { readPixelSize } from './image-size';
import { MAX_PICTURE_BYTES, MAX_PIXELS } from './index-file';
import { HEAD_BYTES, needsDecoding, sniffMediaType } from './media-type';
import { toCanvas } from './resize';

/**
 * The whole picture of a file an `<img>` cannot show (HEIC), decoded here and handed back as a
 * JPEG at full resolution, for the viewer. The page runs it in a worker of its own and ends the
 * worker after, so the decoder's memory (hundreds of MB for 48 MP) goes with it.
 */
export async function fullResolution(source: FileSystemFileHandle | File): Promise<Blob> {
  const file = source instanceof File ? source : await source.getFile();
  const type = sniffMediaType(new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer()));
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
