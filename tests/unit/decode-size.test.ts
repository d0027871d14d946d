import { describe, expect, it } from 'vitest';
import { desiredDecodeSize } from '../../src/imaging/decode';
import { fitWithin } from '../../src/imaging/resize';

describe('desiredDecodeSize', () => {
  it('asks for twice the largest output, never less, keeping the aspect', () => {
    expect(desiredDecodeSize({ width: 8000, height: 6000 }, 1600)).toEqual({ desiredWidth: 3200, desiredHeight: 2400 });
    expect(desiredDecodeSize({ width: 3000, height: 9000 }, 1600)).toEqual({ desiredWidth: 1067, desiredHeight: 3200 });
  });
  it('asks a JPEG for the DCT scale (1/2, 1/4, 1/8) that still covers the output, so nothing else resamples it', () => {
    expect(desiredDecodeSize({ width: 4000, height: 3000 }, 1600, 'image/jpeg')).toEqual({ desiredWidth: 2000, desiredHeight: 1500 });
    expect(desiredDecodeSize({ width: 6001, height: 4001 }, 1600, 'image/jpeg')).toEqual({ desiredWidth: 3001, desiredHeight: 2001 });
    expect(desiredDecodeSize({ width: 12800, height: 9600 }, 1600, 'image/jpeg')).toEqual({ desiredWidth: 1600, desiredHeight: 1200 });
    expect(desiredDecodeSize({ width: 24000, height: 16000 }, 1600, 'image/jpeg')).toEqual({ desiredWidth: 3000, desiredHeight: 2000 });
    // Under twice the output: whole (no scale covers it), never Chromium's own eighths.
    expect(desiredDecodeSize({ width: 1350, height: 1920 }, 1600, 'image/jpeg')).toEqual({ desiredWidth: 1350, desiredHeight: 1920 });
    expect(desiredDecodeSize({ width: 3198, height: 2000 }, 1600, 'image/jpeg')).toEqual({ desiredWidth: 3198, desiredHeight: 2000 });
    expect(desiredDecodeSize({ width: 3199, height: 2000 }, 1600, 'image/jpeg')).toEqual({ desiredWidth: 1600, desiredHeight: 1000 });
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
