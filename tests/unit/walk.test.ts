import { describe, expect, it } from 'vitest';
import { ScanPermissionError, walkFolder, type WalkEntry } from '../../src/library/walk';
import { makeJpeg } from '../fixtures/photos.mjs';

type Tree = { [name: string]: Tree | Uint8Array | (() => never) };

/** A FileSystemDirectoryHandle look-alike over an in-memory tree; a function entry throws on getFile(). */
function dirHandle(tree: Tree, name = 'root'): FileSystemDirectoryHandle {
  return {
    kind: 'directory',
    name,
    async *entries() {
      for (const [key, value] of Object.entries(tree)) {
        if (value instanceof Uint8Array || typeof value === 'function') {
          yield [key, {
            kind: 'file',
            name: key,
            async getFile() {
              if (typeof value === 'function') value();
              return new File([value as Uint8Array<ArrayBuffer>], key, { lastModified: 1000 });
            },
          }];
        } else {
          yield [key, dirHandle(value, key)];
        }
      }
    },
  } as unknown as FileSystemDirectoryHandle;
}

const jpeg = new Uint8Array(makeJpeg({ width: 8, height: 8 }));
const domError = (name: string) => () => {
  throw new DOMException(name, name);
};

async function walk(tree: Tree) {
  const seen: WalkEntry[] = [];
  const summary = await walkFolder(dirHandle(tree), (batch) => void seen.push(...batch), { batchSize: 2, parallel: 2 });
  return { paths: seen.map((e) => e.path).sort(), summary };
}

describe('walkFolder', () => {
  it('finds media recursively, by extension or by bytes, and skips hidden, NAS and non-media files', async () => {
    const { paths, summary } = await walk({
      'a.jpg': jpeg,
      IMG_0002: jpeg,
      'notes.txt': new Uint8Array([104, 105]),
      'mystery.bin': new Uint8Array([1, 2, 3]),
      '.DS_Store': new Uint8Array([0]),
      '2020': { 'b.JPG': jpeg, deeper: { 'c.heic': new Uint8Array([0]) } },
      '.git': { 'x.jpg': jpeg },
      '@eaDir': { 'y.jpg': jpeg },
      '#recycle': { 'z.jpg': jpeg },
    });
    expect(paths).toEqual(['2020/b.JPG', '2020/deeper/c.heic', 'IMG_0002', 'a.jpg']);
    expect(summary).toMatchObject({ files: 4, vanished: 0, skippedFolders: 3 });
  });

  it("gives each file its XMP sidecar (name.ext.xmp first, else name.xmp, any case) and never lists a sidecar as a file", async () => {
    const xmp = new Uint8Array([60, 120]);
    const seen: WalkEntry[] = [];
    await walkFolder(dirHandle({
      'a.jpg': jpeg, 'a.jpg.xmp': xmp, 'a.xmp': xmp,
      'IMG_2.CR2': jpeg, 'IMG_2.JPG': jpeg, 'img_2.XMP': xmp,
      'lonely.xmp': xmp, 'b.jpg': jpeg,
      sub: { 'c.jpg': jpeg, 'C.JPG.xmp': xmp },
    }), (batch) => void seen.push(...batch), { batchSize: 2, parallel: 2 });
    const sidecars = Object.fromEntries(seen.map((e) => [e.path, e.sidecar?.path]));
    expect(sidecars).toEqual({ 'a.jpg': 'a.jpg.xmp', 'IMG_2.CR2': 'img_2.XMP', 'IMG_2.JPG': 'img_2.XMP', 'b.jpg': undefined, 'sub/c.jpg': 'sub/C.JPG.xmp' });
    expect(seen.find((e) => e.path === 'a.jpg')?.sidecar).toMatchObject({ size: 2, mtime: 1000 });
  });

  it('skips a file that vanishes mid-scan and keeps going', async () => {
    const { paths, summary } = await walk({ 'a.jpg': jpeg, 'gone.jpg': domError('NotFoundError'), 'b.jpg': jpeg });
    expect(paths).toEqual(['a.jpg', 'b.jpg']);
    expect(summary.vanished).toBe(1);
  });

  it('stops with a permission error when access is withdrawn mid-scan', async () => {
    await expect(walk({ 'a.jpg': jpeg, 'b.jpg': jpeg, 'c.jpg': domError('NotAllowedError') })).rejects.toBeInstanceOf(ScanPermissionError);
  });

  it('hands over a small first batch, so indexing starts before hundreds of files are read', async () => {
    const tree: Tree = {};
    for (let i = 0; i < 300; i++) tree[`IMG_${String(i).padStart(4, '0')}.jpg`] = jpeg;
    const sizes: number[] = [];
    await walkFolder(dirHandle(tree), (batch) => void sizes.push(batch.length));
    expect(sizes).toEqual([24, 250, 26]);
  });
});
