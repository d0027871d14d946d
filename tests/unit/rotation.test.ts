import { describe, expect, it } from 'vitest';
import { rotateBox } from '../../src/components/rotation';

describe('a face box in a turned picture', () => {
  // A box near the top-left corner of a picture: x 0.1–0.3, y 0.2–0.6.
  const box = [0.1, 0.2, 0.3, 0.6] as const;
  it('moves with the picture for each quarter turn, clockwise', () => {
    expect(rotateBox(box, 0)).toEqual([0.1, 0.2, 0.3, 0.6]);
    // Turned right, the left edge becomes the top: near the top-right corner.
    expect(rotateBox(box, 90).map((n) => +n.toFixed(6))).toEqual([0.4, 0.1, 0.8, 0.3]);
    expect(rotateBox(box, 180).map((n) => +n.toFixed(6))).toEqual([0.7, 0.4, 0.9, 0.8]);
    // Turned left, the left edge becomes the bottom.
    expect(rotateBox(box, 270).map((n) => +n.toFixed(6))).toEqual([0.2, 0.7, 0.6, 0.9]);
  });
  it('four quarter turns bring it back', () => {
    let b: readonly [number, number, number, number] = box;
    for (let i = 0; i < 4; i++) b = rotateBox(b, 90);
    expect(b.map((n) => +n.toFixed(6))).toEqual([...box]);
    expect(rotateBox(box, -90)).toEqual(rotateBox(box, 270));
  });
});
