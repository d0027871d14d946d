import { describe, expect, it } from 'vitest';
import { isTruncatedJpeg, readPixelSize } from '../../src/imaging/image-size';
import { isSkippedFolder, sniffMediaType } from '../../src/imaging/media-type';
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
  it('lists HEIC, RAW and video as not supported yet', () => {
    expect(sniffMediaType(bytes(heicStub()))).toMatchObject({ label: 'HEIC', supported: false });
    expect(sniffMediaType(bytes(Buffer.from('II*\0\x08\0\0\0', 'binary')))?.supported).toBe(false);
    const mp4 = Buffer.alloc(16);
    mp4.write('\0\0\0\x18ftypisom', 0, 'binary');
    expect(sniffMediaType(bytes(mp4))).toMatchObject({ mime: 'video/mp4', supported: false });
  });
  it('does not take text for a picture', () => {
    expect(sniffMediaType(bytes(Buffer.from('hello, this is text')))).toBeUndefined();
    expect(sniffMediaType(new Uint8Array())).toBeUndefined();
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
