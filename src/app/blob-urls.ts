import { createEffect, createSignal, onCleanup, type Accessor } from 'solid-js';

/**
 * Object URLs for pictures read from the catalogue by key. `load` runs again when the signals it
 * reads (before its first await) change; the previous URLs are revoked then, and when the owner
 * goes, so thumbnails never leak.
 */
export function createBlobUrls(load: () => Promise<Map<string, Blob>>): Accessor<Map<string, string>> {
  const [urls, setUrls] = createSignal(new Map<string, string>());
  createEffect(() => {
    const pending = load();
    let cancelled = false;
    void pending.then((blobs) => {
      if (cancelled) return;
      const next = new Map([...blobs].map(([id, blob]) => [id, URL.createObjectURL(blob)]));
      urls().forEach((u) => URL.revokeObjectURL(u));
      setUrls(next);
    });
    onCleanup(() => (cancelled = true));
  });
  onCleanup(() => urls().forEach((u) => URL.revokeObjectURL(u)));
  return urls;
}
