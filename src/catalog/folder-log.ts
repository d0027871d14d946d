/**
 * A device's change file in a folder's `.shoebox/devices/<deviceId>.bin`: append-only, written by
 * that device alone (so a sync tool never sees two writers on one file), read by every device.
 *
 *   header  8 bytes: "SBXY", then the format version (u32, little-endian)
 *   records one after another: length (u32 LE), CRC-32 of the payload (u32 LE), payload (a Yjs update)
 *
 * A file a sync tool is still copying ends part way through a record: the broken tail is ignored
 * (with a note), every whole record before it is read. A record whose checksum fails is skipped
 * with a note, and reading goes on after it (its length was whole).
 */
export const LOG_MAGIC = 'SBXY';
export const LOG_VERSION = 1;
const HEADER = 8;
const RECORD_HEAD = 8;
/** No single update is this large: a length beyond it is garbage, not a record. */
const MAX_RECORD = 256 << 20;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = (CRC_TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The bytes a new file starts with. */
export function logHeader(): Uint8Array {
  const out = new Uint8Array(HEADER);
  out.set(new TextEncoder().encode(LOG_MAGIC), 0);
  new DataView(out.buffer).setUint32(4, LOG_VERSION, true);
  return out;
}

/** Byte arrays one after another, as one. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** One record, ready to append. */
export function logRecord(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(RECORD_HEAD + payload.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, payload.length, true);
  view.setUint32(4, crc32(payload), true);
  out.set(payload, RECORD_HEAD);
  return out;
}

export interface ReadLog {
  updates: Uint8Array[];
  /** Bytes up to the end of the last whole record: where this device's next record goes. */
  whole: number;
  /** What was wrong, in words; empty when the file read cleanly. */
  notes: string[];
}

/** Every whole record of a change file. Never throws: a file that is not one is a note. */
export function readLog(bytes: Uint8Array, name = 'The change file'): ReadLog {
  const notes: string[] = [];
  if (bytes.length === 0) return { updates: [], whole: 0, notes };
  const magic = new TextDecoder().decode(bytes.subarray(0, 4));
  if (bytes.length < HEADER || magic !== LOG_MAGIC) {
    return { updates: [], whole: 0, notes: [`${name} is not a Shoebox change file; it was left alone.`] };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== LOG_VERSION) {
    return { updates: [], whole: bytes.length, notes: [`${name} was written by a newer Shoebox (format ${version}); update Shoebox to read it.`] };
  }
  const updates: Uint8Array[] = [];
  let at = HEADER;
  let skipped = 0;
  while (at < bytes.length) {
    if (bytes.length - at < RECORD_HEAD) break;
    const length = view.getUint32(at, true);
    if (length > MAX_RECORD) {
      notes.push(`${name} is damaged after ${updates.length} change${updates.length === 1 ? '' : 's'}; the rest was ignored.`);
      return { updates, whole: at, notes };
    }
    if (bytes.length - at - RECORD_HEAD < length) break;
    const payload = bytes.subarray(at + RECORD_HEAD, at + RECORD_HEAD + length);
    if (crc32(payload) === view.getUint32(at + 4, true)) updates.push(payload);
    else skipped++;
    at += RECORD_HEAD + length;
  }
  if (skipped) notes.push(`${skipped} damaged change${skipped === 1 ? '' : 's'} in ${name} ${skipped === 1 ? 'was' : 'were'} skipped.`);
  if (at < bytes.length) {
    notes.push(`${name} ends part way through a change (a sync may still be copying it); its last ${bytes.length - at} bytes were ignored until it is whole.`);
  }
  return { updates, whole: at, notes };
}
