import { createHash, webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HASH_CHUNK, sha256OfBytes, sha256OfFile } from '../../src/imaging/hash';
import { indexOpenedFile, MAX_PICTURE_BYTES, type OpenedFile } from '../../src/imaging/index-file';
import { HEAD_BYTES } from '../../src/imaging/media-type';

const subtleHex = async (bytes: Uint8Array) =>
  Buffer.from(await webcrypto.subtle.digest('SHA-256', bytes)).toString('hex');

/** Bytes that differ everywhere, so a slice read at the wrong offset changes the hash. */
function noise(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('streaming SHA-256 (photo ids)', () => {
  it('equals crypto.subtle SHA-256 of the whole file, for every size around the chunk boundaries', async () => {
    const chunk = 1024; // small chunks: the same code path as 4 MiB, with many boundaries
    for (const size of [0, 1, 55, 64, 1023, 1024, 1025, 2048, 3 * 1024 + 7, 100_000]) {
      const bytes = noise(size, size + 1);
      const expected = await subtleHex(bytes);
      expect(await sha256OfFile(new Blob([bytes as BlobPart]), chunk), `size ${size}`).toBe(expected);
      expect(await sha256OfBytes(bytes), `size ${size}`).toBe(expected);
    }
  });

  it('equals it with the real chunk size, across its boundary', async () => {
    const bytes = noise(HASH_CHUNK + 12_345, 7);
    const blob = new Blob([bytes as BlobPart]);
    expect(await sha256OfFile(blob)).toBe(await subtleHex(bytes));
  });
});

/**
 * A 1 GB file that is all zeros but its head: it must be identified, hashed and listed, and
 * never read whole (arrayBuffer() on it throws, and no slice may be larger than a hash chunk).
 */
function hugeFile(name: string, head: Uint8Array, size = 1024 ** 3): OpenedFile & { largestSlice: number; bytesRead: number } {
  const file = {
    name,
    size,
    largestSlice: 0,
    bytesRead: 0,
    arrayBuffer(): Promise<ArrayBuffer> {
      throw new Error('read whole');
    },
    slice(start = 0, end = size): Blob {
      const from = Math.max(0, start);
      const to = Math.min(size, end);
      file.largestSlice = Math.max(file.largestSlice, to - from);
      file.bytesRead += to - from;
      const piece = new Uint8Array(to - from);
      if (from < head.length) piece.set(head.subarray(from, Math.min(head.length, to)));
      return new Blob([piece]);
    },
  };
  return file;
}

/** The same content hashed by Node as a stream: the id the file must get. */
function expectedHash(head: Uint8Array, size: number): string {
  const hash = createHash('sha256');
  hash.update(head);
  const zeros = new Uint8Array(HASH_CHUNK);
  for (let left = size - head.length; left > 0; left -= zeros.length) hash.update(zeros.subarray(0, Math.min(left, zeros.length)));
  return hash.digest('hex');
}

const mp4Head = () => {
  const b = Buffer.alloc(32);
  b.write('\0\0\0\x18ftypmp42\0\0\0\0isommp42', 0, 'binary');
  return new Uint8Array(b);
};

describe('a big file is never read whole', () => {
  it('sniffs, hashes in chunks and reads the container of a 1 GB video without reading it whole', async () => {
    const head = mp4Head();
    const file = hugeFile('holiday.mp4', head);
    const outcome = await indexOpenedFile(7, file);
    // An `ftyp` and zeros: no movie in it, said so, and listed.
    expect(outcome).toEqual({
      kind: 'problem', fileId: 7, status: 'failed', error: 'MP4 video: the file is damaged or incomplete (no track could be read).', mediaType: 'video/mp4',
      hash: expectedHash(head, file.size),
    });
    expect(file.largestSlice).toBeLessThanOrEqual(Math.max(HASH_CHUNK, HEAD_BYTES));
    // The head, one pass to hash, and what the demuxer looked at: box headers, not the file.
    expect(file.bytesRead - HEAD_BYTES - file.size).toBeLessThan(2 ** 20);
  }, 120_000);

  it('refuses a picture larger than the limit instead of reading it whole', async () => {
    const size = MAX_PICTURE_BYTES + 100 * 2 ** 20; // 300 MB
    const file = hugeFile('panorama.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), size);
    const outcome = await indexOpenedFile(8, file);
    expect(outcome).toMatchObject({ kind: 'problem', status: 'failed', mediaType: 'image/jpeg', error: 'Too large to open safely: a 300 MB JPEG file; Shoebox reads pictures up to 200 MB.' });
    expect(file.largestSlice).toBeLessThanOrEqual(HASH_CHUNK);
  }, 60_000);

  it('reads no more than the head of a file that is not media', async () => {
    const file = hugeFile('backup.bin', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 1, 2, 3]));
    expect(await indexOpenedFile(9, file)).toMatchObject({ kind: 'problem', status: 'failed', error: expect.stringMatching(/^Not a picture/) });
    expect(file.bytesRead).toBe(HEAD_BYTES);
  });
});
