/**
 * What may import what between Shoebox's folders (docs/ARCHITECTURE.md, "Where things live"),
 * checked by `npm run lint`. Each folder lists what it may import besides itself and npm
 * packages; any other import is an error. The known exceptions are named, each one file allowed
 * one more import, with the reason, so a new one cannot slip in unnoticed.
 */

/** The exceptions: a file, the one more thing it may import, and why. */
const EXCEPTIONS = [
  {
    name: 'catalog-backup-reads-pixel-size',
    file: '^src/catalog/backup/import\\.ts$',
    imports: '^src/imaging/image-size\\.ts$',
    why: "The backup's import checks a tile's size from its bytes before storing it; the reader is the imaging code's.",
  },
  {
    name: 'catalog-faces-match-by-iou',
    file: '^src/catalog/(face-repo|folder-doc)\\.ts$',
    imports: '^src/vision/detections\\.ts$',
    why: "Faces found again when a photo is re-indexed, or named on another device, are matched to the stored ones by the vision module's rule for boxes of one face (sameFace: overlap, or each box holding the other's centre).",
  },
];

/** The database's schema (see the rule catalog-schema-cycle). */
const SCHEMA = '^src/catalog/db\\.ts$';

/** Files of a folder, as a path pattern. */
const folder = (name) => `^src/${name}/`;

/** The rule for a folder (`from`): it may import only `allowed`, its own files and npm packages; plus its exceptions' rules. */
function only(name, from, allowed, comment) {
  const rule = (ruleName, path, pathNot, more, why) => ({
    name: ruleName,
    comment: why,
    severity: 'error',
    from: { path, pathNot },
    // Only the project's own files are checked (npm packages are ESLint's, eslint.config.js).
    to: { path: '^(src|workers|models)/', pathNot: [from, ...allowed, ...more] },
  });
  const exceptions = EXCEPTIONS.filter((e) => e.file.startsWith(from));
  return [
    rule(name, from, exceptions.map((e) => e.file), [], comment),
    ...exceptions.map((e) => rule(e.name, e.file, [], [e.imports], `${comment} Exception: ${e.why}`)),
  ];
}

module.exports = {
  forbidden: [
    ...only('catalog-imports-only-models', folder('catalog'), ['^models/'],
      'src/catalog is the only code that touches IndexedDB; it imports no UI, no worker code and no search (search reads it through catalog/search-reads.ts).'),
    ...only('search-imports-only-catalog', folder('search'), [folder('catalog'), '^src/imaging/colors\\.ts$'],
      "src/search (the query language, the planner, the search worker's API) reads the catalogue through its read interface, and knows the colour palette's names (imaging/colors.ts)."),
    ...only('vision-imports-only-models', folder('vision'), ['^models/', '^src/imaging/stage-times\\.ts$'], "tfjs code for the vision worker: models, and the workers' shared stage timer (imaging/stage-times.ts)."),
    ...only('imaging-imports-only-vision-boxes', folder('imaging'), ['^src/catalog/types\\.ts$', '^src/vision/detections\\.ts$', '^models/'],
      "Per-file work in the imaging workers: it returns the catalogue's plain types (catalog/types.ts); XMP face regions use the detector's boxes (vision/detections.ts)."),
    ...only('library-imports-catalog-and-imaging', folder('library'), [folder('catalog'), folder('imaging')], 'Folder picking and the walk: the catalogue, and file types from imaging.'),
    ...only('indexer-imports-what-it-runs', folder('indexer'), [folder('catalog'), folder('library'), folder('imaging'), folder('vision')],
      'The queue and the worker pool: the catalogue, the walk, and the workers it wraps.'),
    ...only('components-import-catalog-and-search', folder('components'), [folder('catalog'), folder('search'), '^src/app/format\\.ts$', '^src/imaging/media-type\\.ts$', '^src/vision/types\\.ts$'],
      "Reusable UI: the catalogue, search, the app's formatter; the workers only through their plain types."),
    ...only('views-import-ui-and-services', folder('views'), [folder('app'), folder('components'), folder('catalog'), folder('indexer'), folder('library'), folder('search'), '^src/imaging/media-type\\.ts$', '^src/vision/types\\.ts$'],
      'Screens: components, the app, the catalogue, the indexer, search.'),
    ...only('app-imports-src', folder('app'), ['^src/'], 'The shell may use anything in src/, never a worker entry point.'),
    ...only('workers-import-their-api', '^workers/', ['^src/[a-z]+/[a-z-]+-api\\.ts$'], 'A worker entry point exposes one API object (`src/<folder>/<name>-api.ts`).'),
    ...only('models-import-nothing-of-the-app', '^models/', [], 'Model manifests, labels and the build step stand alone.'),
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Files that import each other (type-only imports too) are one piece: merge them, or move what both need into a third.',
      from: { pathNot: '^src/catalog/' },
      to: { circular: true },
    },
    {
      name: 'catalog-schema-cycle',
      severity: 'error',
      comment: "Exception to no-circular in src/catalog: db.ts's upgrades and derived fields call repositories (visibility, timeline, stacks) and name the batch journal's row types, and every repository takes the database's type from db.ts (type-only imports: no loop when run). Any other loop, one not through db.ts, is an error.",
      from: { path: '^src/catalog/' },
      to: { circular: true, viaNot: SCHEMA },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|tests|public)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
