/**
 * Draw an image upright for EXIF orientation 1–8. Only for pixels the browser did not already
 * turn: an embedded EXIF thumbnail is a JPEG of its own, without the main image's orientation,
 * so `createImageBitmap` leaves it as stored. Full images are never turned here.
 */
export function drawUpright(source: ImageBitmap, orientation = 1): OffscreenCanvas {
  const swap = orientation >= 5 && orientation <= 8;
  const w = source.width;
  const h = source.height;
  const canvas = new OffscreenCanvas(swap ? h : w, swap ? w : h);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas is not available in this worker');
  // The transform maps stored pixels to displayed ones (the EXIF definitions, as a matrix).
  const transforms: Record<number, [number, number, number, number, number, number]> = {
    2: [-1, 0, 0, 1, w, 0],
    3: [-1, 0, 0, -1, w, h],
    4: [1, 0, 0, -1, 0, h],
    5: [0, 1, 1, 0, 0, 0],
    6: [0, 1, -1, 0, h, 0],
    7: [0, -1, -1, 0, h, w],
    8: [0, -1, 1, 0, 0, w],
  };
  const t = transforms[orientation];
  if (t) ctx.setTransform(...t);
  ctx.drawImage(source, 0, 0);
  return canvas;
}
