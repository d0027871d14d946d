import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { boxFromCentre, boxFromRectangle, centreOf, mpRegions, mwgRegions, rectangleOf } from '../../src/imaging/xmp/regions';
import { applyXmpFacts, leavesOf, parseXmpCoordinate, readXmp } from '../../src/imaging/xmp/xmp-read';
import { mergeXmp, xmpCoordinate } from '../../src/imaging/xmp/xmp-write';
import { EVERY_FIELD } from '../fixtures/sidecars/every-field';
import { XmpError } from '../../src/imaging/xmp/xmp-tree';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/sidecars/${name}`, import.meta.url), 'utf8');
const DIGIKAM = fixture('digikam.jpg.xmp');
const LIGHTROOM = fixture('lightroom.xmp');

const close = (a: readonly number[], b: readonly number[]) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i] as number, 5));

describe('region maths', () => {
  it('MWG areas are centre-based, Microsoft rectangles top-left; both become the same corner box', () => {
    close(boxFromCentre(0.5, 0.4, 0.2, 0.3) as number[], [0.4, 0.25, 0.6, 0.55]);
    close(boxFromRectangle('0.4, 0.25, 0.2, 0.3') as number[], [0.4, 0.25, 0.6, 0.55]);
    const c = centreOf([0.4, 0.25, 0.6, 0.55]);
    close([c.x, c.y, c.w, c.h], [0.5, 0.4, 0.2, 0.3]);
    expect(rectangleOf([0.4, 0.25, 0.6, 0.55])).toBe('0.4, 0.25, 0.2, 0.3');
  });

  it('a box running off the picture is clipped; an empty or garbled one is refused', () => {
    close(boxFromCentre(0.95, 0.5, 0.2, 0.2) as number[], [0.85, 0.4, 1, 0.6]);
    expect(boxFromCentre(0.5, 0.5, 0, 0.1)).toBeUndefined();
    expect(boxFromRectangle('0.1, 0.2, x, 0.3')).toBeUndefined();
    expect(boxFromRectangle('0.1, 0.2, 0.3')).toBeUndefined();
  });

  it('MWG areas in pixels are divided by AppliedToDimensions', () => {
    const regions = mwgRegions({
      'mwg-rs:AppliedToDimensions': { 'stDim:w': '1000', 'stDim:h': '500', 'stDim:unit': 'pixel' },
      'mwg-rs:RegionList': [{ 'mwg-rs:Name': 'Ann', 'mwg-rs:Area': { 'stArea:x': '500', 'stArea:y': '250', 'stArea:w': '100', 'stArea:h': '50', 'stArea:unit': 'pixel' } }],
    });
    expect(regions).toHaveLength(1);
    close(regions[0]?.box ?? [], [0.45, 0.45, 0.55, 0.55]);
    expect(mpRegions({ 'MPRI:Regions': [{ 'MPReg:Rectangle': '0, 0, 0.5, 0.5' }] })).toEqual([{ box: [0, 0, 0.5, 0.5], type: 'Face' }]);
  });
});

describe('reading sidecars', () => {
  it('a digiKam sidecar: rating, title, description, keywords, tag paths, GPS, date and one face from MWG and MP', () => {
    const facts = readXmp(DIGIKAM);
    expect(facts).toMatchObject({ rating: 4, title: 'Tram 28 & the castle', description: 'Riding up to São Jorge', keywords: ['Lisbon', 'Ann Lee', 'Tram'] });
    expect(facts.hierarchical).toEqual(['Places|Portugal|Lisbon', 'People|Ann Lee', 'Tram']);
    expect(facts.takenAt).toBe(Date.UTC(2019, 6, 14, 10, 22, 5));
    expect(facts.gps?.lat).toBeCloseTo(38.71, 6);
    expect(facts.gps?.lng).toBeCloseTo(-9.14, 6);
    // The MWG and the Microsoft region are the same face: it is counted once.
    expect(facts.regions).toHaveLength(1);
    expect(facts.regions?.[0]?.name).toBe('Ann Lee');
    close(facts.regions?.[0]?.box ?? [], [0.4, 0.25, 0.6, 0.55]);
  });

  it('a Lightroom sidecar, whose prefix for xmp: is xap:, with the zone of photoshop:DateCreated', () => {
    const facts = readXmp(LIGHTROOM);
    expect(facts).toMatchObject({ rating: 5, title: 'Harbour at dusk', keywords: ['boats', 'Porto'], hierarchical: ['Places|Portugal|Porto', 'boats'] });
    expect(facts.takenAt).toBe(Date.UTC(2021, 2, 4, 18, 30, 0));
    expect(facts.takenAtOffset).toBe('+01:00');
  });

  it('coordinates in XMP form, both hemispheres', () => {
    expect(parseXmpCoordinate('38,42.6N')).toBeCloseTo(38.71, 9);
    expect(parseXmpCoordinate('33,51,24.48S')).toBeCloseTo(-33.8568, 9);
    expect(parseXmpCoordinate('9,8.4W')).toBeCloseTo(-9.14, 9);
    expect(parseXmpCoordinate(xmpCoordinate(-70.6483, 'E', 'W'))).toBeCloseTo(-70.6483, 6);
    expect(parseXmpCoordinate('north')).toBeUndefined();
  });

  it("lays a sidecar over the file's own metadata: what it says wins, keywords join, album paths are not labels", () => {
    const meta = applyXmpFacts({ keywords: ['tram', 'Holiday'], rating: 1, title: 'IMG_0001', warnings: [] }, { ...readXmp(DIGIKAM), hierarchical: ['Albums|Best of', 'Places|Portugal|Lisbon'] });
    expect(meta.rating).toBe(4);
    expect(meta.title).toBe('Tram 28 & the castle');
    expect(meta.keywords).toEqual(['tram', 'Holiday', 'Lisbon', 'Ann Lee']);
    expect(meta.hierarchicalKeywords).toEqual(['Albums|Best of', 'Places|Portugal|Lisbon']);
    expect(leavesOf(['Albums|Best of', 'People|Ann Lee', 'solo'])).toEqual(['Ann Lee', 'solo']);
  });

  it('an empty packet says nothing, and is no error', () => {
    expect(readXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"/>')).toEqual({});
  });

  it('text that is not XMP, or XMP that is not well-formed, is an XmpError', () => {
    expect(() => readXmp('hello')).toThrow(XmpError);
    expect(() => readXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description></x:xmpmeta>')).toThrow(/not well-formed/);
  });
});

describe('writing sidecars', () => {
  it('a new sidecar carries every field and reads back the same', () => {
    const facts = readXmp(mergeXmp(undefined, EVERY_FIELD));
    expect(facts).toMatchObject({ rating: 3, title: EVERY_FIELD.title, description: EVERY_FIELD.description, keywords: EVERY_FIELD.keywords, hierarchical: EVERY_FIELD.hierarchical });
    expect(facts.takenAt).toBe(EVERY_FIELD.takenAt?.at);
    expect(facts.takenAtOffset).toBe('+01:00');
    expect(facts.gps?.lat).toBeCloseTo(-33.8568, 6);
    expect(facts.gps?.lng).toBeCloseTo(-70.6483, 6);
    expect(facts.gps?.alt).toBe(520);
    expect(facts.regions?.map((r) => r.name)).toEqual(['Ann Lee', 'Bob']);
    close(facts.regions?.[0]?.box ?? [], [0.1, 0.2, 0.3, 0.5]);
    close(facts.regions?.[1]?.box ?? [], [0.6, 0.1, 0.7, 0.25]);
  });

  it('the Microsoft regions it writes say the same boxes as the MWG ones', () => {
    const xml = mergeXmp(undefined, { regions: EVERY_FIELD.regions });
    const rectangles = [...xml.matchAll(/MPReg:Rectangle="([^"]+)"/g)].map((m) => boxFromRectangle(m[1] as string));
    close(rectangles[0] ?? [], [0.1, 0.2, 0.3, 0.5]);
    expect(xml).toContain('stArea:x="0.2" stArea:y="0.35" stArea:w="0.2" stArea:h="0.3"');
    expect(xml).toContain('stDim:w="4000" stDim:h="3000" stDim:unit="pixel"');
  });

  it("merging into a digiKam sidecar keeps every field it does not own, byte for byte", () => {
    const out = mergeXmp(DIGIKAM, { rating: 2, keywords: ['Lisbon', 'Tram', 'night'], hierarchical: ['Places|Portugal|Lisbon', 'Tram', 'night'] });
    for (const kept of [
      'digiKam:ColorLabel="3"', 'digiKam:PickLabel="2"', 'MicrosoftPhoto:Rating="75"', 'xmlns:acdsee="http://ns.acdsee.com/iptc/1.0/"',
      '   <acdsee:notes>kept by digiKam for ACDSee</acdsee:notes>\n',
      '   <digiKam:CaptionsAuthorNames>\n    <rdf:Alt>\n     <rdf:li xml:lang="x-default">Bob</rdf:li>\n    </rdf:Alt>\n   </digiKam:CaptionsAuthorNames>\n',
      DIGIKAM.slice(DIGIKAM.indexOf('   <dc:title>'), DIGIKAM.indexOf('   <dc:subject>')),
      DIGIKAM.slice(DIGIKAM.indexOf('   <mwg-rs:Regions'), DIGIKAM.indexOf('   <acdsee:notes>')),
      DIGIKAM.slice(0, DIGIKAM.indexOf('  <rdf:Description')),
    ]) expect(out).toContain(kept);
    expect(out.endsWith('</x:xmpmeta>\n<?xpacket end="w"?>\n')).toBe(true);
    // The replaced properties are gone from where they were (no second, stale value).
    expect(out).not.toContain('xmp:Rating="4"');
    expect(out).not.toContain('People/Ann Lee');
    const facts = readXmp(out);
    expect(facts).toMatchObject({ rating: 2, keywords: ['Lisbon', 'Tram', 'night'], hierarchical: ['Places|Portugal|Lisbon', 'Tram', 'night'], title: 'Tram 28 & the castle' });
    expect(facts.regions?.[0]?.name).toBe('Ann Lee');
  });

  it('merging into a Lightroom sidecar replaces xap:Rating (another prefix, same namespace) and keeps its develop settings', () => {
    const out = mergeXmp(LIGHTROOM, { rating: 1, title: 'Harbour at night' });
    expect(out).not.toContain('xap:Rating');
    expect(out).not.toContain('Harbour at dusk');
    for (const kept of ['xap:Label="Red"', 'crs:Exposure2012="+0.35"', 'crs:HasSettings="True">', '<rdf:li>255, 255</rdf:li>', 'xmpMM:DocumentID="xmp.did:4f1b8a2e-0c47-4d8e-9d0e-6f2f6a1c7b11"', LIGHTROOM.slice(LIGHTROOM.indexOf('   <dc:subject>'), LIGHTROOM.indexOf('  </rdf:Description>'))]) {
      expect(out).toContain(kept);
    }
    expect(readXmp(out)).toMatchObject({ rating: 1, title: 'Harbour at night', keywords: ['boats', 'Porto'] });
  });

  it('writing what the sidecar already says changes nothing; writing again after a change leaves no empty description behind', () => {
    expect(mergeXmp(DIGIKAM, { rating: 4, title: 'Tram 28 & the castle' })).toBe(DIGIKAM);
    const once = mergeXmp(DIGIKAM, EVERY_FIELD);
    expect(mergeXmp(once, EVERY_FIELD)).toBe(once);
    const twice = mergeXmp(once, { ...EVERY_FIELD, rating: 5 });
    expect(twice.match(/<rdf:Description/g)).toHaveLength(3);
    expect(readXmp(twice).rating).toBe(5);
    const back = mergeXmp(twice, { ...EVERY_FIELD, rating: 5, title: null });
    expect(readXmp(back).title).toBeUndefined();
  });

  it('a sidecar that is not XMP is refused, not overwritten', () => {
    expect(() => mergeXmp('just some notes', { rating: 1 })).toThrow(XmpError);
  });
});
