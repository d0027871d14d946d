/** Where an export is written: a file the person picks, or a download when the browser cannot. */
export interface SaveTarget {
  writable: WritableStream<Uint8Array>;
  /** Called once the stream is closed: hands a download to the browser; nothing for a picked file. */
  finish(): Promise<void>;
}

declare global {
  interface Window {
    showSaveFilePicker?: (options?: {
      suggestedName?: string;
      types?: { description: string; accept: Record<string, string[]> }[];
    }) => Promise<FileSystemFileHandle>;
  }
}

/**
 * The file to write, straight to disk through the File System Access API (Chromium): memory stays
 * flat however large the backup. Elsewhere the stream becomes a Blob, which the browser keeps on
 * disk when it is large, then a download. Undefined when the person closes the picker.
 */
export async function saveTarget(name: string): Promise<SaveTarget | undefined> {
  if (typeof window.showSaveFilePicker === 'function') {
    try {
      const handle = await window.showSaveFilePicker({ suggestedName: name, types: [{ description: 'Shoebox backup', accept: { 'application/zip': ['.zip'] } }] });
      return { writable: (await handle.createWritable()) as WritableStream<Uint8Array>, finish: async () => undefined };
    } catch (e) {
      if ((e as Error).name === 'AbortError') return undefined;
      throw e;
    }
  }
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const blob = new Response(readable as ReadableStream<BufferSource>).blob();
  blob.catch(() => undefined); // an aborted export: nothing to download
  return {
    writable,
    async finish() {
      const url = URL.createObjectURL(new Blob([await blob], { type: 'application/zip' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
  };
}
