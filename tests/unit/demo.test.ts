import exifr from 'exifr';
import { beforeAll, describe as group, expect, it } from 'vitest';
import { DEMO_CREDITS } from '../../src/app/credits';
import { DEMO_LONG_SIDE, DEMO_PHOTOS, demoLicenceUrl } from '../../models/demo';
import { demoFiles, jpegSize, scaleDown } from '../../models/ship-demo';
import { makeJpeg, scenePainter } from '../fixtures/photos.mjs';
import set from '../fixtures/labels-eval/set.json';

group('the demo library', () => {
  let files: Map<string, Uint8Array>;
  // Uncached, scaling a 24-megapixel photo in plain JS takes seconds; the build reuses the copy.
  beforeAll(async () => {
    files = await demoFiles();
  }, 60_000);

  it('is photos of the labels evaluation set, so the eye has said what each one shows', () => {
    for (const photo of DEMO_PHOTOS) {
      expect(set.photos.find((p) => p.id === photo.evalId), photo.path).toMatchObject({ package: photo.package, path: photo.file });
    }
    expect(new Set(DEMO_PHOTOS.map((p) => p.path)).size).toBe(DEMO_PHOTOS.length);
  });

  it('credits every package its photos come from, with the licence text the build ships', () => {
    for (const pkg of new Set(DEMO_PHOTOS.map((p) => p.package))) {
      const credit = DEMO_CREDITS.find((c) => c.name.includes(`from ${pkg} `));
      expect(credit, pkg).toBeDefined();
      expect(credit!.licenceText).toBe(demoLicenceUrl(pkg));
      expect(new TextDecoder().decode(files.get(demoLicenceUrl(pkg)))).toMatch(/MIT License/);
    }
    expect(DEMO_CREDITS).toHaveLength(new Set(DEMO_PHOTOS.map((p) => p.package)).size);
  });

  it('ships each photo no larger than the preview size, with its own EXIF', async () => {
    const manifest = JSON.parse(new TextDecoder().decode(files.get('demo/manifest.json'))) as { files: { path: string }[] };
    expect(manifest.files.map((f) => f.path)).toEqual(DEMO_PHOTOS.map((p) => p.path));
    for (const photo of DEMO_PHOTOS) {
      const bytes = files.get(`demo/${photo.path}`)!;
      const { width, height } = jpegSize(bytes);
      expect(Math.max(width, height), photo.path).toBeLessThanOrEqual(DEMO_LONG_SIDE);
    }
    // Paris at dusk was 6000 × 4000: scaled down, its camera, date and pixel size right.
    const paris = await exifr.parse(files.get('demo/2014/paris-at-dusk.jpg')!, { exif: true, reviveValues: false });
    expect(paris).toMatchObject({ Make: 'SONY', Model: 'ILCE-6000', DateTimeOriginal: '2014:04:18 20:33:53', ExifImageWidth: 1600, ExifImageHeight: 1067 });
  });
});

group('scaleDown', () => {
  it('keeps the metadata segments (EXIF with GPS) and writes the new size into the EXIF', async () => {
    const original = makeJpeg({ width: 400, height: 300, paint: scenePainter(400, 300, 5), exif: { taken: '2019:07:01 10:00:00', make: 'Canon', model: 'EOS R6', gps: { lat: 38.7223, lng: -9.1393 } } });
    const scaled = await scaleDown(new Uint8Array(original), 200);
    expect(jpegSize(scaled)).toEqual({ width: 200, height: 150 });
    const tags = await exifr.parse(scaled, { gps: true });
    expect(tags).toMatchObject({ Make: 'Canon', Model: 'EOS R6' });
    expect(tags.latitude).toBeCloseTo(38.7223, 4);
    expect(tags.longitude).toBeCloseTo(-9.1393, 4);
  });
});
