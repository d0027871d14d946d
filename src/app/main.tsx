import { createSignal } from 'solid-js';
import { render } from 'solid-js/web';
import { recoverInterruptedImport } from '../catalog/backup/journal';
import { catalog } from '../catalog/db';
import { visionBackend } from '../catalog/settings-repo';
import { onOutdated } from '../catalog/upgrade-watch';
import type { BackendName } from '../vision/types';
import { LibraryService } from '../indexer/library-service';
import { App } from './App';
import { LibraryProvider } from './library-context';
import { startPwa } from './pwa';
import './app.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

const [outdated, setOutdated] = createSignal(false);
onOutdated(catalog(), () => setOutdated(true));
// First: the install prompt can fire as soon as the manifest is read, before any await below.
void startPwa();
// An import a closed tab left half done is undone before anything reads or indexes the
// catalogue (the library service resumes indexing as soon as it exists).
await recoverInterruptedImport(catalog()).catch((e: unknown) => console.error('Shoebox: an interrupted import could not be undone.', e));
const library = new LibraryService();
// A backend the person pinned in Settings applies from the first photo on.
void visionBackend(catalog()).then((pin) => pin && library.indexer.vision.repin(pin as BackendName));
render(
  () => (
    <LibraryProvider library={library}>
      <App outdated={outdated} />
    </LibraryProvider>
  ),
  root,
);
