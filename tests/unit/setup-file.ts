// Runs before each unit test file. The files of one Vitest worker share their modules
// (`isolate: false` in vite.config.ts: importing Dexie, tfjs and the app's modules once per worker
// instead of once per file takes about 40 s off the run), so each file starts here from what a
// process of its own would have: its own empty IndexedDB (catalogues a file leaves behind, or
// names two files both use, never meet) and Node's own `navigator` (indexer-fakes.ts replaces it).
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Dexie from 'dexie';

const first = Symbol.for('shoebox.unit.navigator');
const held = globalThis as typeof globalThis & { [first]?: PropertyDescriptor | null };
if (!(first in held)) held[first] = Object.getOwnPropertyDescriptor(globalThis, 'navigator') ?? null;
const navigatorAtStart = held[first];
if (navigatorAtStart) Object.defineProperty(globalThis, 'navigator', navigatorAtStart);
else delete (globalThis as { navigator?: unknown }).navigator;

globalThis.indexedDB = new IDBFactory();
Dexie.dependencies.indexedDB = globalThis.indexedDB;
Dexie.dependencies.IDBKeyRange = IDBKeyRange;
