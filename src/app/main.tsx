import { createSignal } from 'solid-js';
import { render } from 'solid-js/web';
import { catalog } from '../catalog/db';
import { onOutdated } from '../catalog/upgrade-watch';
import { LibraryService } from '../indexer/library-service';
import { App } from './App';
import { LibraryProvider } from './library-context';
import { startPwa } from './pwa';
import './app.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

const [outdated, setOutdated] = createSignal(false);
onOutdated(catalog(), () => setOutdated(true));
const library = new LibraryService();
render(
  () => (
    <LibraryProvider library={library}>
      <App outdated={outdated} />
    </LibraryProvider>
  ),
  root,
);
void startPwa();
