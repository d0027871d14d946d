/**
 * Moving an original out of the way, never deleting it: into `.shoebox-trash/` inside its granted
 * folder, at the path it had (`.shoebox-trash/2019/IMG_1.jpg`), from where the person can move it
 * back with any file manager. A dot folder, so scans skip it (media-type.ts `isSkippedFolder`).
 * Only the Duplicates view calls it, after the person confirmed twice and granted write access.
 */
export const TRASH_FOLDER = '.shoebox-trash';

type Movable = FileSystemFileHandle & { move?(to: FileSystemDirectoryHandle, name: string): Promise<void> };

async function dirAt(root: FileSystemDirectoryHandle, parts: readonly string[], create: boolean): Promise<FileSystemDirectoryHandle> {
  let dir = root;
  for (const part of parts) dir = await dir.getDirectoryHandle(part, { create });
  return dir;
}

/** Whether `name` is taken in `dir`: by a file, or by a folder (TypeMismatchError). Any other failure is thrown, never read as free. */
async function exists(dir: FileSystemDirectoryHandle, name: string): Promise<boolean> {
  try {
    await dir.getFileHandle(name);
    return true;
  } catch (e) {
    const reason = (e as DOMException)?.name;
    if (reason === 'NotFoundError') return false;
    if (reason === 'TypeMismatchError') return true;
    throw e;
  }
}

/** A name not taken in `dir`: `IMG_1.jpg`, else `IMG_1 (2).jpg`, `IMG_1 (3).jpg`… */
async function freeName(dir: FileSystemDirectoryHandle, name: string): Promise<string> {
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  let candidate = name;
  for (let n = 2; await exists(dir, candidate); n++) candidate = `${stem} (${n})${ext}`;
  return candidate;
}

/**
 * Move the file at `path` (relative to `root`) into the trash; answers its path there. Where the
 * browser cannot move a handle, the file is copied, the copy's size checked, and only then is the
 * original removed, so a failure leaves the original where it was.
 */
export async function moveToTrash(root: FileSystemDirectoryHandle, path: string): Promise<string> {
  const parts = path.split('/');
  const name = parts.pop() as string;
  const from = await dirAt(root, parts, false);
  const handle = (await from.getFileHandle(name)) as Movable;
  const to = await dirAt(root, [TRASH_FOLDER, ...parts], true);
  const target = await freeName(to, name);
  if (handle.move) {
    await handle.move(to, target);
  } else {
    const file = await handle.getFile();
    const copy = await to.getFileHandle(target, { create: true });
    const stream = await copy.createWritable();
    await stream.write(file);
    await stream.close();
    if ((await copy.getFile()).size !== file.size) throw new Error(`${path} could not be copied into ${TRASH_FOLDER} whole; it was left where it is.`);
    await from.removeEntry(name);
  }
  return [TRASH_FOLDER, ...parts, target].join('/');
}
