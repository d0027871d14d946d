import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AviError, parseAviDate, readAviHeaders } from '../../src/imaging/avi';
import { sliceReader, type RandomAccess } from '../../src/imaging/raw-preview';

/** A reader over a file that counts the bytes it is asked for: headers only, never the frames. */
function counted(bytes: Uint8Array): RandomAccess & { bytesRead: number } {
  const inner = sliceReader(new Blob([bytes as BlobPart]));
  const reader = {
    size: inner.size,
    bytesRead: 0,
    async read(offset: number, length: number) {
      const got = await inner.read(offset, length);
      reader.bytesRead += got.length;
      return got;
    },
  };
  return reader;
}

const fixture = (path: string) => new Uint8Array(readFileSync(`tests/fixtures/${path}`));

/** A RIFF chunk (`id` and content, padded to an even size), or a LIST of chunks. */
function chunk(id: string, content: Uint8Array | string): Uint8Array {
  const body = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const out = new Uint8Array(8 + body.length + (body.length & 1));
  out.set(new TextEncoder().encode(id));
  new DataView(out.buffer).setUint32(4, body.length, true);
  out.set(body, 8);
  return out;
}
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
};
const list = (type: string, ...children: Uint8Array[]) => chunk('LIST', concat(new TextEncoder().encode(type), ...children));
const words = (...values: number[]) => new Uint8Array(new Uint32Array(values).buffer);

describe('AVI headers', () => {
  it('reads a camera-style Motion-JPEG AVI: length, size, frame rate, codec, date, title and where its first frame is', async () => {
    const bytes = fixture('video/clip-mjpeg.avi');
    const reader = counted(bytes);
    const avi = await readAviHeaders(reader);
    expect(avi).toMatchObject({
      durationS: 2, width: 320, height: 240, fps: 10, fourcc: 'MJPG', codec: 'Motion JPEG',
      meta: { takenAt: Date.UTC(2005, 7, 21, 14, 5), title: 'Birthday' },
    });
    // The first frame is a whole JPEG, from its SOI to its EOI.
    const { offset, length } = avi.firstFrame as { offset: number; length: number };
    expect([...bytes.subarray(offset, offset + 2)]).toEqual([0xff, 0xd8]);
    expect([...bytes.subarray(offset + length - 2, offset + length)]).toEqual([0xff, 0xd9]);
    // Chunk headers and the small header lists, not the frames.
    expect(reader.bytesRead).toBeLessThan(16 * 1024);
  });

  it('names an MPEG-4 Part 2 AVI by its FourCC (ffmpeg writes FMP4), with no date when none is written', async () => {
    const avi = await readAviHeaders(counted(fixture('containers/clip.avi')));
    expect(avi).toMatchObject({ durationS: 1, width: 64, height: 48, fps: 5, fourcc: 'FMP4', codec: 'MPEG-4 Part 2' });
    expect(avi.meta.takenAt).toBeUndefined();
  });

  it('reads a 4 GB AVI by its headers alone', async () => {
    const clip = fixture('video/clip-mjpeg.avi');
    const size = 4 * 2 ** 30;
    const big = {
      size,
      bytesRead: 0,
      async read(offset: number, length: number) {
        const end = Math.min(size, offset + length);
        big.bytesRead += end - offset;
        const out = new Uint8Array(end - offset);
        out.set(clip.subarray(Math.min(offset, clip.length), Math.min(end, clip.length)));
        return out;
      },
    };
    expect((await readAviHeaders(big)).codec).toBe('Motion JPEG');
    expect(big.bytesRead).toBeLessThan(16 * 1024);
  });

  it('reads what cameras write: an audio stream first, IDIT, an OpenDML frame count, frames inside rec lists', async () => {
    const strh = (type: string, handler: string, scale: number, rate: number, length: number) =>
      chunk('strh', concat(new TextEncoder().encode(type + handler), words(0, 0, 0, scale, rate, 0, length, 0, 0, 0, 0, 0, 0)));
    const bitmapInfo = concat(words(40, 640, -480), new Uint8Array([1, 0, 24, 0]), new TextEncoder().encode('MJPG'), words(0, 0, 0, 0, 0));
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
    const avi = concat(new TextEncoder().encode('RIFF'), words(0), new TextEncoder().encode('AVI '),
      list('hdrl',
        chunk('avih', words(33_367, 0, 0, 0, 300, 0, 2, 0, 640, 480, 0, 0, 0, 0)),
        list('strl', strh('auds', '\0\0\0\0', 1, 8000, 80_000), chunk('strf', words(1, 8000))),
        list('strl', strh('vids', 'mjpg', 1001, 30_000, 0), chunk('strf', bitmapInfo)),
        list('odml', chunk('dmlh', words(600))),
        chunk('IDIT', 'SAT AUG 21 14:05:00 2005\n\0'),
      ),
      list('movi', list('rec ', chunk('00wb', new Uint8Array(10)), chunk('01dc', new Uint8Array(0))), list('rec ', chunk('00wb', new Uint8Array(10)), chunk('01dc', jpeg))),
    );
    const info = await readAviHeaders(counted(avi));
    expect(info).toMatchObject({ width: 640, height: 480, fps: 29.97, fourcc: 'MJPG', codec: 'Motion JPEG', meta: { takenAt: Date.UTC(2005, 7, 21, 14, 5) } });
    expect(info.durationS).toBeCloseTo(600 / (30_000 / 1001), 6);
    const { offset, length } = info.firstFrame as { offset: number; length: number };
    expect([...avi.subarray(offset, offset + length)]).toEqual([...jpeg]);
  });

  it('says what is missing in a file that is not a whole AVI', async () => {
    const clip = fixture('video/clip-mjpeg.avi');
    await expect(readAviHeaders(counted(clip.subarray(0, 11)))).rejects.toThrow(new AviError('no RIFF AVI header'));
    // The RIFF header and nothing after it.
    await expect(readAviHeaders(counted(clip.subarray(0, 12)))).rejects.toThrow(new AviError('no header list (hdrl)'));
  });

  it('reads the dates cameras write: IDIT as C writes a time, EXIF style, ISO', () => {
    expect(parseAviDate('SAT AUG 21 14:05:00 2005')).toBe(Date.UTC(2005, 7, 21, 14, 5));
    expect(parseAviDate('Mon Jan  3 09:00:07 2005\n')).toBe(Date.UTC(2005, 0, 3, 9, 0, 7));
    expect(parseAviDate('2005:08:21 14:05:00')).toBe(Date.UTC(2005, 7, 21, 14, 5));
    expect(parseAviDate('2005-08-21')).toBe(Date.UTC(2005, 7, 21));
    expect(parseAviDate('SAT FOO 21 14:05:00 2005')).toBeUndefined();
    expect(parseAviDate('a birthday')).toBeUndefined();
  });
});
