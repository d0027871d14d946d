import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { folderTree, type FolderNode } from '../../src/catalog/folder-repo';
import { addSource } from '../../src/catalog/source-repo';
import type { FileStatus } from '../../src/catalog/types';
import { useFreshDb } from './catalog-factories';

const db = useFreshDb('folders');

async function files(sourceName: string, list: [path: string, status: FileStatus][]) {
  const source = await addSource(db(), { name: sourceName, kind: 'input' });
  await db().files.bulkAdd(list.map(([path, status], i) => ({ sourceId: source.id, path, size: 1, mtime: i, status })));
}

/** A tree as `name count (own)` lines, indented by depth. */
const lines = (nodes: FolderNode[], depth = 0): string[] =>
  nodes.flatMap((n) => [`${'  '.repeat(depth)}${n.name} ${n.count} (${n.own}) ${n.path}`, ...lines(n.children, depth + 1)]);

describe('the folder tree', () => {
  it('counts photos per folder and below it, a stack once, files not shown not at all', async () => {
    await files('Family', [
      ['top.jpg', 'indexed'],
      ['2019/a.jpg', 'indexed'],
      ['2019/Summer/IMG_0002.JPG', 'indexed'],
      ['2019/Summer/IMG_0002.CR2', 'indexed'], // a RAW with its JPEG: one photo
      ['2019/Summer/broken.jpg', 'failed'],
      ['2019/10 October/b.jpg', 'indexed'],
      ['2019/9 September/c.jpg', 'pending'],
      ['2019/9 September/d.jpg', 'indexed'],
      ['old/gone.jpg', 'missing'],
    ]);
    await files('Phone', [['DCIM/Camera/x.jpg', 'indexed']]);
    expect(lines(await folderTree(db()))).toEqual([
      'Family 5 (1) Family',
      '  2019 4 (1) Family/2019',
      '    9 September 1 (1) Family/2019/9 September',
      '    10 October 1 (1) Family/2019/10 October',
      '    Summer 1 (1) Family/2019/Summer',
      'Phone 1 (0) Phone',
      '  DCIM 1 (0) Phone/DCIM',
      '    Camera 1 (1) Phone/DCIM/Camera',
    ]);
  });
});
