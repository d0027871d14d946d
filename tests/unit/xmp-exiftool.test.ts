import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeXmp } from '../../src/imaging/xmp/xmp-write';
import { sidecarUpdate } from '../../src/imaging/xmp/from-photo';
import type { PhotoRow } from '../../src/catalog/types';
import { EVERY_FIELD } from '../fixtures/sidecars/every-field';

/** ExifTool from npm (`exiftool-vendored.pl`, a Perl script): the same reader digiKam's users check with, no apt needed. */
const EXIFTOOL = new URL('../../node_modules/exiftool-vendored.pl/bin/exiftool', import.meta.url).pathname;

type Tags = Record<string, unknown>;
function exiftool(xmp: string): Tags {
  const file = join(mkdtempSync(join(tmpdir(), 'shoebox-xmp-')), 'IMG_0001.jpg.xmp');
  writeFileSync(file, xmp);
  const out = execFileSync('perl', [EXIFTOOL, '-j', '-struct', '-n', '-G1', '-a', file], { encoding: 'utf8' });
  return (JSON.parse(out) as Tags[])[0] as Tags;
}

function expectEveryField(tags: Tags) {
  expect(tags['XMP-xmp:Rating']).toBe(3);
  expect(tags['XMP-dc:Title']).toBe('Grandma & me <3');
  expect(tags['XMP-dc:Description']).toBe('Quotes "here" and \'there\'');
  expect(tags['XMP-dc:Subject']).toEqual(['beach', 'Ann Lee', 'Summer 2019']);
  expect(tags['XMP-lr:HierarchicalSubject']).toEqual(['beach', 'Albums|Summer 2019', 'Places|Portugal|Lisbon']);
  expect(tags['XMP-digiKam:TagsList']).toEqual(['beach', 'Albums/Summer 2019', 'Places/Portugal/Lisbon']);
  expect(tags['XMP-exif:DateTimeOriginal']).toBe('2019:07:14 10:22:05+01:00');
  expect(tags['XMP-xmp:CreateDate']).toBe('2019:07:14 10:22:05+01:00');
  expect(tags['XMP-photoshop:DateCreated']).toBe('2019:07:14 10:22:05+01:00');
  expect(tags['XMP-exif:GPSLatitude'] as number).toBeCloseTo(-33.8568, 6);
  expect(tags['XMP-exif:GPSLongitude'] as number).toBeCloseTo(-70.6483, 6);
  expect(tags['XMP-exif:GPSAltitude']).toBe(520);
  expect(tags['XMP-mwg-rs:RegionInfo']).toEqual({
    AppliedToDimensions: { H: 3000, Unit: 'pixel', W: 4000 },
    RegionList: [
      { Area: { H: 0.3, Unit: 'normalized', W: 0.2, X: 0.2, Y: 0.35 }, Name: 'Ann Lee', Type: 'Face' },
      { Area: { H: 0.15, Unit: 'normalized', W: 0.1, X: 0.65, Y: 0.175 }, Name: 'Bob', Type: 'Face' },
    ],
  });
  expect(tags['XMP-MP:RegionInfoMP']).toEqual({
    Regions: [{ PersonDisplayName: 'Ann Lee', Rectangle: '0.1, 0.2, 0.2, 0.3' }, { PersonDisplayName: 'Bob', Rectangle: '0.6, 0.1, 0.1, 0.15' }],
  });
}

describe('ExifTool reads the sidecars Shoebox writes', () => {
  it('a new sidecar, field by field', () => {
    const tags = exiftool(mergeXmp(undefined, EVERY_FIELD));
    expectEveryField(tags);
    expect(tags.Warning).toBeUndefined();
  });

  it("a digiKam sidecar merged: Shoebox's fields, and digiKam's own still there", () => {
    const digikam = readFileSync(new URL('../fixtures/sidecars/digikam.jpg.xmp', import.meta.url), 'utf8');
    const tags = exiftool(mergeXmp(digikam, EVERY_FIELD));
    expectEveryField(tags);
    expect(tags['XMP-digiKam:ColorLabel']).toBe(3);
    expect(tags['XMP-digiKam:PickLabel']).toBe(2);
    expect(tags['XMP-digiKam:CaptionsAuthorNames']).toBe('Bob');
    expect(tags['XMP-microsoft:RatingPercent']).toBe(75);
    expect(tags.Warning).toBeUndefined();
  });

  it('a date, a place and a turn set in Shoebox: the orientation ExifTool (and digiKam) turn the picture by', () => {
    const photo = {
      id: 'h1', takenAt: Date.UTC(2019, 6, 14, 11, 34), takenAtOffset: '+01:00', takenAtSource: 'exif', width: 640, height: 480, mediaType: 'image/jpeg', name: 'a.jpg', damaged: false, addedAt: 0,
      warnings: [], keywords: [], labels: [], categories: [], labelInfo: [], colors: [], monochrome: false, private: false, hidden: 0,
      gps: { lat: 38.7223, lng: -9.1393 }, orientation: 6, rotation: 90,
      userEdits: { takenAt: Date.UTC(2019, 6, 14, 11, 34), takenAtOffset: '+01:00', gps: { lat: 38.7223, lng: -9.1393 }, rotation: 90 },
    } satisfies PhotoRow;
    const update = sidecarUpdate(photo, []);
    const digikam = readFileSync(new URL('../fixtures/sidecars/digikam.jpg.xmp', import.meta.url), 'utf8');
    for (const xmp of [mergeXmp(undefined, update ?? {}), mergeXmp(digikam, update ?? {})]) {
      const tags = exiftool(xmp);
      expect(tags['XMP-tiff:Orientation']).toBe(3);
      expect(tags['XMP-exif:DateTimeOriginal']).toBe('2019:07:14 11:34:00+01:00');
      expect(tags['XMP-exif:GPSLatitude'] as number).toBeCloseTo(38.7223, 6);
      expect(tags['XMP-exif:GPSLongitude'] as number).toBeCloseTo(-9.1393, 6);
      expect(tags['XMP-exif:GPSAltitude']).toBeUndefined();
      expect(tags.Warning).toBeUndefined();
    }
    // Written twice, the same: a sidecar that says it already is left as it is.
    const once = mergeXmp(digikam, update ?? {});
    expect(mergeXmp(once, update ?? {})).toBe(once);
    // Cleared, the place goes from the sidecar; turned back, the file's own orientation is said.
    const cleared = exiftool(mergeXmp(once, sidecarUpdate({ ...photo, userEdits: { gps: null, rotation: 0 } }, []) ?? {}));
    expect(cleared['XMP-exif:GPSLatitude']).toBeUndefined();
    expect(cleared['XMP-tiff:Orientation']).toBe(6);
  });
});
