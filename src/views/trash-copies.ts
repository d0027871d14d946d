import type { ShoeboxDb } from '../catalog/db';
import { filesGone, stillTrashable, type TrashableFile } from '../catalog/duplicate-repo';
import type { FileRow } from '../catalog/types';
import { askToWrite } from '../library/sidecar-files';
import { moveToTrash } from '../library/trash';

/**
 * Move the hidden copies' files into `.shoebox-trash/` in their folders (library/trash.ts), after the
 * person's second confirmation: call it from that click, since asking for write access needs one.
 * Nothing moves unless every folder grants write access; a file whose photo was shown again since it
 * was listed (duplicate-repo.ts `stillTrashable`), or that fails, stays where it was.
 */
export async function trashFiles(db: ShoeboxDb, files: readonly TrashableFile[]): Promise<{ moved: number; failed: string[] }> {
  const sources = new Map(files.map((f) => [f.source.id, f.source]));
  for (const source of sources.values()) {
    if (!(await askToWrite(source.handle))) throw new Error(`Shoebox may not change the folder “${source.name}”: nothing was moved.`);
  }
  // Listed at the first click; what changed since the second is left where it is.
  const { go, stay } = await stillTrashable(db, files);
  const moved: FileRow[] = [];
  const failed = [...stay];
  for (const { file, source } of go) {
    try {
      await moveToTrash(source.handle, file.path);
      moved.push(file);
    } catch (e) {
      failed.push(`${file.path}: ${(e as Error).message}`);
    }
  }
  await filesGone(db, moved);
  return { moved: moved.length, failed };
}
