/** Where face-api's recognition network wants a face: the chip's geometry, pure arithmetic (src/vision/faces.ts cuts it). */

/** The recognition network's input: a 150 px square chip. */
export const CHIP = 150;

export type Point = { x: number; y: number };
export const mean = (points: readonly Point[]): Point => ({
  x: points.reduce((s, p) => s + p.x, 0) / points.length,
  y: points.reduce((s, p) => s + p.y, 0) / points.length,
});

/**
 * The similarity transform that cuts the face chip the recognition network expects: face-api's
 * dlib alignment (a square of eye-to-mouth distance / 0.45, the eyes-and-mouth centroid at
 * 50 % across and 43 % down) turned so the eyes are level. Returned in tf.image.transform's
 * form: it maps each output pixel to the input pixel it samples.
 */
export function alignment(leftEye: Point, rightEye: Point, mouth: Point, chip = CHIP): number[] {
  const ref = mean([leftEye, rightEye, mouth]);
  const toMouth = (p: Point) => Math.hypot(mouth.x - p.x, mouth.y - p.y);
  const size = (toMouth(leftEye) + toMouth(rightEye)) / 2 / 0.45;
  const angle = Math.atan2(rightEye.y - leftEye.y, rightEye.x - leftEye.x);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const s = size / chip;
  const ox = -0.5 * size;
  const oy = -0.43 * size;
  return [cos * s, -sin * s, ref.x + cos * ox - sin * oy, sin * s, cos * s, ref.y + sin * ox + cos * oy, 0, 0];
}

/**
 * The canvas transform that draws the chip `alignment` describes: the inverse of its
 * output-to-input map, with pixel centres matched (tf samples input index A·x + t for output index x).
 */
export function canvasTransform([a0, a1, a2, b0, b1, b2]: number[]): [number, number, number, number, number, number] {
  const [p, q, r, s] = [a0 as number, a1 as number, b0 as number, b1 as number];
  const det = p * s - q * r;
  // Continuous coordinates: input = A·output + t + 0.5 − A·(0.5, 0.5).
  const tx = (a2 as number) + 0.5 - 0.5 * (p + q);
  const ty = (b2 as number) + 0.5 - 0.5 * (r + s);
  const [a, b, c, d] = [s / det, -r / det, -q / det, p / det];
  return [a, b, c, d, -(a * tx + c * ty), -(b * tx + d * ty)];
}
