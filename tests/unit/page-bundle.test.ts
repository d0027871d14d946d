import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * What the page loads when it opens: every module reachable from the entry (src/app/main.tsx)
 * through static imports, and the npm packages they import. `import()` is where the rest starts:
 * it is left out, as the bundler leaves those modules to chunks loaded on demand. Type-only
 * imports are erased and left out too.
 */
function openedWithThePage(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
    for (const statement of source.statements) {
      let specifier: ts.Expression | undefined;
      if (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly) specifier = statement.moduleSpecifier;
      if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) specifier = statement.moduleSpecifier;
      if (!specifier || !ts.isStringLiteral(specifier)) continue;
      const name = specifier.text;
      if (!name.startsWith('.')) {
        // `@scope/name/sub` → `@scope/name`; `name/sub` → `name`; virtual modules as they are.
        packages.add(name.split('/').slice(0, name.startsWith('@') ? 2 : 1).join('/'));
        continue;
      }
      const base = join(dirname(file), name);
      const found = ['', '.ts', '.tsx', '/index.ts'].map((end) => base + end).find((p) => existsSync(p) && /\.tsx?$/.test(p));
      if (found) visit(found);
    }
  };
  visit(entry);
  return { files: new Set([...files].map((f) => relative('.', f))), packages };
}

describe("the page's own bundle", () => {
  const opened = openedWithThePage('src/app/main.tsx');

  it('holds the app and what every visit needs', () => {
    // The walk works: the catalogue, the UI library and the grid's layout are there.
    expect([...opened.packages]).toEqual(expect.arrayContaining(['dexie', 'solid-js', 'comlink', 'justified-layout']));
    expect(opened.files.has('src/views/SettingsView.tsx')).toBe(true);
  });

  it('leaves out the code of rare or opt-in actions, loaded with import() when first used', () => {
    // zip.js and valibot: a backup's export and import (views/BackupSection.tsx); fast-xml-parser:
    // writing XMP sidecars (indexer/sidecar-writer.ts); Yjs: the folder documents, which live in
    // the folder worker; tfjs, pica and exifr: the workers'. Together about 40 % of what the page
    // loaded before (713 KB, 1.4 s of CPU to open here; 428 KB, 1.05 s after).
    const rare = ['@zip.js/zip.js', 'valibot', 'fast-xml-parser', 'yjs', '@tensorflow/tfjs', 'pica', 'exifr', 'maplibre-gl'];
    expect(rare.filter((p) => opened.packages.has(p))).toEqual([]);
    expect([...opened.files].filter((f) => /catalog\/backup\/(export|import|read|zip)\.ts$|imaging\/xmp\/|catalog\/folder-api\.ts$/.test(f))).toEqual([]);
  });
});
