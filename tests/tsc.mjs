// The typechecks run TypeScript 7's compiler (native and multi-threaded: the three projects take
// about 6 s of CPU here against 5.9's 55). TypeScript 5.9 stays installed as `typescript` because
// typescript-eslint, which parses for ESLint, does not support 7 yet; 7 is installed as
// `typescript-native`. Both packages install a `tsc` command and which one `npx tsc` runs depends
// on how node_modules was made, so the scripts name 7's by its path.

/** The command and leading arguments that run TypeScript 7's `tsc`. */
export const TSC = ['node', ['node_modules/typescript-native/bin/tsc']];

/** The three projects: the app (DOM library), the workers (WebWorker library), the tests (Node's types). */
export const TS_PROJECTS = { app: 'tsconfig.json', workers: 'workers/tsconfig.json', tests: 'tests/tsconfig.json' };
