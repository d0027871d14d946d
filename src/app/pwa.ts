import { createSignal } from 'solid-js';

interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

const [updateReady, setUpdateReady] = createSignal(false);
const [installable, setInstallable] = createSignal<BeforeInstallPromptEvent>();
let applyUpdate: (() => void) | undefined;

/** A new version is installed and waiting: the person decides when to reload. */
export { updateReady, installable };

/**
 * Register the service worker (production builds only). A waiting update is announced, never
 * forced: reloading mid-import would be safe (the queue resumes) but is the person's call.
 */
export async function startPwa(): Promise<void> {
  window.addEventListener('beforeinstallprompt', (e) => {
    e.preventDefault();
    setInstallable(e as BeforeInstallPromptEvent);
  });
  window.addEventListener('appinstalled', () => setInstallable(undefined));
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const { Workbox } = await import('workbox-window');
  // Under the app's base (a sub-path such as /shoebox/ too): the worker's scope is that folder.
  const wb = new Workbox(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL });
  wb.addEventListener('waiting', () => {
    applyUpdate = () => {
      wb.addEventListener('controlling', () => window.location.reload());
      wb.messageSkipWaiting();
    };
    setUpdateReady(true);
  });
  try {
    await wb.register();
  } catch (e) {
    // A browser that refuses service workers (some private windows, a policy) runs the app all
    // the same, only not offline.
    console.warn('Shoebox: no service worker, so no offline use here', e);
  }
}

export function reloadToUpdate(): void {
  applyUpdate?.();
}

export async function install(): Promise<void> {
  const prompt = installable();
  if (!prompt) return;
  await prompt.prompt();
  await prompt.userChoice;
  setInstallable(undefined);
}
