import { describe, expect, it } from 'vitest';
import { bothLooks, FACE_IOU, FACE_MIN_SCORE, FACE_NEAR_MISS, nearMissFace, type Located } from '../../src/vision/faces';

describe('faces from a picture and its mirror image', () => {
  const width = 400;
  it('keeps a face only the mirror image found, its box turned back', () => {
    const first: Located[] = [{ score: 0.8, box: [10, 20, 60, 80] }];
    // Found in the mirror image at x 300–350: in the picture it is at x 50–100.
    const mirrored: Located[] = [{ score: 0.7, box: [300, 100, 350, 160] }];
    expect(bothLooks(first, mirrored, width)).toEqual([
      { score: 0.8, box: [10, 20, 60, 80] },
      { score: 0.7, box: [50, 100, 100, 160] },
    ]);
  });

  it('keeps a face both looks found once, with the better score and box', () => {
    const first: Located[] = [{ score: 0.6, box: [100, 100, 160, 170] }];
    const mirrored: Located[] = [{ score: 0.9, box: [242, 102, 302, 172] }];
    expect(bothLooks(first, mirrored, width)).toEqual([{ score: 0.9, box: [98, 102, 158, 172] }]);
    expect(bothLooks([{ score: 0.7, box: [100, 100, 160, 170] }], [{ score: 0.5, box: [240, 100, 300, 170] }], width)).toEqual([{ score: 0.7, box: [100, 100, 160, 170] }]);
  });

  it('keeps two faces side by side that overlap less than face-api’s suppression allows', () => {
    // Two boxes of 60 × 60 overlapping by 20 px: IoU 1200 / 6000 = 0.2.
    const pair: Located[] = [{ score: 0.8, box: [0, 0, 60, 60] }, { score: 0.7, box: [40, 0, 100, 60] }];
    expect(FACE_IOU).toBeGreaterThan(0.2);
    expect(bothLooks(pair, [], width)).toHaveLength(2);
    expect(bothLooks([], [], width)).toEqual([]);
  });

  it('keeps no candidate under the bar: a near miss of either look stays out unless the other look is sure of it', () => {
    // The labelled set's case (models/FACES.md): 0.36 in the picture, 0.58 in the mirror image.
    const first: Located[] = [{ score: 0.8, box: [10, 20, 60, 80] }, { score: 0.36, box: [200, 50, 250, 110] }, { score: 0.41, box: [300, 300, 340, 350] }];
    const mirrored: Located[] = [{ score: 0.58, box: [150, 52, 200, 112] }, { score: 0.44, box: [10, 10, 40, 40] }];
    expect(bothLooks(first, mirrored, width)).toEqual([
      { score: 0.8, box: [10, 20, 60, 80] },
      { score: 0.58, box: [200, 52, 250, 112] },
    ]);
    expect(bothLooks(first, [], width)).toEqual([{ score: 0.8, box: [10, 20, 60, 80] }]);
  });
});

describe('when the mirror image is looked at', () => {
  it('only after a candidate between the near-miss score and the bar', () => {
    expect(FACE_NEAR_MISS).toBeLessThan(0.36);
    expect(nearMissFace([{ score: 0.36, box: [0, 0, 9, 9] }])).toBe(true);
    expect(nearMissFace([{ score: 0.9, box: [0, 0, 9, 9] }, { score: FACE_NEAR_MISS, box: [20, 0, 29, 9] }])).toBe(true);
    expect(nearMissFace([{ score: FACE_MIN_SCORE - 0.001, box: [0, 0, 9, 9] }])).toBe(true);
    // Sure faces only, nothing at all, or candidates too weak to matter: one look.
    expect(nearMissFace([{ score: FACE_MIN_SCORE, box: [0, 0, 9, 9] }, { score: 0.95, box: [20, 0, 29, 9] }])).toBe(false);
    expect(nearMissFace([])).toBe(false);
    expect(nearMissFace([{ score: FACE_NEAR_MISS - 0.01, box: [0, 0, 9, 9] }])).toBe(false);
  });
});
