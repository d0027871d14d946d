import { createSHA256 } from 'hash-wasm';

/**
 * Content hashes (a photo's id: the SHA-256 hex of the whole file), computed in bounded memory.
 * `crypto.subtle.digest` has no streaming form, so it needs the whole file in one buffer; hash-wasm's
 * SHA-256 takes the file slice by slice. Its wasm is embedded in the module (nothing fetched; the
 * CSP's 'wasm-unsafe-eval' allows compiling it).
 */

/** Bytes read per step: large enough to keep the hash fast, small enough not to matter. */
export const HASH_CHUNK = 4 * 1024 * 1024;

/** What hashing needs of a File: its size and slices. */
export type Sliceable = Pick<Blob, 'size' | 'slice'>;

/** SHA-256 hex of a file, read `chunk` bytes at a time: memory does not grow with the file. */
export async function sha256OfFile(file: Sliceable, chunk = HASH_CHUNK): Promise<string> {
  const hasher = await createSHA256();
  hasher.init();
  for (let at = 0; at < file.size; at += chunk) {
    hasher.update(new Uint8Array(await file.slice(at, Math.min(at + chunk, file.size)).arrayBuffer()));
  }
  return hasher.digest('hex');
}

/** SHA-256 hex of bytes already in memory (a picture read whole to decode it). */
export async function sha256OfBytes(bytes: Uint8Array): Promise<string> {
  const hasher = await createSHA256();
  hasher.init();
  hasher.update(bytes);
  return hasher.digest('hex');
}
