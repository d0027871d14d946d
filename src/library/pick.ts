import {
  extensionOf, isSkippedFile, isSkippedFolder, MEDIA_EXTENSIONS, NON_MEDIA_EXTENSIONS, SNIFF_BYTES, sniffMediaType,
} from '../imaging/media-type';

declare global {
  interface Window {
    showDirectoryPicker?: (options?: {
      id?: string;
      mode?: 'read' | 'readwrite';
      startIn?: 'desktop' | 'documents' | 'downloads' | 'music' | 'pictures' | 'videos' | FileSystemHandle;
    }) => Promise<FileSystemDirectoryHandle>;
  }
  interface FileSystemHandle {
    queryPermission?(descriptor?: { mode?: 'read' | 'readwrite' }): Promise<PermissionState>;
    requestPermission?(descriptor?: { mode?: 'read' | 'readwrite' }): Promise<PermissionState>;
  }
  interface DataTransferItem {
    getAsFileSystemHandle?(): Promise<FileSystemHandle | null>;
  }
}

export class PickError extends Error {
  override name = 'PickError';
}

export function supportsFolderAccess(): boolean {
  return typeof window.showDirectoryPicker === 'function';
}

/**
 * Ask the person for a folder (read only: write access is asked for only by a feature that needs
 * it). Resolves `null` when they cancel: a cancel is a choice, not an error.
 */
export async function pickFolder(): Promise<FileSystemDirectoryHandle | null> {
  const picker = window.showDirectoryPicker;
  if (!picker) throw new PickError('This browser cannot open folders directly; use “Choose folder (upload list)” instead.');
  try {
    return await picker({ id: 'shoebox-library', mode: 'read', startIn: 'pictures' });
  } catch (e) {
    const name = (e as DOMException).name;
    if (name === 'AbortError') return null;
    if (name === 'SecurityError' || name === 'NotAllowedError' || name === 'TypeError') {
      throw new PickError(
        'The browser does not allow this folder because it holds system files (the home or Downloads folder, for example). Choose a subfolder, such as your Pictures folder.',
      );
    }
    throw new PickError(`The folder could not be opened (${(e as Error).message}).`);
  }
}

/** Whether we may read the folder now, without asking. */
export async function canRead(handle: FileSystemDirectoryHandle): Promise<boolean> {
  return (await handle.queryPermission?.({ mode: 'read' })) === 'granted';
}

/** Ask again for read access (must run from a click: browsers require a user gesture). */
export async function reconnect(handle: FileSystemDirectoryHandle): Promise<boolean> {
  if (await canRead(handle)) return true;
  return (await handle.requestPermission?.({ mode: 'read' })) === 'granted';
}

/** The directory handle of a folder dropped on the window, if the browser gives one. */
export async function droppedFolder(items: DataTransferItemList): Promise<FileSystemDirectoryHandle | undefined> {
  for (const item of Array.from(items)) {
    if (item.kind !== 'file' || !item.getAsFileSystemHandle) continue;
    const handle = await item.getAsFileSystemHandle();
    if (handle?.kind === 'directory') return handle as FileSystemDirectoryHandle;
  }
  return undefined;
}

export interface PickedFiles {
  name: string;
  files: [path: string, file: File][];
}

async function isMedia(file: File): Promise<boolean> {
  const ext = extensionOf(file.name);
  if (MEDIA_EXTENSIONS.has(ext)) return true;
  if (NON_MEDIA_EXTENSIONS.has(ext)) return false;
  return sniffMediaType(new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer())) !== undefined;
}

/**
 * The files of a folder picked through `<input webkitdirectory>`, with the same rules as a scan:
 * hidden and system folders skipped, media recognised by extension or by their first bytes.
 */
export async function filesFromInput(list: FileList | readonly File[]): Promise<PickedFiles> {
  const all = Array.from(list);
  const first = all[0]?.webkitRelativePath ?? '';
  const name = first.split('/')[0] || 'Folder';
  const kept: [string, File][] = [];
  await Promise.all(
    all.map(async (file) => {
      const parts = (file.webkitRelativePath || file.name).split('/');
      const path = parts.length > 1 ? parts.slice(1).join('/') : parts.join('/');
      const folders = path.split('/').slice(0, -1);
      if (folders.some(isSkippedFolder) || isSkippedFile(file.name)) return;
      if (await isMedia(file)) kept.push([path, file]);
    }),
  );
  kept.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return { name, files: kept };
}

/** Resolve a file inside a granted folder by its relative path (to open an original). */
export async function fileAt(root: FileSystemDirectoryHandle, path: string): Promise<File> {
  const parts = path.split('/');
  let dir = root;
  for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
  return (await dir.getFileHandle(parts[parts.length - 1] as string)).getFile();
}
