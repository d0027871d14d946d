import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';

/** The committed H.264 clip (tests/fixtures/make-video.mjs): 320×240, 2 s, `moov` after `mdat`, as ffmpeg writes it. */
const CLIP = 'tests/fixtures/video/clip-h264.mp4';

/** The top-level boxes of an MP4 (none of the fixture's is over 4 GB: 32-bit sizes only). */
function topBoxes(bytes: Buffer): { type: string; at: number; size: number }[] {
  const boxes = [];
  for (let at = 0; at + 8 <= bytes.length; ) {
    const size = bytes.readUInt32BE(at);
    if (size < 8) throw new Error(`${CLIP}: a box at ${at} has size ${size}`);
    boxes.push({ type: bytes.toString('latin1', at + 4, at + 8), at, size });
    at += size;
  }
  return boxes;
}

/**
 * Write a real, decodable MP4 of `bytes` into the OPFS folder `folder`: the committed clip with its
 * `mdat` grown to fill the file, as a camera's long recording is laid out (`ftyp`, a huge `mdat`,
 * the `moov` at the very end). The clip's frames stay where its sample table says (the `mdat` keeps
 * its start and its 32-bit header), and the bytes after them are those frames repeated, unreferenced.
 * So indexing sniffs it, hashes all of it, finds the `moov` past the `mdat` by box headers and
 * decodes a real poster. Written 8 MB at a time: the page never holds the file.
 */
export async function writeBigVideo(page: Page, folder: string, name: string, bytes: number): Promise<void> {
  const clip = readFileSync(CLIP);
  const boxes = topBoxes(clip);
  const mdat = boxes.find((b) => b.type === 'mdat');
  const moov = boxes.find((b) => b.type === 'moov');
  if (!mdat || !moov || moov.at !== mdat.at + mdat.size || moov.at + moov.size !== clip.length) throw new Error(`${CLIP}: expected … mdat, moov at the end`);
  if (bytes >= 2 ** 32 + mdat.at) throw new Error('the grown mdat must fit a 32-bit box size');
  await page.evaluate(
    async ({ folder, name, bytes, clip, mdatAt, moovAt }) => {
      const all = Uint8Array.from(atob(clip), (c) => c.charCodeAt(0));
      const head = all.slice(0, moovAt);
      const moov = all.slice(moovAt);
      const grown = bytes - moov.length - mdatAt;
      new DataView(head.buffer).setUint32(mdatAt, grown);
      const frames = all.subarray(mdatAt + 8, moovAt);
      const filler = new Uint8Array(8 * 2 ** 20);
      for (let at = 0; at < filler.length; at += frames.length) filler.set(frames.subarray(0, Math.min(frames.length, filler.length - at)), at);
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder, { create: true });
      const w = await (await dir.getFileHandle(name, { create: true })).createWritable();
      await w.write(head);
      const end = bytes - moov.length;
      for (let at = head.length; at < end; at += filler.length) await w.write(at + filler.length <= end ? filler : filler.subarray(0, end - at));
      await w.write(moov);
      await w.close();
    },
    { folder, name, bytes, clip: clip.toString('base64'), mdatAt: mdat.at, moovAt: moov.at },
  );
}
