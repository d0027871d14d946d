// The generated library the browser tests grant: every case the import must handle.
import {
  heicStub, jpegCutAfterExif, jpegWithGarbageExif, makeJpeg, makePng, pngClaiming, scenePainter, truncatedJpeg,
} from '../fixtures/photos.mjs';

export interface FixtureFile {
  path: string;
  data: Buffer;
}

export const LONG_NAME = `${'a-very-long-file-name-'.repeat(9)}end.jpg`;
export const UNICODE_NAME = 'Ünïcødé fête — 日本の夏 😀.jpg';

/** Photos without a date sort by file time (now): newest, so first, in either order. */
export const UNDATED = ['garbage-exif.jpg', 'screenshot.png'];
/** Then the dated photos, newest first. */
export const DATED_ORDER = [
  'deep.jpg', // 2022-03-01
  'beach.jpg', // 2021-07-14
  UNICODE_NAME, // 2021-05-01
  LONG_NAME, // 2021-04-01
  'IMG_0001', // 2021-03-01 (no extension: found by its bytes)
  ...[8, 7, 6, 5, 4, 3, 2, 1].map((o) => `orientation-${o}.jpg`), // 2020-01-0o
  'truncated.jpg', // 2019-06-01, damaged: the rows that exist
  'cut-after-exif.jpg', // 2019-05-01, damaged: only its embedded thumbnail
];

const scene = (w: number, h: number, seed: number) => scenePainter(w, h, seed);

export function fixtureLibrary(): FixtureFile[] {
  const files: FixtureFile[] = [];
  const add = (path: string, data: Buffer) => files.push({ path, data });
  for (let o = 1; o <= 8; o++) {
    add(`orientation/orientation-${o}.jpg`, makeJpeg({ width: 96, height: 64, orientation: o, exif: { taken: `2020:01:0${o} 12:00:00`, make: 'Test', model: `Orientation ${o}` } }));
  }
  add('2021/summer/beach.jpg', makeJpeg({
    width: 320, height: 240, paint: scene(320, 240, 1), thumbnail: true,
    exif: { taken: '2021:07:14 10:22:05', offset: '+02:00', make: 'Canon', model: 'EOS 5D Mark IV', lens: 'EF24-70mm f/2.8L II USM', gps: { lat: 43.2965, lng: 5.3698, alt: 12 }, iso: 200, exposure: 1 / 250, fNumber: 5.6, focal: 35 },
  }));
  add('2021/summer/beach.xmp', Buffer.from('<x:xmpmeta xmlns:x="adobe:ns:meta/"/>'));
  add('nested/deeper/still/deep.jpg', makeJpeg({ width: 200, height: 150, paint: scene(200, 150, 2), exif: { taken: '2022:03:01 08:00:00' } }));
  add(`names/${UNICODE_NAME}`, makeJpeg({ width: 160, height: 120, paint: scene(160, 120, 3), exif: { taken: '2021:05:01 09:00:00' } }));
  add(`names/${LONG_NAME}`, makeJpeg({ width: 160, height: 120, paint: scene(160, 120, 4), exif: { taken: '2021:04:01 09:00:00' } }));
  add('names/IMG_0001', makeJpeg({ width: 160, height: 120, paint: scene(160, 120, 5), exif: { taken: '2021:03:01 09:00:00' } }));
  add('misc/screenshot.png', makePng({ width: 200, height: 120 }));
  add('bad/truncated.jpg', truncatedJpeg({ exif: { taken: '2019:06:01 10:00:00' } }));
  add('bad/cut-after-exif.jpg', jpegCutAfterExif({ exif: { taken: '2019:05:01 10:00:00' } }));
  add('bad/garbage-exif.jpg', jpegWithGarbageExif());
  add('bad/empty.jpg', Buffer.alloc(0));
  add('bad/notes.jpg', Buffer.from('These are my holiday notes, not a photo.\n'.repeat(20)));
  add('bad/huge.png', pngClaiming(20000, 20000));
  add('other/clip.heic', heicStub());
  add('misc/readme.txt', Buffer.from('not media'));
  // Never scanned: hidden, NAS thumbnails, recycle bins.
  add('.hidden/secret.jpg', makeJpeg({ width: 32, height: 32 }));
  add('@eaDir/beach.jpg/SYNOPHOTO_THUMB_XL.jpg', makeJpeg({ width: 32, height: 32 }));
  add('#recycle/old.jpg', makeJpeg({ width: 32, height: 32 }));
  return files;
}

/** Problems the import must list, by path, with words each reason must contain. */
export const EXPECTED_PROBLEMS: Record<string, RegExp> = {
  'bad/empty.jpg': /empty/i,
  'bad/notes.jpg': /not a picture.*text/i,
  'bad/huge.png': /too large.*20000 × 20000/i,
  'other/clip.heic': /damaged/i,
};

export const EXPECTED_TILES = 17;
