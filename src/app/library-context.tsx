import { createContext, useContext, type ParentProps } from 'solid-js';
import type { LibraryService } from '../indexer/library-service';

const LibraryContext = createContext<LibraryService>();

export function LibraryProvider(props: ParentProps<{ library: LibraryService }>) {
  return <LibraryContext.Provider value={props.library}>{props.children}</LibraryContext.Provider>;
}

/** The library service; throws outside its provider so a missing provider fails loudly. */
export function useLibrary(): LibraryService {
  const library = useContext(LibraryContext);
  if (!library) throw new Error('useLibrary() needs a <LibraryProvider>');
  return library;
}
