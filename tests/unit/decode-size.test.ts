import { describe, expect, it } from 'vitest';
import { desiredDecodeSize } from '../../src/imaging/decode';
import { fitWithin } from '../../src/imaging/resize';

describe('desiredDecodeSize', () => {
  it('asks for twice the largest output, never less, keeping the aspect', () => {
    expect(desiredDecodeSize({ width: 8000, height: 6000 }, 1600)).toEqual({ desiredWidth: 3200, desiredHeight: 2400 });
    expect(desiredDecodeSize({ width: 3000, height: 9000 }, 1600)).toEqual({ desiredWidth: 1067, desiredHeight: 3200 });
  });
  it('never asks for more than the picture has', () => {
    expect(desiredDecodeSize({ width: 3000, height: 2000 }, 1600)).toEqual({ desiredWidth: 3000, desiredHeight: 2000 });
  });
});

describe('fitWithin', () => {
  it('fits the longest side, keeps the aspect and never enlarges', () => {
    expect(fitWithin({ width: 6000, height: 4000 }, 512)).toEqual({ width: 512, height: 341 });
    expect(fitWithin({ width: 4000, height: 6000 }, 1600)).toEqual({ width: 1067, height: 1600 });
    expect(fitWithin({ width: 96, height: 64 }, 512)).toEqual({ width: 96, height: 64 });
  });
});
