import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';
import createPica from 'pica';
import type { Plugin } from 'vite';
import { DEMO_LONG_SIDE, DEMO_PHOTOS, demoLicenceUrl, type DemoPhoto } from './demo.ts';

/**
 * The build step that ships the demo library: each photo of models/demo.ts copied from its npm
 * package (byte for byte when it is small enough, else scaled down with pica's Lanczos3 and
 * re-encoded, its EXIF, XMP and ICC segments kept and its pixel size in the EXIF corrected), plus
 * `demo/manifest.json`. Scaled copies are cached in node_modules/.cache: a build that follows
 * another does not decode 24 megapixels again.
 */

const CACHE = fileURLToPath(new URL('../node_modules/.cache/shoebox-demo/', import.meta.url));
/** Bump when the way a copy is made changes, so cached copies are made again. */
const RECIPE = 'lanczos3-q85-v1';

export function demoSource(photo: DemoPhoto): string {
  return fileURLToPath(new URL(`../node_modules/${photo.package}/${photo.file}`, import.meta.url));
}

interface Segment {
  marker: number;
  start: number;
  end: number;
}

/** The JPEG's marker segments up to the start of scan (SOS), in order. */
function segments(bytes: Uint8Array): Segment[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(0) !== 0xffd8) throw new Error('not a JPEG');
  const out: Segment[] = [];
  for (let at = 2; at + 4 <= bytes.length; ) {
    if (view.getUint8(at) !== 0xff) throw new Error(`no marker at byte ${at}`);
    const marker = view.getUint8(at + 1);
    if (marker === 0xff) { at += 1; continue; }
    const end = at + 2 + view.getUint16(at + 2);
    out.push({ marker, start: at, end });
    if (marker === 0xda) break;
    at = end;
  }
  return out;
}

/** Width and height from the frame header (SOF0–SOF15, not DHT, JPG or DAC). */
export function jpegSize(bytes: Uint8Array): { width: number; height: number } {
  const sof = segments(bytes).find((s) => s.marker >= 0xc0 && s.marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(s.marker));
  if (!sof) throw new Error('no frame header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { height: view.getUint16(sof.start + 5), width: view.getUint16(sof.start + 7) };
}

/** ImageWidth/ImageLength (IFD0) and PixelXDimension/PixelYDimension (Exif IFD), rewritten in place. */
function correctExifSize(app1: Uint8Array, width: number, height: number): void {
  const tiff = 10; // FF E1, length, "Exif\0\0"
  const view = new DataView(app1.buffer, app1.byteOffset, app1.byteLength);
  const little = view.getUint16(tiff) === 0x4949;
  const u16 = (at: number): number => view.getUint16(tiff + at, little);
  const u32 = (at: number): number => view.getUint32(tiff + at, little);
  const visit = (ifd: number, sizes: Record<number, number>): number | undefined => {
    let exifIfd: number | undefined;
    const count = u16(ifd);
    for (let i = 0; i < count; i++) {
      const entry = ifd + 2 + i * 12;
      const tag = u16(entry);
      const type = u16(entry + 2);
      if (tag === 0x8769) exifIfd = u32(entry + 8);
      const value = sizes[tag];
      if (value === undefined) continue;
      if (type === 3) view.setUint16(tiff + entry + 8, value, little);
      else if (type === 4) view.setUint32(tiff + entry + 8, value, little);
    }
    return exifIfd;
  };
  const exifIfd = visit(u32(4), { 0x0100: width, 0x0101: height });
  if (exifIfd !== undefined) visit(exifIfd, { 0xa002: width, 0xa003: height });
}

const isExif = (bytes: Uint8Array, s: Segment): boolean =>
  s.marker === 0xe1 && String.fromCharCode(...bytes.subarray(s.start + 4, s.start + 10)) === 'Exif\0\0';

/** The photo scaled so its longer side is `longSide`, with the original's metadata segments. */
export async function scaleDown(original: Uint8Array, longSide: number): Promise<Uint8Array> {
  const decoded = jpeg.decode(original, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
  const scale = longSide / Math.max(decoded.width, decoded.height);
  const width = Math.round(decoded.width * scale);
  const height = Math.round(decoded.height * scale);
  const pixels = await createPica({ features: ['js'] }).resizeBuffer({ src: decoded.data, width: decoded.width, height: decoded.height, toWidth: width, toHeight: height, filter: 'lanczos3' });
  const encoded = new Uint8Array(jpeg.encode({ data: pixels, width, height }, 85).data);
  // The original's APPn and COM segments (EXIF, XMP, ICC, …), then the new picture's tables and scan.
  const kept = segments(original).filter((s) => (s.marker >= 0xe0 && s.marker <= 0xef) || s.marker === 0xfe);
  const body = segments(encoded).find((s) => !(s.marker >= 0xe0 && s.marker <= 0xef));
  if (!body) throw new Error('the encoder wrote no picture');
  const parts = [original.subarray(0, 2), ...kept.map((s) => {
    const copy = original.slice(s.start, s.end);
    if (isExif(original, s)) correctExifSize(copy, width, height);
    return copy;
  }), encoded.subarray(body.start)];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

/** The demo's copy of one photo: the original, or its scaled copy (from the cache when made before). */
export async function demoCopy(photo: DemoPhoto): Promise<Uint8Array> {
  const from = demoSource(photo);
  const original = new Uint8Array(readFileSync(from));
  const { width, height } = jpegSize(original);
  if (Math.max(width, height) <= DEMO_LONG_SIDE) return original;
  const key = createHash('sha256').update(`${RECIPE} ${DEMO_LONG_SIDE} ${from} ${statSync(from).size}`).update(original.subarray(0, 65536)).digest('hex').slice(0, 16);
  const cached = `${CACHE}${key}.jpg`;
  try {
    return new Uint8Array(readFileSync(cached));
  } catch {
    const scaled = await scaleDown(original, DEMO_LONG_SIDE);
    mkdirSync(CACHE, { recursive: true });
    writeFileSync(cached, scaled);
    return scaled;
  }
}

/** The licence text a package ships (LICENSE, LICENSE.md, …). */
function licenceOf(pkg: string): Uint8Array {
  const dir = fileURLToPath(new URL(`../node_modules/${pkg}/`, import.meta.url));
  const name = readdirSync(dir).find((f) => /^licen[cs]e(\.(md|txt))?$/i.test(f));
  if (!name) throw new Error(`${pkg} ships no licence file: its photos cannot be in the demo`);
  return new Uint8Array(readFileSync(`${dir}${name}`));
}

/**
 * The demo's files by their URL under the site root (`demo/…`): the photos, `demo/manifest.json`,
 * and each package's licence text (`demo/licences/…`, linked from Settings → Credits).
 */
export async function demoFiles(): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for (const photo of DEMO_PHOTOS) files.set(`demo/${photo.path}`, await demoCopy(photo));
  for (const pkg of new Set(DEMO_PHOTOS.map((p) => p.package))) files.set(demoLicenceUrl(pkg), licenceOf(pkg));
  const manifest = { files: DEMO_PHOTOS.map(({ path, mtime }) => ({ path, mtime })) };
  files.set('demo/manifest.json', new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`));
  return files;
}

/** Emits the demo into the build and serves it from the dev server. */
export function shipDemo(): Plugin {
  let files: Promise<Map<string, Uint8Array>> | undefined;
  const load = (): Promise<Map<string, Uint8Array>> => (files ??= demoFiles());
  return {
    name: 'shoebox-ship-demo',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = (req.url ?? '').split('?')[0]?.slice(1) ?? '';
        if (!url.startsWith('demo/')) return next();
        load().then((all) => {
          const file = all.get(url);
          if (!file) return next();
          res.setHeader('content-type', url.endsWith('.json') ? 'application/json' : url.endsWith('.txt') ? 'text/plain; charset=utf-8' : 'image/jpeg');
          res.end(file);
        }, next);
      });
    },
    async generateBundle() {
      for (const [fileName, source] of await load()) this.emitFile({ type: 'asset', fileName, source });
    },
  };
}
