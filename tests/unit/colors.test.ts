import { describe, expect, it } from 'vitest';
import { nameColor, summarizeColors } from '../../src/imaging/colors';

const fill = (parts: [rgb: [number, number, number], share: number][], size = 1000) => {
  const out = new Uint8ClampedArray(size * 4);
  let i = 0;
  for (const [[r, g, b], share] of parts) {
    for (let n = 0; n < Math.round(share * size); n++, i += 4) out.set([r, g, b, 255], i);
  }
  return out;
};

describe('colours', () => {
  it('names pixels in PhotoPrism’s palette', () => {
    expect(nameColor(220, 30, 30)).toBe('red');
    expect(nameColor(30, 60, 220)).toBe('blue');
    expect(nameColor(40, 160, 60)).toBe('green');
    expect(nameColor(250, 215, 40)).toBe('yellow');
    expect(nameColor(250, 140, 20)).toBe('orange');
    expect(nameColor(120, 70, 30)).toBe('brown');
    expect(nameColor(255, 182, 193)).toBe('pink');
    expect(nameColor(128, 0, 128)).toBe('purple');
    expect(nameColor(20, 20, 20)).toBe('black');
    expect(nameColor(245, 245, 245)).toBe('white');
    expect(nameColor(128, 128, 128)).toBe('grey');
  });
  it('keeps the colours that cover enough of the picture, most first', () => {
    expect(summarizeColors(fill([[[30, 60, 220], 0.6], [[40, 160, 60], 0.3], [[220, 30, 30], 0.1]]))).toEqual({ colors: ['blue', 'green'], monochrome: false });
  });
  it('flags a greyscale picture as monochrome', () => {
    expect(summarizeColors(fill([[[20, 20, 20], 0.5], [[200, 200, 200], 0.5]]))).toEqual({ colors: ['black', 'grey'], monochrome: true });
  });
});
