import { readFileSync } from 'node:fs';
import { isRawMediaType } from '../../src/catalog/media-kind';
import { describe, expect, it } from 'vitest';
import { isTruncatedJpeg, readPixelSize } from '../../src/imaging/image-size';
import { HEAD_BYTES, isSkippedFolder, needsDecoding, SNIFF_BYTES, sniffMediaType } from '../../src/imaging/media-type';
import { heicStub, makeJpeg, makePng, pngClaiming, truncatedJpeg } from '../fixtures/photos.mjs';

const bytes = (b: Buffer) => new Uint8Array(b);

describe('sniffMediaType', () => {
  it('recognises images by their bytes, whatever the name', () => {
    expect(sniffMediaType(bytes(makeJpeg()))?.mime).toBe('image/jpeg');
    expect(sniffMediaType(bytes(makePng()))?.mime).toBe('image/png');
    expect(sniffMediaType(bytes(Buffer.from('GIF89a\x01\x00\x01\x00', 'binary')))?.mime).toBe('image/gif');
    expect(sniffMediaType(bytes(Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'binary')))?.mime).toBe('image/webp');
    expect(sniffMediaType(bytes(Buffer.concat([Buffer.from('BM'), Buffer.alloc(30)]))))?.toMatchObject({ mime: 'image/bmp' });
  });
  it('decodes HEIC; lists RAW and video as not supported yet', () => {
    expect(sniffMediaType(bytes(heicStub()))).toMatchObject({ label: 'HEIC', supported: true });
    expect(sniffMediaType(bytes(Buffer.from('II*\0\x08\0\0\0', 'binary')))?.supported).toBe(false);
    const mp4 = Buffer.alloc(16);
    mp4.write('\0\0\0\x18ftypisom', 0, 'binary');
    // Videos are read (video.ts).
    expect(sniffMediaType(bytes(mp4))).toMatchObject({ mime: 'video/mp4', kind: 'video', supported: true });
  });
  it('does not take text for a picture', () => {
    expect(sniffMediaType(bytes(Buffer.from('hello, this is text')))).toBeUndefined();
    expect(sniffMediaType(new Uint8Array())).toBeUndefined();
  });
});

/** The head the indexer reads of a fixture made by tests/fixtures/make-containers.mjs (ffmpeg, heif-enc). */
const container = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/containers/${name}`, import.meta.url))).subarray(0, HEAD_BYTES);

/** A TIFF header (little- or big-endian) whose first directory holds the given Make, and DNGVersion if asked. */
function tiff({ bigEndian = false, make, dng = false, at8 = '' }: { bigEndian?: boolean; make?: string; dng?: boolean; at8?: string }): Uint8Array {
  const b = Buffer.alloc(256);
  const u16 = (v: number, o: number) => (bigEndian ? b.writeUInt16BE(v, o) : b.writeUInt16LE(v, o));
  const u32 = (v: number, o: number) => (bigEndian ? b.writeUInt32BE(v, o) : b.writeUInt32LE(v, o));
  b.write(bigEndian ? 'MM' : 'II', 0, 'binary');
  u16(42, 2);
  u32(16, 4);
  b.write(at8, 8, 'binary'); // CR2 puts 'CR', 2, 0 here
  const entries: [number, number, number, number][] = [[0x0100, 4, 1, 4000]];
  if (make !== undefined) entries.push([0x010f, 2, make.length + 1, 128]);
  if (dng) entries.push([0xc612, 1, 4, 0x00000401]);
  u16(entries.length, 16);
  entries.forEach(([tag, type, count, value], i) => {
    const at = 18 + i * 12;
    u16(tag, at);
    u16(type, at + 2);
    u32(count, at + 4);
    u32(value, at + 8);
  });
  if (make !== undefined) b.write(`${make}\0`, 128, 'binary');
  return new Uint8Array(b);
}

const ascii = (s: string, length = 64) => {
  const b = Buffer.alloc(length);
  b.write(s, 0, 'binary');
  return new Uint8Array(b);
};
const ftyp = (major: string, ...compatible: string[]) => {
  const b = Buffer.alloc(64);
  b.writeUInt32BE(16 + 4 * compatible.length, 0);
  b.write(`ftyp${major}\0\0\0\0${compatible.join('')}`, 4, 'binary');
  return new Uint8Array(b);
};

describe('sniffMediaType: videos, RAW and HEIF by their containers', () => {
  it('tells the videos ffmpeg writes apart, by content whatever the name', () => {
    const expected: Record<string, [string, string]> = {
      'clip.mp4': ['video/mp4', 'MP4 video'],
      'clip.mov': ['video/quicktime', 'QuickTime (MOV) video'],
      'clip.m4v': ['video/x-m4v', 'M4V video'],
      'clip.3gp': ['video/3gpp', '3GP video'],
      'clip.webm': ['video/webm', 'WebM video'],
      'clip.mkv': ['video/x-matroska', 'Matroska (MKV) video'],
      'clip.avi': ['video/x-msvideo', 'AVI video'],
    };
    for (const [name, [mime, label]] of Object.entries(expected)) {
      // Every video is read: by mediabunny (video.ts), an AVI by its own headers (avi.ts).
      expect(sniffMediaType(container(name)), name).toEqual({ mime, label, kind: 'video', supported: true });
      // The first bytes alone (all a folder walk reads) already say "media".
      expect(sniffMediaType(container(name).subarray(0, SNIFF_BYTES)), name).toBeDefined();
    }
  });

  it('takes the HEIF brands for pictures, not videos: HEIC and AVIF decoded', () => {
    expect(sniffMediaType(container('still.heic'))).toMatchObject({ mime: 'image/heic', kind: 'image', supported: true });
    expect(needsDecoding('image/heic')).toBe(true);
    expect(needsDecoding('image/avif')).toBe(false);
    expect(sniffMediaType(container('still.avif'))).toMatchObject({ mime: 'image/avif', supported: true });
    // AVIF that leads with the generic HEIF brand, and HEIC that does.
    expect(sniffMediaType(ftyp('mif1', 'avif', 'miaf'))?.mime).toBe('image/avif');
    expect(sniffMediaType(ftyp('mif1', 'heic', 'miaf'))?.mime).toBe('image/heic');
    expect(sniffMediaType(ftyp('avc1', 'isom'))?.mime).toBe('video/mp4');
    expect(sniffMediaType(ftyp('mp42', 'isom'))?.mime).toBe('video/mp4');
    expect(sniffMediaType(ftyp('M4A ', 'mp42'))).toBeUndefined();
  });

  it('recognises RAW containers by their headers', () => {
    const cases: [Uint8Array, string, string][] = [
      [ftyp('crx ', 'isom'), 'image/x-canon-cr3', 'Canon CR3 RAW'],
      [tiff({ at8: 'CR\x02\0', make: 'Canon' }), 'image/x-canon-cr2', 'Canon CR2 RAW'],
      [tiff({ make: 'Canon', dng: true }), 'image/x-adobe-dng', 'Adobe DNG RAW'],
      [tiff({ bigEndian: true, make: 'Apple', dng: true }), 'image/x-adobe-dng', 'Adobe DNG RAW'],
      [tiff({ bigEndian: true, make: 'NIKON CORPORATION' }), 'image/x-nikon-nef', 'Nikon NEF RAW'],
      [tiff({ make: 'SONY' }), 'image/x-sony-arw', 'Sony ARW RAW'],
      [tiff({ make: 'PENTAX Corporation' }), 'image/x-pentax-pef', 'Pentax PEF RAW'],
      [tiff({ make: 'SAMSUNG' }), 'image/x-samsung-srw', 'Samsung SRW RAW'],
      [ascii('IIRO\x08\0\0\0'), 'image/x-olympus-orf', 'Olympus ORF RAW'],
      [ascii('IIU\0\x18\0\0\0'), 'image/x-panasonic-rw2', 'Panasonic RW2 RAW'],
      [ascii('FUJIFILMCCD-RAW 0201FF383501'), 'image/x-fuji-raf', 'Fujifilm RAF RAW'],
    ];
    for (const [head, mime, label] of cases) {
      const type = sniffMediaType(head);
      // Shown by their embedded previews (src/imaging/raw-preview.ts); the viewer knows them as RAW.
      expect(type, label).toEqual({ mime, label, kind: 'raw', supported: true });
      expect(isRawMediaType(mime), mime).toBe(true);
    }
  });

  it('says "TIFF" for a scan, and "TIFF or RAW" when the directory is not in the bytes read', () => {
    expect(sniffMediaType(tiff({ make: 'EPSON' }))).toMatchObject({ mime: 'image/tiff', label: 'TIFF', kind: 'image', supported: false });
    expect(sniffMediaType(tiff({}))).toMatchObject({ label: 'TIFF' });
    expect(sniffMediaType(tiff({ make: 'SONY' }).subarray(0, SNIFF_BYTES))).toMatchObject({ label: 'TIFF or RAW', supported: false });
  });
});

describe('readPixelSize', () => {
  it('reads JPEG and PNG sizes from the header', () => {
    expect(readPixelSize('image/jpeg', bytes(makeJpeg({ width: 120, height: 80 })))).toEqual({ width: 120, height: 80 });
    expect(readPixelSize('image/png', bytes(makePng({ width: 33, height: 21 })))).toEqual({ width: 33, height: 21 });
  });
  it('reads what a decompression bomb claims, before any decoding', () => {
    expect(readPixelSize('image/png', bytes(pngClaiming(20000, 20000)))).toEqual({ width: 20000, height: 20000 });
  });
});

describe('isTruncatedJpeg', () => {
  it('tells a cut-short JPEG from a whole one (with an embedded thumbnail in both)', () => {
    expect(isTruncatedJpeg(bytes(makeJpeg({ width: 320, height: 240, thumbnail: true })))).toBe(false);
    expect(isTruncatedJpeg(bytes(truncatedJpeg()))).toBe(true);
  });
});

describe('folders a scan skips', () => {
  it('skips hidden, NAS and recycle folders only', () => {
    expect(['.git', '@eaDir', '#recycle', '$RECYCLE.BIN', '.thumbnails'].every(isSkippedFolder)).toBe(true);
    expect(['2019', 'Holidays', 'eaDir'].some(isSkippedFolder)).toBe(false);
  });
});
