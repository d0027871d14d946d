import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const dexieOnlyInCatalog = {
  group: ['dexie', 'dexie/*'],
  message: 'Only src/catalog talks to IndexedDB: add a typed query there.',
};
const heavyLibraries = {
  group: ['@tensorflow/*', 'pica', 'pica/*', 'exifr', 'exifr/*', 'comlink'],
  message: 'UI code never imports tfjs, pica, exifr or comlink: that work runs in workers, reached through src/indexer.',
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'public/', 'bench/', 'tests/.generated/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Solid assigns `ref={el}` variables in compiled JSX, which this rule cannot see.
    files: ['**/*.tsx'],
    rules: { 'no-unassigned-vars': 'off' },
  },
  {
    files: ['src/**/*.{ts,tsx}', 'workers/**/*.ts'],
    ignores: ['src/catalog/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [dexieOnlyInCatalog] }] },
  },
  {
    files: ['src/app/**', 'src/components/**', 'src/views/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [dexieOnlyInCatalog, heavyLibraries, {
          group: ['**/vision/*', '!**/vision/types', '**/imaging/*', '!**/imaging/media-type'],
          message: 'The UI sees the vision and imaging workers only through their plain types.',
        }],
      }],
    },
  },
  {
    files: ['workers/**/*.ts', 'src/imaging/**', 'src/vision/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [dexieOnlyInCatalog, { group: ['solid-js', 'solid-js/*'], message: 'Workers never import Solid.' }],
      }],
    },
  },
);
