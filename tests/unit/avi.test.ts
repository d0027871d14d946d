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
