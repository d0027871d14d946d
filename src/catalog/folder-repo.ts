import Dexie from 'dexie';
import type { ShoeboxDb } from './db';

/** A folder of a granted folder (or the granted folder itself), with how many photos it holds. */
export interface FolderNode {
  /** What `folder:` takes to find its photos: the granted folder's name, then the path inside it. */
  path: string;
  name: string;
  /** Photos in it and in its sub-folders; a stack (a RAW with its JPEG, a Live Photo) counts once. */
  count: number;
  /** Photos directly in it. */
  own: number;
  children: FolderNode[];
}

const byName = (a: FolderNode, b: FolderNode) => a.name.localeCompare(b.name, undefined, { numeric: true });

/** The node for a folder path, made with its parents as needed. */
function nodeAt(nodes: Map<string, FolderNode>, root: FolderNode, dir: string): FolderNode {
  if (!dir) return root;
  const known = nodes.get(dir);
  if (known) return known;
  const slash = dir.lastIndexOf('/');
  const parent = nodeAt(nodes, root, slash < 0 ? '' : dir.slice(0, slash));
  const node: FolderNode = { path: `${root.path}/${dir}`, name: dir.slice(slash + 1), count: 0, own: 0, children: [] };
  parent.children.push(node);
  nodes.set(dir, node);
  return node;
}

function total(node: FolderNode): number {
  node.children.sort(byName);
  node.count = node.own + node.children.reduce((sum, c) => sum + total(c), 0);
  return node.count;
}

/**
 * Every granted folder's tree of folders that hold indexed files, with their photo counts. Two
 * key-only index reads, whatever the library's size: the indexed files' keys (`status`), then
 * the files' shots in path order (`[sourceId+group]`, a group being `dir/` plus the shot, so the
 * files of one stack are neighbours and count once). No file or photo row is read.
 */
export async function folderTree(db: ShoeboxDb): Promise<FolderNode[]> {
  const [sources, indexed] = await Promise.all([db.sources.toArray(), db.files.where('status').equals('indexed').primaryKeys()]);
  const shown = new Set(indexed);
  const roots: FolderNode[] = [];
  for (const source of sources) {
    const root: FolderNode = { path: source.name, name: source.name, count: 0, own: 0, children: [] };
    const nodes = new Map<string, FolderNode>();
    let last = '';
    await db.files
      .where('[sourceId+group]')
      .between([source.id, Dexie.minKey], [source.id, Dexie.maxKey])
      .eachKey((key, cursor) => {
        const group = (key as unknown as [number, string])[1];
        if (group === last || !shown.has(cursor.primaryKey)) return;
        last = group;
        const slash = group.lastIndexOf('/');
        nodeAt(nodes, root, slash < 0 ? '' : group.slice(0, slash)).own++;
      });
    total(root);
    roots.push(root);
  }
  return roots.sort(byName);
}
