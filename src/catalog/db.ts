import Dexie, { type EntityTable, type Table } from 'dexie';
import type { FileRow, ImageRow, ImportProgress, JobRow, PhotoRow, SourceRow } from './types';

export class ShoeboxDb extends Dexie {
  sources!: EntityTable<SourceRow, 'id'>;
  files!: EntityTable<FileRow, 'id'>;
  photos!: EntityTable<PhotoRow, 'id'>;
  thumbs!: EntityTable<ImageRow, 'id'>;
  previews!: EntityTable<ImageRow, 'id'>;
  jobs!: EntityTable<JobRow, 'id'>;
  meta!: Table<ImportProgress, string>;

  constructor(name = 'shoebox') {
    super(name);
    this.version(1).stores({
      sources: '++id, name',
      files: '++id, &[sourceId+path], hash, status, [sourceId+status]',
      photos: '&id, [takenAt+id]',
      thumbs: '&id',
      previews: '&id',
      jobs: '++id, &[sourceId+path], sourceId',
      meta: '&key',
    });
    // v2: jobs know whether their embedded thumbnail was looked for.
    this.version(2)
      .stores({ jobs: '++id, &[sourceId+path], sourceId, peeked' })
      .upgrade((tx) => tx.table('jobs').toCollection().modify({ peeked: 0 }));
  }
}

let instance: ShoeboxDb | undefined;

/** The app's one catalogue. Tests make their own with `new ShoeboxDb(name)`. */
export function catalog(): ShoeboxDb {
  instance ??= new ShoeboxDb();
  return instance;
}
