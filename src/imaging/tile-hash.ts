import { perceptualHash } from './phash';

/**
 * Perceptual hashes of stored tiles (WebP blobs), for photos indexed before Shoebox hashed them:
 * the same hash indexing takes from the tile before encoding, here from the encoded tile, so the
 * originals are not read again. A tile that cannot be decoded answers undefined.
 */
export async function hashTiles(tiles: readonly Blob[]): Promise<(string | undefined)[]> {
  const out: (string | undefined)[] = [];
  for (const tile of tiles) {
    try {
      const bitmap = await createImageBitmap(tile);
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
      ctx.drawImage(bitmap, 0, 0);
      bitmap.close();
      out.push(perceptualHash(ctx.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height));
    } catch {
      out.push(undefined);
    }
  }
  return out;
}
