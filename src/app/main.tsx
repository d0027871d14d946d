import { render } from 'solid-js/web';
import { LibraryService } from '../indexer/library-service';
import { LibraryProvider } from './library-context';
import { LibraryView } from '../views/LibraryView';
import './app.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

const library = new LibraryService();
render(
  () => (
    <LibraryProvider library={library}>
      <LibraryView />
    </LibraryProvider>
  ),
  root,
);
