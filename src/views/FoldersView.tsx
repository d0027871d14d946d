import { For, Show } from 'solid-js';
import { catalog } from '../catalog/db';
import { folderTree, type FolderNode } from '../catalog/folder-repo';
import { createLive } from '../app/live';
import { photosText } from '../app/format';
import { searchLink, termText } from '../search/parse';

/** The search that shows a folder's photos (and its sub-folders'), in the usual results grid. */
const folderHref = (node: FolderNode) => searchLink(termText({ kind: 'filter', key: 'folder', values: [node.path], op: '=', negated: false }));

/** One level of the tree: each folder a link with its count, its sub-folders nested under it. */
function FolderList(props: { nodes: FolderNode[]; label?: string }) {
  return (
    <ul class="folder-tree" aria-label={props.label}>
      <For each={props.nodes}>
        {(node) => (
          <li>
            <a href={folderHref(node)} aria-label={`${node.name}, ${photosText(node.count)}`}>
              <span class="folder-name">{node.name}</span> <span class="label-count">{photosText(node.count)}</span>
            </a>
            <Show when={node.children.length > 0}>
              <FolderList nodes={node.children} />
            </Show>
          </li>
        )}
      </For>
    </ul>
  );
}

/**
 * The granted folders as their trees of folders, each with how many photos it and its
 * sub-folders hold; a folder opens its photos in the results grid (`folder:`). Kept current
 * through rescans and imports (a live query, at most every 2 s: it reads every file's key).
 */
export function FoldersView() {
  const tree = createLive(() => folderTree(catalog()), [], 2000);
  return (
    <main class="folders-view">
      <h2>Folders</h2>
      <Show when={tree().length > 0} fallback={<p class="empty">No folders yet: add one from the library.</p>}>
        <FolderList nodes={tree()} label="Folders" />
      </Show>
    </main>
  );
}
