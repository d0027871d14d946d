import { describe, expect, it } from 'vitest';
import { rgbFloats } from '../../src/vision/pixels';

describe('a model’s input from a picture’s bytes', () => {
  const picture = (bytes: number[], width: number) => ({ data: Uint8ClampedArray.from(bytes), width, height: bytes.length / 4 / width, colorSpace: 'srgb' }) as ImageData;

  it('keeps red, green and blue, drops alpha, and divides each by the divisor asked for', () => {
    const two = picture([255, 0, 51, 9, 10, 20, 30, 255], 2);
    expect([...rgbFloats(two)]).toEqual([255, 0, 51, 10, 20, 30]);
    expect(rgbFloats(two, 255)).toEqual(Float32Array.from([1, 0, 51 / 255, 10 / 255, 20 / 255, 30 / 255]));
  });

  it('hands back the same array for the same size, refilled', () => {
    const a = rgbFloats(picture([1, 2, 3, 4], 1));
    const b = rgbFloats(picture([5, 6, 7, 8], 1));
    expect(b).toBe(a);
    expect([...b]).toEqual([5, 6, 7]);
  });
});
