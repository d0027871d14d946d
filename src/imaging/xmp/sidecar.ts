import type { PhotoMeta } from '../../catalog/types';
import { applyXmpFacts, factsOf } from './xmp-read';
import { parseXmp, XmpError } from './xmp-tree';

/** A sidecar is a few KB; past this it is not one a photo tool wrote, and is not read. */
export const MAX_SIDECAR_BYTES = 4 * 1024 * 1024;

/** A sidecar past MAX_SIDECAR_BYTES is not read (nor merged into, when writing): an XmpError. */
export function checkSidecarSize(bytes: number): void {
  if (bytes > MAX_SIDECAR_BYTES) throw new XmpError(`it is ${Math.round(bytes / 2 ** 20)} MB, too large for a sidecar`);
}

/**
 * A photo's metadata with its XMP sidecar laid over it. A sidecar that cannot be read (damaged,
 * too large, gone) is a warning on the photo, never a failure of the photo.
 */
export async function withSidecar(meta: PhotoMeta, sidecar: FileSystemFileHandle | File): Promise<PhotoMeta> {
  const name = sidecar.name;
  try {
    const file = sidecar instanceof File ? sidecar : await sidecar.getFile();
    checkSidecarSize(file.size);
    return applyXmpFacts(meta, factsOf(parseXmp(await file.text())));
  } catch (e) {
    const why = e instanceof XmpError ? e.message : `it could not be read: ${(e as Error)?.message ?? String(e)}`;
    return { ...meta, warnings: [...meta.warnings, `The sidecar ${name} was ignored (${why.replace(/\.$/, '')}).`] };
  }
}

const XMP_START = new TextEncoder().encode('<x:xmpmeta');
const XMP_END = new TextEncoder().encode('</x:xmpmeta>');

function indexOf(bytes: Uint8Array, needle: Uint8Array, from = 0): number {
  const first = needle[0] as number;
  for (let i = bytes.indexOf(first, from); i >= 0 && i <= bytes.length - needle.length; i = bytes.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && bytes[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

/**
 * The facts only Shoebox's own XMP reader gives (keyword paths, face regions) from the packet
 * embedded in a picture's metadata bytes; exifr already reads the rest. Never throws.
 */
export function withEmbeddedXmp(meta: PhotoMeta, metadataBytes: Uint8Array): PhotoMeta {
  const start = indexOf(metadataBytes, XMP_START);
  if (start < 0) return meta;
  const end = indexOf(metadataBytes, XMP_END, start);
  if (end < 0) return meta;
  try {
    const facts = factsOf(parseXmp(new TextDecoder().decode(metadataBytes.subarray(start, end + XMP_END.length))));
    return applyXmpFacts(meta, { ...(facts.hierarchical ? { hierarchical: facts.hierarchical } : {}), ...(facts.regions ? { regions: facts.regions } : {}) });
  } catch {
    return meta; // exifr's reading of the same packet stands
  }
}
