import { readFileSync } from 'node:fs';
import exifr from 'exifr';
import { describe, expect, it } from 'vitest';
import { heifMetadataAsJpeg, readHeif } from '../../src/imaging/heif-boxes';
import { readPixelSize } from '../../src/imaging/image-size';
import { sniffMediaType } from '../../src/imaging/media-type';
import { readMeta } from '../../src/imaging/metadata';

/** Made by tests/fixtures/make-heic.mjs (heif-enc, then the grid, irot and depth map added). */
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/heic/${name}`, import.meta.url)));

describe('HEIF layout (meta box)', () => {
  it('recognises HEIC and AVIF as pictures Shoebox decodes', () => {
    expect(sniffMediaType(fixture('grid.heic'))).toMatchObject({ mime: 'image/heic', supported: true });
    expect(sniffMediaType(fixture('rotated.avif'))).toMatchObject({ mime: 'image/avif', supported: true });
  });

  it('sizes a grid by the grid item, not by its 256 px tiles', () => {
    expect(readHeif(fixture('grid.heic'))).toMatchObject({ width: 900, height: 641, quarterTurns: 0 });
    expect(readPixelSize('image/heic', fixture('grid.heic'))).toEqual({ width: 900, height: 641 });
  });

  it('turns the shown size by irot, and only by irot', () => {
    // Stored 480×320 with irot 3 (a quarter turn clockwise) and EXIF Orientation 6, as an iPhone writes.
    expect(readHeif(fixture('rotated.heic'))).toMatchObject({ width: 480, height: 320, quarterTurns: 3 });
    expect(readPixelSize('image/heic', fixture('rotated.heic'))).toEqual({ width: 320, height: 480 });
    expect(readPixelSize('image/avif', fixture('rotated.avif'))).toEqual({ width: 480, height: 320 });
  });

  it('leaves the size to irot when imir mirrors too (mirroring keeps width and height)', () => {
    expect(readHeif(fixture('turned-mirrored.heic'))).toMatchObject({ width: 480, height: 320, quarterTurns: 1 });
    expect(readPixelSize('image/heic', fixture('turned-mirrored.heic'))).toEqual({ width: 320, height: 480 });
    expect(readPixelSize('image/heic', fixture('mirrored.heic'))).toEqual({ width: 320, height: 480 });
  });

  it('ignores the depth map: the size and metadata are the primary picture’s', () => {
    expect(readPixelSize('image/heic', fixture('gps.heic'))).toEqual({ width: 640, height: 450 });
  });

  it('gives up cleanly on a HEIF without its meta box', () => {
    const cut = fixture('gps.heic').subarray(0, 100);
    expect(readHeif(cut)).toBeUndefined();
    expect(readPixelSize('image/heic', cut)).toBeUndefined();
  });
});

describe('HEIF metadata', () => {
  it('reads date, time zone, GPS, camera and the XMP title', async () => {
    const meta = await readMeta(fixture('gps.heic'), 'image/heic');
    expect(meta).toMatchObject({ takenAt: Date.UTC(2024, 4, 4, 12, 34, 56), takenAtOffset: '+01:00', make: 'Apple', model: 'iPhone 13', title: 'Tram in Lisbon' });
    expect(meta.gps?.lat).toBeCloseTo(38.7223, 4);
    expect(meta.gps?.lng).toBeCloseTo(-9.1393, 4);
    expect(meta.warnings).toEqual([]);
  });

  it('keeps the EXIF Orientation out: the decoder turns the picture by irot, once', async () => {
    const segments = heifMetadataAsJpeg(fixture('rotated.heic'));
    expect((await exifr.parse(segments!, { tiff: true }))?.Orientation).toBe('Rotate 90 CW');
    const meta = await readMeta(fixture('rotated.heic'), 'image/heic');
    expect(meta.orientation).toBeUndefined();
    expect(meta).toMatchObject({ takenAt: Date.UTC(2022, 2, 14, 9, 26, 53), model: 'iPhone 12' });
  });

  it('keeps a mirrored HEIC’s EXIF Orientation (2, 5) out: imir and irot are the decoder’s', async () => {
    for (const [name, tag] of [['mirrored.heic', 'Mirror horizontal'], ['turned-mirrored.heic', 'Mirror horizontal and rotate 270 CW']]) {
      expect((await exifr.parse(heifMetadataAsJpeg(fixture(name!))!, { tiff: true }))?.Orientation).toBe(tag);
      expect((await readMeta(fixture(name!), 'image/heic')).orientation).toBeUndefined();
    }
  });

  it('reads the EXIF of a grid (it describes the grid item) and of an AVIF', async () => {
    expect(await readMeta(fixture('grid.heic'), 'image/heic')).toMatchObject({ takenAt: Date.UTC(2023, 5, 1, 18, 30, 0), model: 'iPhone 14' });
    expect(await readMeta(fixture('rotated.avif'), 'image/avif')).toMatchObject({ takenAt: Date.UTC(2021, 7, 21, 16, 5, 0), model: 'Pixel 8' });
  });

  it('reads heif-enc’s own files, whose iloc uses base offsets', async () => {
    // exifr's own HEIF reader takes the EXIF to be at the base offset's place and fails.
    expect((await exifr.parse(fixture('plain.heic'), { tiff: true }))?.DateTimeOriginal).toBeUndefined();
    expect(await readMeta(fixture('plain.heic'), 'image/heic')).toMatchObject({ takenAt: Date.UTC(2020, 1, 29, 7, 0, 0), warnings: [] });
    expect(readPixelSize('image/heic', fixture('plain.heic'))).toEqual({ width: 96, height: 70 });
  });
});
