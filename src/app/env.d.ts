/** The build's identity (vite.config.ts `define`): shown in Settings, differs per deployment. */
declare const __SHOEBOX_BUILD__: string;

/** Word → the labels and categories it finds, built from WordNet at build time (models/synonyms.ts). */
declare module 'virtual:shoebox-synonyms' {
  const table: Record<string, string[]>;
  export default table;
}

/** Towns and cities for `near:`, built from GeoNames at build time (models/places.ts). */
declare module 'virtual:shoebox-places' {
  const places: [name: string, country: string, lat: number, lng: number, population: number][];
  export default places;
}

/** Towns, regions and countries that name where a photo was taken (models/gazetteer.ts; read as src/search/gazetteer.ts `GazetteerTable`). */
declare module 'virtual:shoebox-gazetteer' {
  const gazetteer: unknown;
  export default gazetteer;
}

/** The map's land and country borders as GeoJSON, from Natural Earth (models/world-map.ts). */
declare module 'virtual:shoebox-world' {
  const world: { land: unknown; borders: unknown };
  export default world;
}

/** WebAssembly text, compiled at build time (vite.config.ts `watModules`): the module's bytes. */
declare module '*.wat' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
