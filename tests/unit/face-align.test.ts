import { describe, expect, it } from 'vitest';
import { alignment, canvasTransform, CHIP } from '../../src/vision/face-align';

/** Where a canvas transform [a, b, c, d, e, f] puts the point (x, y). */
const apply = ([a, b, c, d, e, f]: readonly [number, number, number, number, number, number], x: number, y: number): [number, number] => [a * x + c * y + e, b * x + d * y + f];

describe('the face chip drawn on a canvas', () => {
  // A tilted face: eyes 60 px apart at 20°, the mouth below them.
  const [leftEye, rightEye, mouth] = [{ x: 400, y: 300 }, { x: 456.4, y: 320.5 }, { x: 415, y: 370 }];
  const tf = alignment(leftEye, rightEye, mouth);

  it('puts every chip pixel where tf.image.transform samples it', () => {
    const canvas = canvasTransform(tf);
    const [a0, a1, a2, b0, b1, b2] = tf as [number, number, number, number, number, number];
    for (const [x, y] of [[0, 0], [CHIP - 1, 0], [75, 64], [12, CHIP - 1]] as const) {
      // tf samples input index (a0·x + a1·y + a2, b0·x + b1·y + b2) for output index (x, y): as
      // continuous coordinates, the input point half a pixel on goes to the output pixel's centre.
      const [u, v] = apply(canvas, a0 * x + a1 * y + a2 + 0.5, b0 * x + b1 * y + b2 + 0.5);
      expect(u).toBeCloseTo(x + 0.5, 6);
      expect(v).toBeCloseTo(y + 0.5, 6);
    }
  });

  it('levels the eyes and puts them in the chip’s upper half, apart by a third of it', () => {
    const canvas = canvasTransform(tf);
    const [lx, ly] = apply(canvas, leftEye.x, leftEye.y);
    const [rx, ry] = apply(canvas, rightEye.x, rightEye.y);
    expect(ry).toBeCloseTo(ly, 6);
    expect(ly).toBeGreaterThan(0);
    expect(ly).toBeLessThan(CHIP / 2);
    expect(rx - lx).toBeGreaterThan(CHIP / 4);
    expect(rx - lx).toBeLessThan(CHIP / 2);
  });
});
