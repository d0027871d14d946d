import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { applyScanBatch } from '../../src/catalog/file-repo';
import { writeOutcomes } from '../../src/catalog/photo-repo';
import { unplacedPhotos } from '../../src/catalog/place-repo';
import { catalogueReads } from '../../src/catalog/search-reads';
import { addSource } from '../../src/catalog/source-repo';
import { UNPLACED } from '../../src/catalog/terms';
import type { GeoPoint, IndexOutcome } from '../../src/catalog/types';
import { placeAll } from '../../src/search/placer';
import { search } from '../../src/search/planner';
import { suggest } from '../../src/search/suggest';
import { photoOutcome, useFreshDb } from './catalog-factories';

const db = useFreshDb('places');
const image = photoOutcome(0, { keywords: [], warnings: [] });

/** Photos `p0`… at these places (or none), written as indexing writes them. */
async function library(points: (GeoPoint | undefined)[]) {
  const source = await addSource(db(), { name: 'Trips', kind: 'input' });
  await applyScanBatch(db(), source.id, points.map((_, i) => ({ path: `trip/${i}.jpg`, size: 10, mtime: 1000 + i })));
  const jobs = await db().jobs.toArray();
  await writeOutcomes(db(), jobs.map((job) => {
    const i = Number(/(\d+)\.jpg$/.exec(job.path)?.[1]);
    const gps = points[i];
    const outcome: IndexOutcome = { ...image, fileId: job.fileId, hash: `p${i}`, name: `${i}.jpg`, meta: { takenAt: Date.UTC(2020, 0, 1 + i), keywords: [], warnings: [], ...(gps ? { gps } : {}) } } as IndexOutcome;
    return { jobId: job.id as number, outcome };
  }));
}

const found = async (query: string) => (await search(catalogueReads(db()), query)).ids.sort();

describe('naming the places of photos with GPS', () => {
  it('names town, region and country once, and finds them by place:, country: and plain words', async () => {
    await library([{ lat: 38.7223, lng: -9.1393 }, { lat: 41.1579, lng: -8.6291 }, { lat: 48.8584, lng: 2.2945 }, undefined, { lat: 30, lng: -40 }]);
    // Every photo with GPS waits to be named; the one without GPS does not.
    expect((await unplacedPhotos(db())).map((u) => u.id).sort()).toEqual(['p0', 'p1', 'p2', 'p4']);
    expect(await placeAll(db())).toBe(4);
    expect(await placeAll(db())).toBe(0);
    expect(await db().photos.where('terms').equals(UNPLACED).count()).toBe(0);
    expect((await db().photos.get('p0'))?.place).toEqual({ town: 'Lisbon', region: 'Lisbon', country: 'Portugal', cc: 'PT', at: [38.7223, -9.1393], v: 1 });
    expect((await db().photos.get('p1'))?.place).toMatchObject({ town: 'Porto', country: 'Portugal' });
    // Mid-Atlantic: named as nowhere, and not asked again.
    expect((await db().photos.get('p4'))?.place).toEqual({ at: [30, -40], v: 1 });
    expect(await found('place:lisbon')).toEqual(['p0']);
    expect(await found('place:portugal')).toEqual(['p0', 'p1']);
    expect(await found('place:"île-de-france"')).toEqual(['p2']);
    expect(await found('country:pt')).toEqual(['p0', 'p1']);
    expect(await found('country:france|portugal')).toEqual(['p0', 'p1', 'p2']);
    expect(await found('portugal')).toEqual(['p0', 'p1']);
    expect(await found('paris')).toEqual(['p2']);
    expect(await found('-country:pt place:paris')).toEqual(['p2']);
    const texts = async (q: string) => (await suggest(catalogueReads(db()), q)).map((s) => `${s.text} (${s.count ?? ''})`);
    expect(await texts('place:po')).toEqual(['place:portugal (2)', 'place:porto (1)']);
    expect(await texts('lis')).toContain('place:lisbon (1)');
  });

  it('names a photo again when its GPS changes (a sidecar read again)', async () => {
    await library([{ lat: 38.7223, lng: -9.1393 }]);
    await placeAll(db());
    const file = await db().files.where('path').equals('trip/0.jpg').first();
    await writeOutcomes(db(), [{ jobId: 0, outcome: { kind: 'meta', fileId: file?.id as number, meta: { takenAt: Date.UTC(2020, 0, 1), keywords: [], warnings: [], gps: { lat: 41.1579, lng: -8.6291 } } } }]);
    expect((await unplacedPhotos(db())).map((u) => u.id)).toEqual(['p0']);
    await placeAll(db());
    expect((await db().photos.get('p0'))?.place).toMatchObject({ town: 'Porto', at: [41.1579, -8.6291] });
    expect(await found('place:lisbon')).toEqual([]);
    expect(await found('place:porto')).toEqual(['p0']);
  });
});
