import { describe as group, expect, it } from 'vitest';
import { barOf, describe, iou, MIRROR_MARGIN, nearMiss, portraitNeedsFace, suppress, type Detection } from '../../src/vision/detections';
import { CATEGORIES, categoryOf } from '../../models/taxonomy';
import { COCO_LABELS } from '../../models/coco-labels';
import { composeLabels, ruleLabels } from '../../src/catalog/label-repo';
import { isNsfw } from '../../src/vision/nsfw-rule';

const det = (label: string, score: number, box: Detection['box'] = [0.1, 0.1, 0.3, 0.3]): Detection => ({ label, score, box });

group('taxonomy', () => {
  it('puts every COCO label in exactly one category', () => {
    const all = Object.values(CATEGORIES).flat();
    expect(new Set(all).size).toBe(all.length);
    expect([...COCO_LABELS].sort()).toEqual([...all].sort());
  });
  it('maps what people search for: cats and dogs are animals, couches furniture, pizza food', () => {
    expect(['cat', 'dog', 'horse', 'bird'].map(categoryOf)).toEqual(['animal', 'animal', 'animal', 'animal']);
    expect(categoryOf('couch')).toBe('furniture');
    expect(categoryOf('pizza')).toBe('food');
    expect(categoryOf('car')).toBe('vehicle');
    expect(categoryOf('person')).toBe('people');
    expect(categoryOf('panorama')).toBeUndefined();
  });
});

group('non-max suppression', () => {
  it('keeps the best of overlapping boxes of one label, and boxes of other labels', () => {
    const kept = suppress([det('cat', 0.9), det('cat', 0.8, [0.11, 0.1, 0.31, 0.3]), det('car', 0.7), det('cat', 0.6, [0.6, 0.6, 0.9, 0.9]), det('cat', 0.1, [0, 0, 1, 1])]);
    expect(kept.map((d) => [d.label, d.score])).toEqual([['cat', 0.9], ['car', 0.7], ['cat', 0.6]]);
  });
  it('measures overlap as intersection over union', () => {
    expect(iou([0, 0, 1, 1], [0, 0, 1, 1])).toBe(1);
    expect(iou([0, 0, 1, 1], [2, 2, 3, 3])).toBe(0);
    expect(iou([0, 0, 2, 1], [1, 0, 3, 1])).toBeCloseTo(1 / 3);
  });
});

group('describe', () => {
  it('finds a cat as a cat and an animal', () => {
    expect(describe([det('cat', 0.8)])).toEqual({ labels: [{ name: 'cat', score: 0.8 }], categories: ['animal'], people: 0 });
  });
  it('counts people; three or more make a group; one filling the frame is a portrait', () => {
    const three = [det('person', 0.9, [0, 0, 0.2, 0.5]), det('person', 0.8, [0.3, 0, 0.5, 0.5]), det('person', 0.7, [0.6, 0, 0.8, 0.5])];
    expect(describe(three)).toMatchObject({ people: 3, categories: ['people'] });
    expect(describe(three).labels.map((l) => l.name)).toEqual(['person', 'group']);
    expect(describe([det('person', 0.9, [0.2, 0.05, 0.8, 0.95])]).labels.map((l) => l.name)).toEqual(['person', 'portrait']);
    expect(describe([det('person', 0.9, [0.45, 0.45, 0.55, 0.55])]).labels.map((l) => l.name)).toEqual(['person']);
  });
  it('calls one person filling the frame a portrait only when a face was found there, where faces were looked for', () => {
    const filling = describe([det('person', 0.9, [0.2, 0.05, 0.8, 0.95])]);
    expect(portraitNeedsFace(filling, 0).labels.map((l) => l.name)).toEqual(['person']);
    expect(portraitNeedsFace(filling, 1).labels.map((l) => l.name)).toEqual(['person', 'portrait']);
    expect(portraitNeedsFace(filling, undefined).labels.map((l) => l.name)).toEqual(['person', 'portrait']);
  });
  it('ignores what the model is unsure of', () => {
    expect(describe([det('tie', 0.3), det('handbag', 0.25)])).toEqual({ labels: [], categories: [], people: 0 });
  });
  it('looks at the mirror image only after a near miss: a candidate just under its own bar', () => {
    const bar = barOf('cup');
    expect(nearMiss([det('cup', bar - MIRROR_MARGIN / 2)])).toBe(true);
    expect(nearMiss([det('cup', bar - MIRROR_MARGIN * 2), det('book', barOf('book') + 0.1)])).toBe(false);
    expect(nearMiss([det('cup', bar)])).toBe(false);
    // Each label's own bar: a score near one label's bar is far under a higher one's.
    expect(barOf('donut')).toBeGreaterThan(barOf('cup') + MIRROR_MARGIN);
    expect(nearMiss([det('donut', bar - 0.01)])).toBe(false);
    expect(nearMiss([])).toBe(false);
  });
});

group('composeLabels', () => {
  const photo = { width: 4000, height: 3000, mediaType: 'image/jpeg', make: 'Canon', model: 'EOS' };
  it('lower-cases, adds categories, and applies the person’s additions and removals', () => {
    const out = composeLabels(photo, [{ name: 'Cat', score: 0.9 }, { name: 'couch', score: 0.5 }], { addedLabels: ['Birthday'], removedLabels: ['couch'] });
    expect(out.labels).toEqual(['cat', 'birthday']);
    expect(out.categories).toEqual(['animal']);
    expect(out.labelInfo).toEqual([{ name: 'cat', source: 'model', score: 0.9 }, { name: 'birthday', source: 'user' }]);
  });
  it('keywords other tools wrote into the file become labels (source xmp), unless removed', () => {
    const out = composeLabels({ ...photo, keywords: ['Grandma', 'Lake Como'] }, [{ name: 'person', score: 0.8 }], { removedLabels: ['lake como'] });
    expect(out.labelInfo).toEqual([{ name: 'person', source: 'model', score: 0.8 }, { name: 'grandma', source: 'xmp' }]);
  });

  it('a removed model label does not come back when the model finds it again', () => {
    const again = composeLabels(photo, [{ name: 'couch', score: 0.99 }], { removedLabels: ['couch'] });
    expect(again.labels).toEqual([]);
  });
  it('derives panorama and screenshot from shape and origin', () => {
    expect(ruleLabels({ width: 6000, height: 2000, mediaType: 'image/jpeg', make: 'Apple' })).toEqual(['panorama']);
    expect(ruleLabels({ width: 1170, height: 2532, mediaType: 'image/png' })).toEqual(['screenshot']);
    expect(ruleLabels({ width: 1920, height: 1080, mediaType: 'image/png', make: 'Canon' })).toEqual([]);
    expect(ruleLabels({ width: 1000, height: 700, mediaType: 'image/png' })).toEqual([]);
  });
});

group('NSFW rule', () => {
  const scores = (s: Partial<Record<'Drawing' | 'Hentai' | 'Neutral' | 'Porn' | 'Sexy', number>>) => ({ Drawing: 0, Hentai: 0, Neutral: 0, Porn: 0, Sexy: 0, ...s });
  it('flags clearly explicit photos only', () => {
    expect(isNsfw(scores({ Porn: 0.93 }))).toBe(true);
    expect(isNsfw(scores({ Hentai: 0.91 }))).toBe(true);
    expect(isNsfw(scores({ Porn: 0.5, Hentai: 0.46 }))).toBe(true);
    expect(isNsfw(scores({ Sexy: 0.98 }))).toBe(true);
  });
  it('does not hide the party photos MobileNetV2 over-rates (measured: Porn 0.46–0.75)', () => {
    expect(isNsfw(scores({ Porn: 0.745, Sexy: 0.12, Neutral: 0.11 }))).toBe(false);
    expect(isNsfw(scores({ Porn: 0.66, Sexy: 0.18, Hentai: 0.14 }))).toBe(false);
    expect(isNsfw(undefined)).toBe(false);
  });
});
