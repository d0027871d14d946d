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
  }
}

let instance: ShoeboxDb | undefined;

/** The app's one catalogue. Tests make their own with `new ShoeboxDb(name)`. */
export function catalog(): ShoeboxDb {
  instance ??= new ShoeboxDb();
  return instance;
}
