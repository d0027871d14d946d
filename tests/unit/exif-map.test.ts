import exifr from 'exifr';
import { describe, expect, it } from 'vitest';
import { EXIFR_OPTIONS, decodeXmlEntities, mapExif, parseExifDate, swapsAxes } from '../../src/imaging/exif-map';
import { jpegCutAfterExif, jpegWithGarbageExif, makeJpeg, withXmp } from '../fixtures/photos.mjs';
import { jpegMetadataOnly } from '../../src/imaging/image-size';

const parse = async (bytes: Buffer) => mapExif(await exifr.parse(bytes, EXIFR_OPTIONS));

describe('mapExif, on what exifr reads from real files', () => {
  it('maps date with zone, camera, lens, exposure, GPS and orientation', async () => {
    const meta = await parse(makeJpeg({
      orientation: 6,
      exif: { taken: '2019:07:14 10:22:05', offset: '+02:00', make: 'Canon', model: 'EOS 5D', lens: 'EF50mm f/1.8', gps: { lat: 48.8584, lng: -2.2945, alt: 35 }, iso: 200, exposure: 1 / 250, fNumber: 5.6, focal: 50 },
    }));
    expect(meta.takenAt).toBe(Date.UTC(2019, 6, 14, 10, 22, 5));
    expect(meta.takenAtOffset).toBe('+02:00');
    expect(meta).toMatchObject({ make: 'Canon', model: 'EOS 5D', lens: 'EF50mm f/1.8', iso: 200, fNumber: 5.6, focalLength: 50, orientation: 6 });
    expect(meta.exposureTime).toBeCloseTo(1 / 250, 6);
    expect(meta.gps?.lat).toBeCloseTo(48.8584, 4);
    expect(meta.gps?.lng).toBeCloseTo(-2.2945, 4);
    expect(meta.gps?.alt).toBeCloseTo(35, 1);
    expect(meta.warnings).toEqual([]);
  });

  it('southern and western hemispheres and below sea level are negative', async () => {
    const meta = await parse(makeJpeg({ exif: { gps: { lat: -33.8568, lng: -70.6483, alt: -12 } } }));
    expect(meta.gps?.lat).toBeCloseTo(-33.8568, 4);
    expect(meta.gps?.lng).toBeCloseTo(-70.6483, 4);
    expect(meta.gps?.alt).toBeCloseTo(-12, 1);
  });

  it('garbage EXIF becomes a warning, never a throw', async () => {
    const meta = await parse(jpegWithGarbageExif());
    expect(meta.takenAt).toBeUndefined();
    expect(meta.warnings.join(' ')).toMatch(/damaged/);
  });

  it('reads title, description, keywords and rating from an XMP packet, with EXIF alongside', async () => {
    const jpeg = withXmp(makeJpeg({ exif: { taken: '2015:12:24 18:30:00', make: 'Nikon' } }), {
      title: 'Christmas Eve — Grandma & me',
      description: 'At the farm in Ærø',
      subject: ['family', 'christmas', 'Ærø'],
      rating: 4,
    });
    const meta = await parse(jpeg);
    expect(meta).toMatchObject({ title: 'Christmas Eve — Grandma & me', description: 'At the farm in Ærø', rating: 4, make: 'Nikon' });
    expect(meta.keywords).toEqual(['family', 'christmas', 'Ærø']);
    expect(meta.takenAt).toBe(Date.UTC(2015, 11, 24, 18, 30));
  });

  it('reads the whole EXIF block of a JPEG cut short after it (exifr alone gives up)', async () => {
    const cut = jpegCutAfterExif({ exif: { taken: '2019:05:01 10:00:00', make: 'Olympus' } });
    expect(Object.keys(await exifr.parse(cut, EXIFR_OPTIONS))).toEqual(['errors']);
    const meta = await parse(Buffer.from(jpegMetadataOnly(new Uint8Array(cut))!));
    expect(meta).toMatchObject({ takenAt: Date.UTC(2019, 4, 1, 10), make: 'Olympus' });
    expect(await exifr.thumbnail(Buffer.from(jpegMetadataOnly(new Uint8Array(cut))!))).toBeDefined();
  });

  it('a file without EXIF gives empty metadata', async () => {
    expect(mapExif(undefined)).toEqual({ keywords: [], warnings: [] });
  });
});

describe('mapExif, on odd values cameras and tools write', () => {
  it('refuses impossible dates and says so', () => {
    const meta = mapExif({ DateTimeOriginal: '0000:00:00 00:00:00' });
    expect(meta.takenAt).toBeUndefined();
    expect(meta.warnings[0]).toMatch(/not a valid date/);
    expect(mapExif({ DateTimeOriginal: '2021:02:31 10:00:00' }).takenAt).toBeUndefined();
  });

  it('falls back from DateTimeOriginal to CreateDate and XMP DateCreated', () => {
    expect(mapExif({ CreateDate: '2020:05:06 07:08:09' }).takenAt).toBe(Date.UTC(2020, 4, 6, 7, 8, 9));
    expect(mapExif({ DateCreated: '2020-05-06T07:08:09+05:30' })).toMatchObject({ takenAt: Date.UTC(2020, 4, 6, 7, 8, 9), takenAtOffset: '+05:30' });
  });

  it('trims NUL-padded strings and ignores blank ones', () => {
    expect(mapExif({ Make: 'NIKON CORPORATION\0\0\0', Model: '    ' })).toMatchObject({ make: 'NIKON CORPORATION' });
    expect(mapExif({ Model: '    ' }).model).toBeUndefined();
  });

  it('reads XMP and IPTC title, description, keywords and rating', () => {
    const meta = mapExif({ title: { lang: 'x-default', value: 'Harbour' }, Caption: 'Boats at dusk', subject: ['sea', 'boat'], Keywords: 'boat;evening', Rating: 4 });
    expect(meta).toMatchObject({ title: 'Harbour', description: 'Boats at dusk', rating: 4 });
    expect(meta.keywords).toEqual(['sea', 'boat', 'evening']);
  });

  it('drops out-of-range orientation, rating and GPS with a warning', () => {
    const meta = mapExif({ Orientation: 9, Rating: 12, GPSLatitude: [200, 0, 0], GPSLongitude: [10, 0, 0] });
    expect(meta.orientation).toBeUndefined();
    expect(meta.rating).toBeUndefined();
    expect(meta.gps).toBeUndefined();
    expect(meta.warnings).toHaveLength(3);
  });

  it('treats 0,0 as "no GPS fix"', () => {
    expect(mapExif({ GPSLatitude: [0, 0, 0], GPSLongitude: [0, 0, 0] }).gps).toBeUndefined();
  });
});

describe('decodeXmlEntities', () => {
  it('decodes named and numeric entities and leaves unknown ones', () => {
    expect(decodeXmlEntities('a &amp; b &lt;c&gt; &quot;d&quot; &#233;t&#xE9; &bogus;')).toBe('a & b <c> "d" été &bogus;');
  });
});

describe('parseExifDate / swapsAxes', () => {
  it('parses sub-seconds and Z', () => {
    expect(parseExifDate('2018-01-02T03:04:05.678Z')).toEqual({ at: Date.UTC(2018, 0, 2, 3, 4, 5, 678), offset: '+00:00' });
  });
  it('orientations 5–8 swap width and height', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(swapsAxes)).toEqual([false, false, false, false, true, true, true, true]);
  });
});
