import { configure } from '@zip.js/zip.js/index-native.js';

/**
 * zip.js, configured once for Shoebox. The `index-native` build compresses with the browser's own
 * CompressionStream (no wasm, no inline worker from a blob URL, so it runs under a strict CSP
 * and offline). No web workers: tiles are stored (level 0, WebP is compressed already) and only
 * the small NDJSON entries are deflated, so the page's work is CRC-32 in 64 KB chunks, which
 * leaves the UI responsive (the bench records the longest main-thread task of an export).
 */
configure({ useWebWorkers: false });

export { BlobReader, BlobWriter, TextReader, ZipReader, ZipWriter, type Entry, type FileEntry } from '@zip.js/zip.js/index-native.js';
