import { concatBytes, logHeader, logRecord, readLog } from '../catalog/folder-log';

/**
 * The files of the catalogue kept in a granted folder: `.shoebox/devices/<deviceId>.bin`, one
 * append-only change file per device (folder-log.ts), and `<deviceId>.json`, the device's name.
 * Only `.shoebox/` is ever written; a folder's photos never are. Scans skip dot folders.
 */
export const DEVICES_FOLDER = '.shoebox/devices';
const DEVICE_FILE = /^([0-9a-z-]{4,64})\.(bin|json)$/;

export interface DeviceFile {
  id: string;
  bytes: Uint8Array;
  /** The name the device gave itself, when its `.json` says one. */
  name?: string;
}

export interface FolderFiles {
  devices: DeviceFile[];
  /** Files in `.shoebox/devices/` that are not a device's: left alone, and said. */
  foreign: string[];
}

async function devicesDir(root: FileSystemDirectoryHandle, create: boolean): Promise<FileSystemDirectoryHandle | undefined> {
  try {
    const shoebox = await root.getDirectoryHandle('.shoebox', { create });
    return await shoebox.getDirectoryHandle('devices', { create });
  } catch (e) {
    if ((e as DOMException)?.name === 'NotFoundError' && !create) return undefined;
    throw e;
  }
}

/** Every device's change file in the folder (none yet: an empty list). */
export async function readFolderFiles(root: FileSystemDirectoryHandle): Promise<FolderFiles> {
  const dir = await devicesDir(root, false);
  const out: FolderFiles = { devices: [], foreign: [] };
  if (!dir) return out;
  const byId = new Map<string, DeviceFile>();
  for await (const entry of (dir as unknown as { values(): AsyncIterable<FileSystemHandle> }).values()) {
    const match = entry.kind === 'file' ? DEVICE_FILE.exec(entry.name) : null;
    if (!match) {
      // Sync tools leave their own files (`.syncthing.x.tmp`, conflict copies): not ours to read.
      out.foreign.push(entry.name);
      continue;
    }
    const [, id, ext] = match as unknown as [string, string, string];
    const device = byId.get(id) ?? { id, bytes: new Uint8Array() };
    byId.set(id, device);
    const file = await (entry as FileSystemFileHandle).getFile();
    if (ext === 'bin') device.bytes = new Uint8Array(await file.arrayBuffer());
    else {
      try {
        const said = JSON.parse(await file.text()) as { name?: unknown };
        if (typeof said.name === 'string' && said.name.trim()) device.name = said.name.trim().slice(0, 100);
      } catch {
        // A name file being copied, or damaged: the device shows by its id until it is whole.
      }
    }
  }
  out.devices = [...byId.values()];
  return out;
}

/**
 * Append records to this device's change file, starting it with its header when new. `known` is
 * where the caller last saw its last whole record end; when the file's size says otherwise (another
 * tab appended, or a write was cut short) the file is read again to find it (folder-log.ts
 * `readLog`), and anything after it is cut off first, so the file stays a clean run of records.
 * Returns where the file now ends.
 */
export async function appendChanges(root: FileSystemDirectoryHandle, deviceId: string, updates: readonly Uint8Array[], known: number): Promise<number> {
  const dir = (await devicesDir(root, true)) as FileSystemDirectoryHandle;
  const handle = await dir.getFileHandle(`${deviceId}.bin`, { create: true });
  const file = await handle.getFile();
  const size = file.size;
  const start = size === known ? size : readLog(new Uint8Array(await file.arrayBuffer())).whole;
  const bytes = concatBytes([...(start === 0 ? [logHeader()] : []), ...updates.map(logRecord)]);
  // Chromium writes into a swap copy and moves it over the file on close: a reader sees the file before or after, whole.
  const stream = await handle.createWritable({ keepExistingData: true });
  try {
    if (start < size) await stream.truncate(start);
    await stream.write({ type: 'write', position: start, data: bytes as Uint8Array<ArrayBuffer> });
  } catch (e) {
    await stream.abort().catch(() => undefined);
    throw e;
  }
  await stream.close();
  return start + bytes.length;
}

/** Say this device's name to the others (`<deviceId>.json`). */
export async function writeDeviceName(root: FileSystemDirectoryHandle, deviceId: string, name: string): Promise<void> {
  const dir = (await devicesDir(root, true)) as FileSystemDirectoryHandle;
  const handle = await dir.getFileHandle(`${deviceId}.json`, { create: true });
  const stream = await handle.createWritable({ keepExistingData: false });
  await stream.write(JSON.stringify({ name, app: 'Shoebox' }));
  await stream.close();
}
