import { describe, expect, it } from 'vitest';
import { classify, vanished } from '../../src/catalog/scan-diff';
import type { FileRow } from '../../src/catalog/types';

const row = (over: Partial<FileRow> = {}): FileRow => ({ sourceId: 1, path: 'a.jpg', size: 10, mtime: 100, status: 'indexed', hash: 'h', ...over });
const seen = { path: 'a.jpg', size: 10, mtime: 100 };

describe('classify (incremental rescan)', () => {
  it('costs nothing for a file with the same path, size and mtime', () => {
    expect(classify(row(), seen)).toBe('unchanged');
    expect(classify(row({ status: 'unsupported' }), seen)).toBe('unchanged');
  });
  it('indexes new files and files whose size or mtime changed', () => {
    expect(classify(undefined, seen)).toBe('new');
    expect(classify(row({ size: 11 }), seen)).toBe('changed');
    expect(classify(row({ mtime: 101 }), seen)).toBe('changed');
  });
  it("reads an indexed file's metadata again when its sidecar came, went or changed (by size or mtime)", () => {
    const sidecar = { path: 'a.jpg.xmp', size: 5, mtime: 50 };
    const withSidecar = row({ sidecar });
    expect(classify(withSidecar, { ...seen, sidecar })).toBe('unchanged');
    expect(classify(withSidecar, { ...seen, sidecar: { ...sidecar, mtime: 51 } })).toBe('sidecar');
    expect(classify(withSidecar, { ...seen, sidecar: { ...sidecar, size: 6 } })).toBe('sidecar');
    expect(classify(withSidecar, seen)).toBe('sidecar');
    expect(classify(row(), { ...seen, sidecar })).toBe('sidecar');
    // Without a known photo there is nothing to keep: the file is indexed whole.
    expect(classify(row({ hash: undefined }), { ...seen, sidecar })).toBe('changed');
    expect(classify(row({ sidecar }), { ...seen, size: 11, sidecar: { ...sidecar, mtime: 51 } })).toBe('changed');
    expect(classify(row({ status: 'unsupported' }), { ...seen, sidecar })).toBe('unchanged');
  });
  it('tries again what did not finish, and brings back a missing file without decoding it', () => {
    expect(classify(row({ status: 'pending' }), seen)).toBe('retry');
    expect(classify(row({ status: 'failed' }), seen)).toBe('retry');
    expect(classify(row({ status: 'missing' }), seen)).toBe('returned');
    expect(classify(row({ status: 'missing', hash: undefined }), seen)).toBe('retry');
  });
});

describe('vanished', () => {
  it('lists the known paths the scan did not see', () => {
    expect(vanished(['a', 'b/c', 'd'], new Set(['a', 'd', 'new']))).toEqual(['b/c']);
  });
});
