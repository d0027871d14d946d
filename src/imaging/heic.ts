/// <reference types="vite/client" />
/**
 * HEIC decoding in the imaging worker. Where the browser decodes HEIC itself (Safari) it does;
 * elsewhere libheif (LGPL-3.0, compiled to wasm by libheif-js) does, loaded on the first HEIC as
 * a module of its own, its wasm served (and precached) with the app. libheif applies the file's
 * `irot`/`imir` and assembles `grid` tiles (its default decoding options); only the primary
 * picture is decoded, never a depth map or other auxiliary image.
 */
import type { MainModule } from 'libheif-js/libheif-wasm/libheif.js';
import wasmUrl from 'libheif-js/libheif-wasm/libheif.wasm?url';
import { DecodeError, type Decoded } from './decoded';

type Factory = (options: { instantiateWasm: (imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => unknown) => unknown }) => MainModule;

let compiled: Promise<{ factory: Factory; module: WebAssembly.Module }> | undefined;
/** The libheif module, kept while its memory is small; dropped after a large picture (see below). */
let library: MainModule | undefined;
/**
 * A wasm memory only grows: after a 48 MP picture (about 190 MB of RGBA, plus libheif's planes)
 * it would hold that much for the worker's life. Past this size the instance is let go and the
 * next HEIC gets a fresh one (instantiating the compiled module costs about 30 ms).
 */
const KEEP_MEMORY_BYTES = 64 * 1024 * 1024;

async function loadLibrary(): Promise<MainModule> {
  compiled ??= (async () => {
    const [code, response] = await Promise.all([import('libheif-js/libheif-wasm/libheif.js'), fetch(new URL(wasmUrl, self.location.href))]);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return { factory: code.default as unknown as Factory, module: await WebAssembly.compile(await response.arrayBuffer()) };
  })().catch((e: unknown) => {
    compiled = undefined; // offline without the precache, say: try again with the next file
    throw new Error(`The HEIC decoder could not be loaded (${(e as Error).message}).`);
  });
  const { factory, module } = await compiled;
  // Emscripten instantiates synchronously with a compiled module: no streaming, no fetch of its own.
  return (library ??= factory({ instantiateWasm: (imports, receive) => receive(new WebAssembly.Instance(module, imports), module) }));
}

/** Undefined until the first HEIC: whether this browser decodes HEIC itself. */
let native: boolean | undefined;

async function decodeNatively(bytes: Uint8Array): Promise<ImageBitmap | undefined> {
  if (native === false) return undefined;
  if (typeof ImageDecoder !== 'undefined' && !(await ImageDecoder.isTypeSupported('image/heic'))) {
    native = false;
    return undefined;
  }
  try {
    const bitmap = await createImageBitmap(new Blob([bytes as BlobPart], { type: 'image/heic' }));
    native = true;
    return bitmap;
  } catch {
    native ??= false; // Chromium refuses at once, from the first bytes
    return undefined;
  }
}

interface Channel { id: unknown; width: number; height: number; stride: number; data: Uint8Array }

/** The primary picture's RGBA rows (in wasm memory) made into an ImageBitmap, scaled to `size` if given. */
async function toBitmap(channel: Channel, size?: { width: number; height: number }): Promise<ImageBitmap> {
  const { width, height, stride, data } = channel;
  // ImageData over the rows where they are (no copy); a padded stride is cropped away by the bitmap.
  const rows = stride % 4 === 0
    ? new ImageData(new Uint8ClampedArray(data.buffer as ArrayBuffer, data.byteOffset, stride * height), stride / 4, height)
    : copyRows(channel);
  const resize = size && (size.width < width || size.height < height) ? { resizeWidth: size.width, resizeHeight: size.height, resizeQuality: 'high' as const } : {};
  return createImageBitmap(rows, 0, 0, width, height, resize);
}

function copyRows({ width, height, stride, data }: Channel): ImageData {
  const out = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) out.set(data.subarray(y * stride, y * stride + width * 4), y * width * 4);
  return new ImageData(out, width, height);
}

async function decodeWithLibheif(bytes: Uint8Array, size?: { width: number; height: number }): Promise<ImageBitmap> {
  const lib = await loadLibrary();
  const context = lib.heif_context_alloc();
  let handle: unknown;
  try {
    const read = lib.heif_context_read_from_memory(context, bytes);
    if (read.code !== lib.heif_error_code.heif_error_Ok) throw new DecodeError(`libheif: ${(read as { message?: string }).message ?? 'unreadable'}`);
    handle = lib.heif_js_context_get_primary_image_handle(context);
    if (!handle || (handle as { code?: unknown }).code) throw new DecodeError('libheif: no primary picture');
    const image = lib.heif_js_decode_image2(handle as never, lib.heif_colorspace.heif_colorspace_RGB, lib.heif_chroma.heif_chroma_interleaved_RGBA) as { code?: unknown; image: unknown; channels?: Channel[] };
    if (!image || image.code || !image.channels) throw new DecodeError('libheif: the picture could not be decoded');
    try {
      const rgba = image.channels.find((c) => c.id === lib.heif_channel.heif_channel_interleaved);
      if (!rgba) throw new DecodeError('libheif: no RGBA plane');
      return await toBitmap(rgba, size);
    } finally {
      lib.heif_image_release(image.image as never);
    }
  } finally {
    if (handle && !(handle as { code?: unknown }).code) lib.heif_image_handle_release(handle as never);
    lib.heif_context_free(context);
    if (lib.HEAPU8.length > KEEP_MEMORY_BYTES) library = undefined;
  }
}

/**
 * A HEIC's primary picture, upright (irot/imir applied, EXIF Orientation never), at most `size`
 * (the size shown scaled down; omitted: full resolution).
 */
export async function decodeHeic(bytes: Uint8Array, size?: { width: number; height: number }): Promise<Decoded> {
  const bitmap = (await decodeNatively(bytes)) ?? (await decodeWithLibheif(bytes, size));
  return { source: bitmap, width: bitmap.width, height: bitmap.height, partial: false, close: () => bitmap.close() };
}
