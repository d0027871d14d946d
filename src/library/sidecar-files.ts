import type { SidecarSettings } from '../catalog/types';

type SidecarPlace = SidecarSettings['place'];

/** The mirror folder: hidden (a dot folder), so scans skip it and other tools do not list it as photos. */
export const MIRROR_FOLDER = '.shoebox/sidecars';

/**
 * The sidecar's path for a file: beside it, the one it already has (a Lightroom `IMG_1.xmp` stays
 * the one written to), else `name.ext.xmp`; in the mirror, the file's own path under the mirror folder.
 */
export function sidecarPathFor(filePath: string, existing: string | undefined, place: SidecarPlace): string {
  return place === 'mirror' ? `${MIRROR_FOLDER}/${filePath}.xmp` : existing ?? `${filePath}.xmp`;
}

async function parentOf(root: FileSystemDirectoryHandle, path: string, create: boolean): Promise<{ dir: FileSystemDirectoryHandle; name: string }> {
  const parts = path.split('/');
  let dir = root;
  for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create });
  return { dir, name: parts[parts.length - 1] as string };
}

/** The file at `path`, or undefined when it is not there. */
export async function fileAt(root: FileSystemDirectoryHandle, path: string): Promise<File | undefined> {
  try {
    const { dir, name } = await parentOf(root, path, false);
    return await (await dir.getFileHandle(name)).getFile();
  } catch (e) {
    if ((e as DOMException)?.name === 'NotFoundError') return undefined;
    throw e;
  }
}

/**
 * Write a text file whole, atomically: `createWritable()` writes into a swap file (`name.crswap`
 * in Chromium) and `close()` moves it over the file in one step, so a reader (or a crash) sees the
 * old sidecar or the new one, never half of it. On failure the swap file is dropped (`abort`).
 * Returns what the written file now is (size and mtime), for the next scan to recognise it.
 */
export async function writeTextAtomically(root: FileSystemDirectoryHandle, path: string, text: string): Promise<{ size: number; mtime: number }> {
  const { dir, name } = await parentOf(root, path, true);
  const handle = await dir.getFileHandle(name, { create: true });
  const stream = await handle.createWritable({ keepExistingData: false });
  try {
    await stream.write(text);
  } catch (e) {
    await stream.abort().catch(() => undefined);
    throw e;
  }
  await stream.close();
  const file = await handle.getFile();
  return { size: file.size, mtime: file.lastModified };
}

/** Whether Shoebox may write into the folder now, without asking. */
export async function canWrite(handle: FileSystemDirectoryHandle): Promise<boolean> {
  return (await handle.queryPermission?.({ mode: 'readwrite' })) === 'granted';
}

/** Ask for write access (from a click: browsers need a user gesture to ask). */
export async function askToWrite(handle: FileSystemDirectoryHandle): Promise<boolean> {
  if (await canWrite(handle)) return true;
  return (await handle.requestPermission?.({ mode: 'readwrite' })) === 'granted';
}
