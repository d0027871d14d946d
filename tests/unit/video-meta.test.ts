import { readFileSync } from 'node:fs';
import { ALL_FORMATS, BlobSource, Input } from 'mediabunny';
import { describe, expect, it } from 'vitest';
import { matroskaDate, movieCreationTime, parseIso6709, parseVideoDate, quickTimeDate, videoMeta } from '../../src/imaging/video-meta';

const fixture = (name: string) => new Blob([readFileSync(`tests/fixtures/video/${name}`)]);

/** The tags mediabunny reads from a fixture, and the movie header's creation time. */
async function containerOf(name: string) {
  const file = fixture(name);
  const input = new Input({ source: new BlobSource(file), formats: ALL_FORMATS });
  try {
    return { tags: await input.getMetadataTags(), created: await movieCreationTime(file) };
  } finally {
    input.dispose();
  }
}

describe('video metadata', () => {
  it('reads ISO 6709 points in decimal degrees and in degrees-minutes-seconds', () => {
    expect(parseIso6709('+38.7223-009.1393+010.000/')).toEqual({ lat: 38.7223, lng: -9.1393, alt: 10 });
    expect(parseIso6709('+48.8584+002.2945/')).toEqual({ lat: 48.8584, lng: 2.2945 });
    const dm = parseIso6709('+4012.22-07500.25/') as { lat: number; lng: number };
    expect(dm.lat).toBeCloseTo(40 + 12.22 / 60, 6);
    expect(dm.lng).toBeCloseTo(-(75 + 0.25 / 60), 6);
    const dms = parseIso6709('-334530.5+1511230CRSWGS_84/') as { lat: number; lng: number };
    expect(dms.lat).toBeCloseTo(-(33 + 45 / 60 + 30.5 / 3600), 6);
    expect(dms.lng).toBeCloseTo(151 + 12 / 60 + 30 / 3600, 6);
    expect(parseIso6709('+95.0+010.0/')).toBeUndefined();
    expect(parseIso6709('Lisbon')).toBeUndefined();
  });

  it('reads dates as wall-clock time with their offset, like EXIF dates', () => {
    expect(parseVideoDate('2019-07-14T18:30:00+0200')).toEqual({ takenAt: Date.UTC(2019, 6, 14, 18, 30), offset: '+02:00' });
    expect(parseVideoDate('2019-07-14T18:30:00-05:30')).toEqual({ takenAt: Date.UTC(2019, 6, 14, 18, 30), offset: '-05:30' });
    expect(parseVideoDate('2021-06-01T10:00:00.000000Z')).toEqual({ takenAt: Date.UTC(2021, 5, 1, 10), offset: '+00:00' });
    expect(parseVideoDate('2019-07-14 18:30')).toEqual({ takenAt: Date.UTC(2019, 6, 14, 18, 30) });
    expect(parseVideoDate('2019')).toEqual({ takenAt: Date.UTC(2019, 0, 1) });
    expect(parseVideoDate('2019-13-01')).toBeUndefined();
    expect(parseVideoDate('yesterday')).toBeUndefined();
    // QuickTime counts seconds from 1904 (UTC); 0 is "not set".
    expect(quickTimeDate(3_705_386_400)).toEqual({ takenAt: Date.UTC(2021, 5, 1, 10), offset: '+00:00' });
    expect(quickTimeDate(0)).toBeUndefined();
  });

  it("takes an iPhone MOV's local date with its zone, its place and camera from Apple's keys", async () => {
    const { tags, created } = await containerOf('clip-iphone.mov');
    expect(videoMeta(tags, created)).toMatchObject({
      takenAt: Date.UTC(2019, 6, 14, 18, 30), takenAtOffset: '+02:00', gps: { lat: 38.7223, lng: -9.1393, alt: 10 }, make: 'Apple', model: 'iPhone 12',
    });
  });

  it('falls back to the movie header (UTC) and reads ©xyz', async () => {
    const h264 = await containerOf('clip-h264.mp4');
    expect(h264.created).toBe(Date.UTC(2021, 5, 1, 10) / 1000 + 2_082_844_800);
    expect(videoMeta(h264.tags, h264.created)).toMatchObject({ takenAt: Date.UTC(2021, 5, 1, 10), takenAtOffset: '+00:00' });
    const hevc = await containerOf('clip-hevc.mp4');
    expect(videoMeta(hevc.tags, hevc.created)).toMatchObject({ takenAt: Date.UTC(2022, 4, 20, 8, 15), takenAtOffset: '+00:00', gps: { lat: 48.8584, lng: 2.2945 } });
  });

  it("takes a WebM's date from its Segment Info's DateUTC, read from the head only", async () => {
    const webm = fixture('clip-vp9.webm');
    const taken = Date.UTC(2020, 2, 15, 12, 34, 56);
    expect(await matroskaDate(webm)).toBe(taken);
    const { tags } = await containerOf('clip-vp9.webm');
    expect(videoMeta(tags, undefined, await matroskaDate(webm))).toMatchObject({ takenAt: taken, takenAtOffset: '+00:00' });
    // The same file followed by 1 GB of clusters: only the head is read.
    const bytes = new Uint8Array(await webm.arrayBuffer());
    let read = 0;
    const big = { size: 2 ** 30, slice: (start = 0, end = 2 ** 30) => ((read += end - start), new Blob([bytes.subarray(start, end)])) };
    expect(await matroskaDate(big)).toBe(taken);
    expect(read).toBeLessThanOrEqual(64 * 1024);
    // No DateUTC (or not Matroska at all): no date.
    expect(await matroskaDate(fixture('clip-h264.mp4'))).toBeUndefined();
    expect(await matroskaDate(new Blob([bytes.subarray(0, 0x40)]))).toBeUndefined();
  });

  it('finds the movie header behind a large mdat, reading only box headers', async () => {
    const mp4 = new Uint8Array(readFileSync('tests/fixtures/video/clip-h264.mp4'));
    // A 1 GB `mdat` in front of the whole file (as a camera writes moov last): only headers are read.
    const size = 2 ** 30;
    let read = 0;
    const file = {
      size: size + mp4.length,
      slice(start = 0, end = size + mp4.length) {
        read += end - start;
        const piece = new Uint8Array(end - start);
        for (let i = start; i < end; i++) if (i < 8) piece[i - start] = [0x40, 0, 0, 0, 0x6d, 0x64, 0x61, 0x74][i] as number; else if (i >= size) piece[i - start] = mp4[i - size] as number;
        return new Blob([piece]);
      },
    };
    expect(await movieCreationTime(file)).toBe(Date.UTC(2021, 5, 1, 10) / 1000 + 2_082_844_800);
    expect(read).toBeLessThan(1024);
  });
});
