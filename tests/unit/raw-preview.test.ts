import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rawMeta, rawPicture, withOrientation } from '../../src/imaging/index-raw';
import { indexOpenedFile, type OpenedFile } from '../../src/imaging/index-file';
import { HASH_CHUNK } from '../../src/imaging/hash';
import { HEAD_BYTES, sniffMediaType, type MediaType } from '../../src/imaging/media-type';
import { findRawPreviews, jpegFrameSize, type RandomAccess } from '../../src/imaging/raw-preview';
import { RAW_FIXTURES } from '../fixtures/make-raw.mjs';

const fixture = (name: string) => new Uint8Array(readFileSync(`tests/fixtures/raw/${name}`));
const sample = (name: string) => new Uint8Array(readFileSync(`node_modules/exiftool-vendored.pl/bin/t/images/${name}`));

/** A reader over bytes that counts what is read. */
function counting(bytes: Uint8Array, size = bytes.length): RandomAccess & { bytesRead: number; largest: number } {
  const reader = {
    size,
    bytesRead: 0,
    largest: 0,
    async read(offset: number, length: number) {
      const end = Math.min(size, offset + length);
      if (offset < 0 || offset >= end) return new Uint8Array(0);
      reader.bytesRead += end - offset;
      reader.largest = Math.max(reader.largest, end - offset);
      const out = new Uint8Array(end - offset);
      if (offset < bytes.length) out.set(bytes.subarray(offset, Math.min(end, bytes.length)));
      return out;
    },
  };
  return reader;
}

const typeOf = (bytes: Uint8Array) => sniffMediaType(bytes.subarray(0, HEAD_BYTES)) as MediaType;
const exifDate = (s: string) => Date.parse(`${s.slice(0, 10).replace(/:/g, '-')}T${s.slice(11)}Z`);

describe('RAW previews, one fixture per format (made by tests/fixtures/make-raw.mjs)', () => {
  for (const [name, f] of Object.entries(RAW_FIXTURES)) {
    it(`${name}: the largest preview, the RAW's orientation and metadata`, async () => {
      const bytes = fixture(name);
      const type = typeOf(bytes);
      expect(type, name).toMatchObject({ kind: 'raw', supported: true });
      const found = await findRawPreviews(counting(bytes), bytes.subarray(0, HEAD_BYTES), type.mime);
      expect(found.best, name).toMatchObject({ width: f.preview[0], height: f.preview[1] });
      const { offset, length } = found.best!;
      expect([bytes[offset], bytes[offset + 1], bytes[offset + length - 2], bytes[offset + length - 1]]).toEqual([0xff, 0xd8, 0xff, 0xd9]);

      const picture = await rawPicture(counting(bytes), bytes.subarray(0, HEAD_BYTES), type);
      if (picture.kind !== 'preview') throw new Error(picture.reason);
      expect(picture.sensor, name).toEqual(f.sensor && { width: f.sensor[0], height: f.sensor[1] });
      expect(picture.meta).toMatchObject({ make: f.make, model: f.model, takenAt: exifDate(f.taken), orientation: f.orientation });
      expect(picture.meta.lens).toMatch(/35mm F1\.8$/);
      expect(jpegFrameSize(picture.jpeg)).toEqual({ width: f.preview[0], height: f.preview[1] });
      const small = Math.max(...f.preview) < 512;
      const note = small ? `Only a 160 × 120 preview is embedded in this Nikon NEF; Shoebox does not decode RAW data itself yet.` : undefined;
      expect(picture.meta.warnings).toEqual(note ? [note] : []);
      // Said under Problems too (the file's reason), not only in the viewer.
      expect(picture.note).toBe(note);
    });
  }

  it('tells each container apart by its bytes', () => {
    const mimes = Object.keys(RAW_FIXTURES).map((name) => typeOf(fixture(name)).mime);
    expect(mimes).toEqual([
      'image/x-adobe-dng', 'image/x-canon-cr2', 'image/x-nikon-nef', 'image/x-sony-arw', 'image/x-canon-cr3',
      'image/x-fuji-raf', 'image/x-panasonic-rw2', 'image/x-olympus-orf', 'image/x-pentax-pef', 'image/x-nikon-nef',
      'image/x-nikon-nrw', 'image/x-samsung-srw', // a NRW keeps a JPEG in IFD0, a NEF does not
    ]);
    expect(typeOf(fixture('coolpix.nrw')).label).toBe('Nikon NRW RAW');
  });

  it("takes the Nikon maker note's PreviewIFD when its JPEG is larger than the IFDs' own", async () => {
    const nrw = fixture('coolpix.nrw');
    const found = await findRawPreviews(counting(nrw), nrw.subarray(0, HEAD_BYTES), typeOf(nrw).mime);
    expect(found.best).toMatchObject({ width: 1024, height: 768 });
    // Cut the note's PreviewIFD pointer (tag 0x0011 → 0x0f11): IFD0's 320 px JPEG is all that is left.
    const cut = nrw.slice();
    const at = Buffer.from(cut).indexOf(Buffer.from('Nikon\0', 'latin1'));
    expect(cut[at + 10 + 8 + 2 + 12 + 1]).toBe(0x11);
    cut[at + 10 + 8 + 2 + 12] = 0x0f;
    expect((await findRawPreviews(counting(cut), cut.subarray(0, HEAD_BYTES), typeOf(cut).mime)).best).toMatchObject({ width: 320, height: 240 });
  });

  it('writes the RAW orientation into a preview that has none, so the browser turns it once', async () => {
    const bytes = fixture('dng-camera.dng');
    const picture = await rawPicture(counting(bytes), bytes.subarray(0, HEAD_BYTES), typeOf(bytes));
    if (picture.kind !== 'preview') throw new Error(picture.reason);
    const { default: exifr } = await import('exifr');
    expect(await exifr.orientation(picture.jpeg)).toBe(6);
    expect(withOrientation(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]), 8)).toHaveLength(4 + 2 + 2 + 6 + 26);
  });

  it("lets the RAW's orientation win over the one its preview's own EXIF carries", async () => {
    const rw2 = fixture('panasonic.rw2').slice(); // its JpgFromRaw carries EXIF with orientation 1
    const view = new DataView(rw2.buffer);
    const ifd0 = view.getUint32(4, true);
    const at = Array.from({ length: view.getUint16(ifd0, true) }, (_, e) => ifd0 + 2 + e * 12).find((p) => view.getUint16(p, true) === 0x0112) as number;
    view.setUint16(at + 8, 6, true); // IFD0 Orientation: 6
    const picture = await rawPicture(counting(rw2), rw2.subarray(0, HEAD_BYTES), typeOf(rw2));
    if (picture.kind !== 'preview') throw new Error(picture.reason);
    const { default: exifr } = await import('exifr');
    expect([picture.meta.orientation, await exifr.orientation(picture.jpeg)]).toEqual([6, 6]);
  });
});

describe("ExifTool's own RAW samples (exiftool-vendored.pl, image data stripped)", () => {
  const cases = [
    ['CanonRaw.cr2', 'Canon EOS 350D DIGITAL', '2005:08:03 18:59:18'],
    ['CanonRaw.cr3', 'Canon EOS M50', '2018:02:21 12:08:56'],
    ['DNG.dng', 'Canon EOS 350D DIGITAL', '2005:08:03 18:59:18'],
    ['Nikon.nef', 'NIKON D70', '2004:06:09 16:02:35'],
    ['Panasonic.rw2', 'DMC-LX3', '2008:08:06 15:21:56'],
  ] as const;
  for (const [name, model, taken] of cases) {
    it(`${name}: the RAW's metadata`, async () => {
      const bytes = sample(name);
      const found = await findRawPreviews(counting(bytes), bytes.subarray(0, HEAD_BYTES), typeOf(bytes).mime);
      expect(await rawMeta(found)).toMatchObject({ model, takenAt: exifDate(taken), orientation: 1 });
    });
  }

  it("reads the RAW's own size where each camera writes it (ExifTool's Composite:ImageSize)", async () => {
    const size = async (name: string) => {
      const bytes = sample(name);
      return (await findRawPreviews(counting(bytes), bytes.subarray(0, HEAD_BYTES), typeOf(bytes).mime)).sensor;
    };
    expect(await size('CanonRaw.cr2')).toEqual({ width: 3456, height: 2304 }); // ExifImageWidth/Height
    expect(await size('CanonRaw.cr3')).toEqual({ width: 6000, height: 4000 }); // CMT2's ExifImageWidth/Height
    expect(await size('Panasonic.rw2')).toEqual({ width: 3648, height: 2736 }); // SensorRightBorder − LeftBorder…
    // A Super CCD's RawImageCroppedSize (4256 × 1424) counts photosites turned 45°: not the picture's shape.
    expect(await size('FujiFilm.raf')).toBeUndefined();
  });

  it('lists a RAW whose previews were stripped as having none, and one with an 8 px preview with a warning', async () => {
    for (const name of ['CanonRaw.cr2', 'DNG.dng', 'Nikon.nef', 'CanonRaw.cr3']) {
      const bytes = sample(name);
      const type = typeOf(bytes);
      expect(await rawPicture(counting(bytes), bytes.subarray(0, HEAD_BYTES), type), name).toEqual({
        kind: 'none', reason: `${type.label}: no preview is embedded in it, and Shoebox does not decode RAW data itself yet.`,
      });
    }
    const raf = sample('FujiFilm.raf');
    const picture = await rawPicture(counting(raf), raf.subarray(0, HEAD_BYTES), typeOf(raf));
    expect(picture).toMatchObject({ kind: 'preview', meta: { make: 'FUJIFILM', model: 'FinePix S5Pro', warnings: ['Only a 8 × 8 preview is embedded in this Fujifilm RAF; Shoebox does not decode RAW data itself yet.'] } });
  });
});

/** A little-endian TIFF from IFDs given as [tag, type, count, value] entries, each IFD at its given offset. */
function tiff(ifds: { at: number; entries: [number, number, number, number][]; next?: number }[], size = 4096): Uint8Array {
  const b = Buffer.alloc(size);
  b.write('II*\0', 0, 'latin1');
  b.writeUInt32LE(ifds[0]!.at, 4);
  for (const { at, entries, next = 0 } of ifds) {
    b.writeUInt16LE(entries.length, at);
    entries.forEach(([tag, type, count, value], i) => {
      b.writeUInt16LE(tag, at + 2 + i * 12);
      b.writeUInt16LE(type, at + 4 + i * 12);
      b.writeUInt32LE(count, at + 6 + i * 12);
      b.writeUInt32LE(value, at + 10 + i * 12);
    });
    b.writeUInt32LE(next, at + 2 + entries.length * 12);
  }
  return new Uint8Array(b);
}

describe('hostile RAWs: bounded work, no preview, no exception', () => {
  const find = (bytes: Uint8Array, reader = counting(bytes), mime = 'image/x-nikon-nef') => findRawPreviews(reader, bytes.subarray(0, HEAD_BYTES), mime);

  it('an IFD chain that loops back on itself, and a SubIFD that points at its parent', async () => {
    const bytes = tiff([
      { at: 8, entries: [[0x014a, 4, 1, 8], [0x0201, 4, 1, 200], [0x0202, 4, 1, 100]], next: 100 },
      { at: 100, entries: [[0x0103, 3, 1, 6]], next: 8 },
    ]);
    const reader = counting(bytes);
    expect((await find(bytes, reader)).best).toBeUndefined(); // 200 holds no JPEG
    expect(reader.bytesRead).toBeLessThan(64 * 1024);
  });

  it('offsets and lengths past the end of the file', async () => {
    const bytes = tiff([{ at: 8, entries: [[0x0201, 4, 1, 0x7fff0000], [0x0202, 4, 1, 5000], [0x014a, 4, 3, 0x7ffffff0], [0x8769, 4, 1, 0xfffffff0]], next: 0xffffff00 }]);
    const jpegAtEnd = tiff([{ at: 8, entries: [[0x0201, 4, 1, 4000], [0x0202, 4, 1, 1_000_000]] }]);
    expect((await find(bytes)).best).toBeUndefined();
    expect((await find(jpegAtEnd)).best).toBeUndefined();
  });

  it('an IFD claiming 65,535 entries, and one cut short by the end of the file', async () => {
    const many = tiff([{ at: 8, entries: [] }]);
    new DataView(many.buffer).setUint16(8, 65535, true);
    const cut = tiff([{ at: 8, entries: [[0x0201, 4, 1, 20]] }], 64).slice(0, 20);
    new DataView(cut.buffer).setUint16(8, 500, true);
    expect((await find(many)).best).toBeUndefined();
    expect((await find(cut)).best).toBeUndefined();
  });

  it('a lossless JPEG (sensor data) is never taken for a preview', async () => {
    const bytes = tiff([{ at: 8, entries: [[0x0103, 3, 1, 6], [0x0111, 4, 1, 100], [0x0117, 4, 1, 400]] }]);
    bytes.set([0xff, 0xd8, 0xff, 0xc3, 0, 11, 8, 0, 16, 0, 16, 1, 1, 0x11, 0], 100);
    expect((await find(bytes)).best).toBeUndefined();
  });

  it('CR3 boxes whose sizes lie, and a RAF header pointing past the end', async () => {
    const cr3 = Buffer.alloc(64);
    cr3.write('\0\0\0\x14ftypcrx \0\0\0\x01crx ', 0, 'latin1');
    cr3.writeUInt32BE(0xfffffff0, 20);
    cr3.write('moov', 24, 'latin1');
    expect(await find(new Uint8Array(cr3), undefined, 'image/x-canon-cr3')).toMatchObject({ best: undefined });
    const raf = fixture('fuji.raf').slice();
    new DataView(raf.buffer).setUint32(84, 0xfffff000);
    expect((await find(raf, undefined, 'image/x-fuji-raf')).best).toBeUndefined();
  });
});

describe('a 1 GB RAW is never read whole', () => {
  /** A file of `size` bytes: `head`, then zeros. arrayBuffer() throws; slices are counted. */
  function hugeFile(head: Uint8Array, size = 1024 ** 3): OpenedFile & { bytesRead: number } {
    const file = {
      name: 'huge.nef',
      size,
      bytesRead: 0,
      arrayBuffer(): Promise<ArrayBuffer> {
        throw new Error('read whole');
      },
      slice(start = 0, end = size): Blob {
        const piece = new Uint8Array(Math.max(0, Math.min(size, end) - start));
        if (start < head.length) piece.set(head.subarray(start, Math.min(head.length, start + piece.length)));
        file.bytesRead += piece.length;
        return new Blob([piece]);
      },
    };
    return file;
  }

  it('finds the preview of a 1 GB NEF reading its head, its IFDs and the preview alone', async () => {
    const nef = fixture('nikon.nef');
    const reader = counting(nef, 1024 ** 3);
    const picture = await rawPicture(reader, nef.subarray(0, HEAD_BYTES), typeOf(nef));
    expect(picture.kind).toBe('preview');
    expect(reader.bytesRead).toBeLessThan(1024 * 1024);
  });

  it('hashes a 1 GB RAW without a preview in slices and lists it under Problems', async () => {
    const head = tiff([{ at: 8, entries: [[0x010f, 2, 6, 200]] }], 512);
    head.set([...'NIKON\0'].map((c) => c.charCodeAt(0)), 200);
    let sliceSizes = 0;
    const file = hugeFile(head);
    const slice = file.slice.bind(file);
    file.slice = (start = 0, end = file.size) => {
      sliceSizes = Math.max(sliceSizes, end - start);
      return slice(start, end);
    };
    const outcome = await indexOpenedFile(3, file);
    expect(outcome).toMatchObject({ kind: 'problem', status: 'unsupported', mediaType: 'image/x-nikon-nef', error: 'Nikon NEF RAW: no preview is embedded in it, and Shoebox does not decode RAW data itself yet.' });
    expect(sliceSizes).toBeLessThanOrEqual(Math.max(HASH_CHUNK, HEAD_BYTES));
    expect(file.bytesRead).toBeLessThan(HEAD_BYTES + file.size + 64 * 1024);
  }, 120_000);
});
