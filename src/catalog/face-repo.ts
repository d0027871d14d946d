import Dexie from 'dexie';
import type { ShoeboxDb } from './db';
import { addMember, chooseCluster, mergeInto, moveMember, removeMember, type Cluster } from './face-cluster';
import { iou, sameFace } from '../vision/detections';
import type { DetectedFace, FaceHint, FaceRow, FileRegion, PersonRow } from './types';
import { hiddenPhotoIds } from './visibility';

const photoOf = (faceId: string) => faceId.slice(0, faceId.lastIndexOf(':'));
const numberOf = (faceId: string) => Number(faceId.slice(faceId.lastIndexOf(':') + 1));

/** A person's faces, photo by photo, through the `[personId+photoId]` index. */
const personFaces = (db: ShoeboxDb, personId: number) => db.faces.where('[personId+photoId]').between([personId, ''], [personId, '\uffff']);

/**
 * Row 0 of `clusters` is no person's (people are numbered from 1): it holds a stamp, written anew
 * with every change to the clusters in any tab or worker. This context keeps the clusters as its
 * last commit left them (`known`) and, when the stamp is still its own, reads that one row instead
 * of every person's: each batch of an import compares its faces with every cluster, and reading
 * them all took 80 ms a commit at 2,000 people and 165 ms at 5,000 (Chromium 156, README session
 * 36). A transaction's own changes become `known` only when it commits.
 */
const STAMP_ID = 0;
const known = new WeakMap<ShoeboxDb, { stamp: string; clusters: ReadonlyMap<number, Cluster> }>();
/** What one IndexedDB transaction read of the clusters (as read), what it wrote or dropped since, and its stamp. */
interface Changes {
  read?: ReadonlyMap<number, Cluster>;
  written: Map<number, Cluster | undefined>;
  stamp?: string;
}
const changing = new WeakMap<IDBTransaction, Changes>();

const copyOf = (c: Cluster): Cluster => ({ personId: c.personId, sum: c.sum.slice(), count: c.count, exemplars: c.exemplars.map((e) => e.slice()) });

/**
 * The clusters as a caller gets them: `get` hands out the caller's own copy of a cluster (made at
 * the first `get`), so the clusters kept in memory stay as stored while the caller changes its
 * copies; iterating (chooseCluster, which only reads) goes over the kept ones. Copying all of
 * them up front took 30–75 ms at 5,000 people (in Node), on the page's main thread.
 */
class OwnCopies extends Map<number, Cluster> {
  readonly #own = new Set<number>();
  static of(kept: ReadonlyMap<number, Cluster>): OwnCopies {
    const clusters = new OwnCopies();
    for (const [id, c] of kept) Map.prototype.set.call(clusters, id, c);
    return clusters;
  }
  override get(id: number): Cluster | undefined {
    const c = super.get(id);
    if (!c || this.#own.has(id)) return c;
    const own = copyOf(c);
    this.set(id, own);
    return own;
  }
  override set(id: number, c: Cluster): this {
    this.#own.add(id);
    return super.set(id, c);
  }
}

/** What the current transaction read and wrote of the clusters, kept until it commits (none outside a transaction). */
function changesHere(db: ShoeboxDb): Changes | undefined {
  const idb = Dexie.currentTransaction?.idbtrans;
  if (!idb) return undefined;
  let state = changing.get(idb);
  if (!state) {
    const made: Changes = { written: new Map() };
    state = made;
    changing.set(idb, made);
    idb.addEventListener('complete', () => {
      if (!made.stamp) return; // nothing written: `known` (if any) still matches the stored stamp
      if (!made.read) return void known.delete(db); // wrote without reading them all: read again next time
      const next = new Map(made.read);
      for (const [id, c] of made.written) {
        if (c) next.set(id, c);
        else next.delete(id);
      }
      known.set(db, { stamp: made.stamp, clusters: next });
    });
  }
  return state;
}

/** Every person's cluster, for a batch of new faces to be compared with; the caller's own copies, to change and write back. */
async function loadClusters(db: ShoeboxDb): Promise<Map<number, Cluster>> {
  const state = changesHere(db);
  const stamp = (await db.clusters.get(STAMP_ID))?.stamp;
  const mine = known.get(db);
  const read: ReadonlyMap<number, Cluster> =
    mine && stamp !== undefined && mine.stamp === stamp
      ? mine.clusters
      : new Map((await db.clusters.where('personId').above(STAMP_ID).toArray()).map((c) => [c.personId, c]));
  if (state) {
    state.read = read;
    state.written.clear();
  }
  return OwnCopies.of(read);
}

/**
 * Write these clusters (and drop those of `gone` people) with a new stamp. Dexie's promises, not
 * an async function: one more native await between the caller's requests and Dexie commits the
 * caller's transaction early (see applyHints).
 */
function saveClusters(db: ShoeboxDb, rows: readonly Cluster[], gone: readonly number[] = []): Promise<unknown> {
  const state = changesHere(db);
  if (!rows.length && !gone.length) return Dexie.Promise.resolve();
  const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  if (!state) known.delete(db);
  else {
    state.stamp = stamp;
    for (const c of rows) state.written.set(c.personId, copyOf(c));
    for (const id of gone) state.written.set(id, undefined);
  }
  const put = db.clusters.bulkPut([...rows, { personId: STAMP_ID, sum: new Float32Array(0), count: 0, exemplars: [], stamp }]);
  return gone.length ? put.then(() => db.clusters.bulkDelete([...gone])) : put;
}

/** A new person, unnamed unless a name is given; counts come with recountPeople. */
async function newPerson(db: ShoeboxDb, name?: string): Promise<number> {
  const named = name ? { name, nameKey: name.toLowerCase() } : {};
  return (await db.people.add({ ...named, faceCount: 0, photoCount: 0, createdAt: Date.now() })) as number;
}

/** One face changes person by the person's hand: only the two clusters concerned are read and written. */
async function moveStoredFace(db: ShoeboxDb, face: FaceRow, to: number | undefined): Promise<void> {
  const ids = [face.personId, to].filter((id): id is number => id !== undefined);
  const clusters = new Map((await db.clusters.bulkGet(ids)).flatMap((c) => (c ? [[c.personId, c] as const] : [])));
  moveMember(clusters, face.descriptor, face.personId, to);
  await saveClusters(db, [...clusters.values()]);
}

/** Pair each new face with the stored face whose box overlaps it most (greedy, best first). */
function matchFaces(found: readonly DetectedFace[], stored: readonly FaceRow[]): Map<DetectedFace, FaceRow> {
  const pairs = found
    .flatMap((f) => stored.map((s) => ({ f, s, overlap: iou(f.box, s.box) })))
    .filter((p) => sameFace(p.f.box, p.s.box))
    .sort((a, b) => b.overlap - a.overlap);
  const matched = new Map<DetectedFace, FaceRow>();
  const used = new Set<FaceRow>();
  for (const { f, s } of pairs) {
    if (matched.has(f) || used.has(s)) continue;
    matched.set(f, s);
    used.add(s);
  }
  return matched;
}

/**
 * Store the faces the vision worker found in a batch of photos and cluster the new ones into
 * people. Runs inside the caller's transaction (photo-repo's batch write). A re-detected face
 * keeps its id, its person and the person's decisions about it; a face the person assigned stays
 * even if the model no longer finds it; only the model's own faces are replaced.
 */
export async function writeFaces(db: ShoeboxDb, found: readonly { photoId: string; faces: readonly DetectedFace[] }[]): Promise<void> {
  if (!found.length) return;
  const stored = await db.faces.where('photoId').anyOf(found.map((f) => f.photoId)).toArray();
  const clusters = await loadClusters(db);
  const changed = new Set<number>();
  const puts: FaceRow[] = [];
  const gone: string[] = [];

  for (const { photoId, faces } of found) {
    const before = stored.filter((s) => s.photoId === photoId);
    const matched = matchFaces(faces, before);
    const kept = new Set(matched.values());
    for (const s of before) {
      if (kept.has(s) || s.assignedBy === 'user') continue;
      gone.push(s.id);
      moveMember(clusters, s.descriptor, s.personId, undefined);
      if (s.personId !== undefined) changed.add(s.personId);
    }
    // Two faces in one photo are two people.
    const inPhoto = new Set(before.filter((s) => kept.has(s) || s.assignedBy === 'user').flatMap((s) => s.personId ?? []));
    let next = Math.max(-1, ...before.map((s) => numberOf(s.id))) + 1;
    for (const face of faces) {
      const old = matched.get(face);
      if (old) {
        const c = old.personId === undefined ? undefined : clusters.get(old.personId);
        if (c) {
          removeMember(c, old.descriptor);
          addMember(c, face.descriptor);
          changed.add(c.personId);
        }
        puts.push({ ...old, ...face });
        continue;
      }
      const personId = chooseCluster(face.descriptor, clusters.values(), inPhoto) ?? (await newPerson(db));
      moveMember(clusters, face.descriptor, undefined, personId);
      inPhoto.add(personId);
      changed.add(personId);
      puts.push({ ...face, id: `${photoId}:${next++}`, photoId, personId, assignedBy: 'model' });
    }
  }
  await applyHints(db, puts, clusters, changed);
  await db.faces.bulkDelete(gone);
  await db.faces.bulkPut(puts);
  await saveClusters(db, [...changed].flatMap((id) => clusters.get(id) ?? []));
  await recountPeople(db, changed);
}

/**
 * Names carried over from an imported catalogue: each hint names the face at its box in its photo.
 * A matching face goes to the person of that name (made if needed) as the person's own choice; the
 * hint is used up. Hints whose face is not found here yet wait for the photo to be indexed.
 */
async function applyHints(db: ShoeboxDb, faces: FaceRow[], clusters: Map<number, Cluster>, changed: Set<number>): Promise<void> {
  const hints = await db.faceHints.where('photoId').anyOf([...new Set(faces.map((f) => f.photoId))]).toArray();
  const used: number[] = [];
  for (const hint of hints) {
    const face = faceAtBox(faces, hint);
    if (!face) continue;
    used.push(hint.id as number);
    // This browser's own choice about the face wins over the imported one; a person left
    // unnamed here takes the name the import brings.
    if (face.assignedBy === 'user' && face.personId !== undefined && (await db.people.get(face.personId))?.name) continue;
    // Written out here rather than through giveName: one more nested async function between the
    // transaction's requests and Dexie commits it early here ("names travel in an export").
    const personId = (await peopleNamed(db, hint.name))[0] ?? (await newPerson(db, hint.name.trim()));
    if (face.personId === personId) continue;
    if (face.personId !== undefined) changed.add(face.personId);
    moveMember(clusters, face.descriptor, face.personId, personId);
    face.personId = personId;
    face.assignedBy = 'user';
    changed.add(personId);
  }
  await db.faceHints.bulkDelete(used);
}

/** The face of the photo that overlaps the box most, of those that are the same face (sameFace). */
function faceAtBox(faces: readonly FaceRow[], at: { photoId: string; box: FaceHint['box'] }): FaceRow | undefined {
  const candidates = faces.filter((f) => f.photoId === at.photoId && !f.notFace && sameFace(f.box, at.box));
  return candidates.sort((a, b) => iou(b.box, at.box) - iou(a.box, at.box))[0];
}

/** The face goes to the person of that name (made if needed), as the person's own choice. Returns whether it moved. */
async function giveName(db: ShoeboxDb, face: FaceRow, name: string, clusters: Map<number, Cluster>, changed: Set<number>): Promise<boolean> {
  const personId = (await peopleNamed(db, name))[0] ?? (await newPerson(db, name.trim()));
  if (face.personId === personId) return false;
  if (face.personId !== undefined) changed.add(face.personId);
  moveMember(clusters, face.descriptor, face.personId, personId);
  face.personId = personId;
  face.assignedBy = 'user';
  changed.add(personId);
  return true;
}

/**
 * Names other programs wrote into files (XMP face regions) wait as hints, like an import's: the
 * face found at that box takes the name, unless this browser's person already named it otherwise.
 * A region already waiting is not added twice. Inside the caller's transaction.
 */
export async function hintFileRegions(
  db: ShoeboxDb,
  photos: readonly { photoId: string; regions?: readonly FileRegion[] }[],
  /** The photos' faces are already stored (not detected in this batch): name them now. */
  facesStored = false,
): Promise<void> {
  const named = photos.flatMap((p) => (p.regions ?? []).flatMap((r) => (r.name && (r.type ?? 'Face') === 'Face' ? [{ photoId: p.photoId, box: r.box, name: r.name }] : [])));
  if (!named.length) return;
  const waiting = await db.faceHints.where('photoId').anyOf([...new Set(named.map((n) => n.photoId))]).toArray();
  const fresh = named.filter((n) => !waiting.some((w) => w.photoId === n.photoId && w.name === n.name && sameFace(w.box, n.box)));
  if (facesStored) await importNames(db, fresh);
  else await db.faceHints.bulkAdd(fresh);
}

/** The person's names, as hints a catalogue export carries: named people's faces and waiting hints. */
export async function namedFaces(db: ShoeboxDb): Promise<Omit<FaceHint, 'id'>[]> {
  const named = (await db.people.toArray()).filter((p) => p.name && p.id !== undefined);
  const nameOf = new Map(named.map((p) => [p.id as number, p.name as string]));
  const faces = await db.faces.where('personId').anyOf([...nameOf.keys()]).toArray();
  const waiting = await db.faceHints.toArray();
  return [
    ...faces.map((f) => ({ photoId: f.photoId, box: f.box, name: nameOf.get(f.personId as number) as string })),
    ...waiting.map(({ id: _, ...h }) => h),
  ];
}

/** Store names from an imported catalogue and apply those whose faces are already here. */
export async function importNames(db: ShoeboxDb, hints: readonly Omit<FaceHint, 'id'>[]): Promise<void> {
  const names = nameImporter(db);
  await names.add(hints);
  await names.finish();
}

/**
 * importNames for names that come in batches (a backup's journal), inside the caller's
 * transaction: people's clusters are read once, at the first batch, and written once, at finish.
 */
export function nameImporter(db: ShoeboxDb): { add(hints: readonly Omit<FaceHint, 'id'>[]): Promise<void>; finish(): Promise<void> } {
  let clusters: Map<number, Cluster> | undefined;
  const changed = new Set<number>();
  return {
    async add(hints) {
      if (!hints.length) return;
      await db.faceHints.bulkAdd(hints.map((h) => ({ ...h })));
      const faces = await db.faces.where('photoId').anyOf([...new Set(hints.map((h) => h.photoId))]).toArray();
      clusters ??= await loadClusters(db);
      await applyHints(db, faces, clusters, changed);
      await db.faces.bulkPut(faces);
    },
    async finish() {
      if (!clusters) return;
      await saveClusters(db, [...changed].flatMap((id) => clusters?.get(id) ?? []));
      await recountPeople(db, changed);
    },
  };
}

/**
 * A photo's content changed (see identity.ts): its faces and waiting names move to the photo that
 * replaced it, keeping their people and the person's decisions; the re-detection that follows
 * matches them by box. Where the new photo already has faces, only the person's choices move.
 */
export async function moveFaces(db: ShoeboxDb, from: string, to: string): Promise<void> {
  const [faces, there, hints] = await Promise.all([
    db.faces.where('photoId').equals(from).toArray(),
    db.faces.where('photoId').equals(to).toArray(),
    db.faceHints.where('photoId').equals(from).toArray(),
  ]);
  await db.faceHints.bulkPut(hints.map((h) => ({ ...h, photoId: to })));
  if (!faces.length) return;
  const moving = there.length ? faces.filter((f) => f.assignedBy === 'user') : faces;
  const staying = new Set(moving);
  const dropped = faces.filter((f) => !staying.has(f));
  const clusters = await loadClusters(db);
  for (const f of dropped) moveMember(clusters, f.descriptor, f.personId, undefined);
  let next = Math.max(-1, ...there.map((f) => numberOf(f.id))) + 1;
  await db.faces.bulkDelete(faces.map((f) => f.id));
  await db.faces.bulkPut(moving.map((f) => ({ ...f, id: `${to}:${next++}`, photoId: to })));
  const people = faces.flatMap((f) => f.personId ?? []);
  await saveClusters(db, [...new Set(dropped.flatMap((f) => f.personId ?? []))].flatMap((id) => clusters.get(id) ?? []));
  await recountPeople(db, people);
}

/** A photo leaves the library: its faces leave their people (a person left with none goes). */
export async function forgetFaces(db: ShoeboxDb, photoId: string): Promise<void> {
  const faces = await db.faces.where('photoId').equals(photoId).toArray();
  const clusters = await loadClusters(db);
  for (const f of faces) moveMember(clusters, f.descriptor, f.personId, undefined);
  const people = [...new Set(faces.flatMap((f) => f.personId ?? []))];
  await db.faces.bulkDelete(faces.map((f) => f.id));
  await db.faceHints.where('photoId').equals(photoId).delete();
  await saveClusters(db, people.flatMap((id) => clusters.get(id) ?? []));
  await recountPeople(db, people);
}

/** Face and photo counts and the cover of each person named; a person left with no face goes. */
async function recountPeople(db: ShoeboxDb, ids: Iterable<number>): Promise<void> {
  const list = [...new Set(ids)];
  const [people, members] = await Promise.all([
    db.people.bulkGet(list),
    Promise.all(list.map((id) => personFaces(db, id).primaryKeys())),
  ]);
  const empty: number[] = [];
  const updated: PersonRow[] = [];
  list.forEach((id, i) => {
    const person = people[i];
    const faces = members[i] as string[];
    if (!person) return;
    if (!faces.length) {
      empty.push(id);
      return;
    }
    const cover = person.coverFaceId && faces.includes(person.coverFaceId) ? person.coverFaceId : faces[0];
    updated.push({ ...person, faceCount: faces.length, photoCount: new Set(faces.map(photoOf)).size, coverFaceId: cover });
  });
  await db.people.bulkPut(updated);
  await db.people.bulkDelete(empty);
  await saveClusters(db, [], empty);
}

const PEOPLE_TABLES = (db: ShoeboxDb) => [db.faces, db.people, db.clusters];

/**
 * Name (or rename) a person; an empty name makes them unnamed again. Naming says "these faces are
 * this person": the faces become the person's own choice, so a re-index whose model no longer
 * finds or matches them keeps them, and the named person with them.
 */
export async function namePerson(db: ShoeboxDb, id: number, name: string): Promise<void> {
  const clean = name.trim().replace(/\s+/g, ' ');
  await db.transaction('rw', PEOPLE_TABLES(db), async () => {
    if (!(await db.people.get(id))) throw new Error('That person no longer exists.');
    await db.people.update(id, clean ? { name: clean, nameKey: clean.toLowerCase() } : { name: undefined, nameKey: undefined });
    if (clean) await db.faces.where('personId').equals(id).modify({ assignedBy: 'user' });
  });
}

/** `fromId` and `intoId` are one person: every face of `fromId` moves, and the name survives. */
export async function mergePeople(db: ShoeboxDb, fromId: number, intoId: number): Promise<void> {
  if (fromId === intoId) return;
  await db.transaction('rw', PEOPLE_TABLES(db), async () => {
    const [from, into] = await db.people.bulkGet([fromId, intoId]);
    if (!from || !into) throw new Error('That person no longer exists.');
    const faces = await db.faces.where('personId').equals(fromId).toArray();
    await db.faces.bulkPut(faces.map((f) => ({ ...f, personId: intoId, assignedBy: 'user' as const })));
    const [a, b] = await db.clusters.bulkGet([intoId, fromId]);
    if (a && b) {
      mergeInto(a, b);
      await saveClusters(db, [a]);
    }
    if (!into.name && from.name) await db.people.update(intoId, { name: from.name, nameKey: from.nameKey });
    await recountPeople(db, [fromId, intoId]);
  });
}

/** This face is not `personId`'s: it becomes a person of its own and never goes back. */
export async function removeFaceFromPerson(db: ShoeboxDb, faceId: string): Promise<number> {
  return db.transaction('rw', PEOPLE_TABLES(db), async () => {
    const face = await db.faces.get(faceId);
    if (!face || face.personId === undefined) throw new Error('That face belongs to nobody.');
    const from = face.personId;
    const personId = await newPerson(db);
    await moveStoredFace(db, face, personId);
    await db.faces.put({ ...face, personId, assignedBy: 'user', rejectedFrom: [...(face.rejectedFrom ?? []), from] });
    await recountPeople(db, [from, personId]);
    return personId;
  });
}

/** The detector was wrong: this is not a face. It leaves its person and is never shown again. */
export async function markNotFace(db: ShoeboxDb, faceId: string): Promise<void> {
  await db.transaction('rw', PEOPLE_TABLES(db), async () => {
    const face = await db.faces.get(faceId);
    if (!face) return;
    await moveStoredFace(db, face, undefined);
    const { personId, ...rest } = face;
    await db.faces.put({ ...rest, notFace: true, assignedBy: 'user' });
    if (personId !== undefined) await recountPeople(db, [personId]);
  });
}

/**
 * People as the library shows them (visibility.ts): while private photos are hidden, faces in
 * them count for nothing and are never a cover (the People view must not show what the timeline
 * hides). Someone seen only in private photos is left out.
 */
export async function asShown(db: ShoeboxDb, people: (PersonRow & { id: number })[], includePrivate = false): Promise<(PersonRow & { id: number })[]> {
  const hidden = await hiddenPhotoIds(db, includePrivate);
  if (!hidden.size) return people;
  const hiddenFaces = (await db.faces.where('photoId').anyOf([...hidden]).toArray()).filter((f) => f.personId !== undefined);
  if (!hiddenFaces.length) return people;
  const out = await Promise.all(
    people.map(async (person) => {
      const mine = hiddenFaces.filter((f) => f.personId === person.id);
      if (!mine.length) return person;
      let cover = person.coverFaceId;
      if (!cover || mine.some((f) => f.id === cover)) {
        // Two collections: Dexie's keys() and primaryKeys() each read the same range.
        const [keys, ids] = await Promise.all([personFaces(db, person.id).keys(), personFaces(db, person.id).primaryKeys()]);
        cover = (ids as string[]).find((_, i) => !hidden.has((keys[i] as unknown as [number, string])[1]));
      }
      const photoCount = person.photoCount - new Set(mine.map((f) => f.photoId)).size;
      return { ...person, faceCount: person.faceCount - mine.length, photoCount, coverFaceId: cover };
    }),
  );
  return out.filter((p) => p.photoCount > 0);
}

/** Everyone, unnamed first (biggest clusters first: the ones worth naming), then by name. */
export async function listPeople(db: ShoeboxDb, includePrivate = false): Promise<(PersonRow & { id: number })[]> {
  const people = await asShown(db, (await db.people.toArray()) as (PersonRow & { id: number })[], includePrivate);
  return people.sort((a, b) => {
    if (!a.name !== !b.name) return a.name ? 1 : -1;
    if (a.name && b.name) return a.name.localeCompare(b.name);
    return b.faceCount - a.faceCount || a.id - b.id;
  });
}

/** One person as the library shows them (see asShown): undefined if seen only in private photos. */
export async function getPerson(db: ShoeboxDb, id: number, includePrivate = false): Promise<PersonRow | undefined> {
  const person = (await db.people.get(id)) as (PersonRow & { id: number }) | undefined;
  return person && (await asShown(db, [person], includePrivate))[0];
}

/** The crops of the faces named, for tiles: one bulk read. */
export async function faceCrops(db: ShoeboxDb, faceIds: readonly string[]): Promise<Map<string, Blob>> {
  const rows = await db.faces.bulkGet([...faceIds]);
  return new Map(rows.flatMap((f) => (f ? [[f.id, f.crop] as const] : [])));
}

/** A person's faces (not those in private photos while they are hidden), with the name of the photo each is in. */
export async function facesOfPerson(db: ShoeboxDb, personId: number, includePrivate = false): Promise<(FaceRow & { photoName?: string })[]> {
  const faces = await personFaces(db, personId).toArray();
  const photos = await db.photos.bulkGet(faces.map((f) => f.photoId));
  return faces.flatMap((f, i) => (photos[i]?.private && !includePrivate ? [] : [{ ...f, photoName: photos[i]?.name }]));
}

/** A photo's faces (not those marked "not a face") with their people's names, for the viewer. */
export async function facesOfPhoto(db: ShoeboxDb, photoId: string): Promise<(FaceRow & { name?: string })[]> {
  const faces = (await db.faces.where('photoId').equals(photoId).toArray()).filter((f) => !f.notFace);
  const people = await db.people.bulkGet(faces.flatMap((f) => f.personId ?? []));
  const names = new Map(people.flatMap((p) => (p?.id !== undefined && p.name ? [[p.id, p.name] as const] : [])));
  return faces.map((f) => ({ ...f, name: f.personId === undefined ? undefined : names.get(f.personId) }));
}

/** People whose name is `name` (any case), through the name index. */
export async function peopleNamed(db: ShoeboxDb, name: string): Promise<number[]> {
  const key = name.trim().toLowerCase();
  if (!key) return [];
  return (await db.people.where('nameKey').equals(key).primaryKeys()) as number[];
}

/** The photos these people appear in, through the `[personId+photoId]` index. */
export async function photoIdsOfPeople(db: ShoeboxDb, personIds: readonly number[]): Promise<string[]> {
  const keys = await Promise.all(personIds.map((id) => personFaces(db, id).keys()));
  return [...new Set(keys.flat().map((k) => (k as unknown as [number, string])[1]))];
}

/**
 * Names decided elsewhere (the folder's catalogue, folder-sync): the face at each box takes the
 * name, even one this browser named otherwise (the caller decided that this device's choice is
 * older). A face not found yet waits as a hint, for the face detection to come. Inside the
 * caller's transaction (faces, people, clusters, faceHints).
 */
export async function nameFacesAt(db: ShoeboxDb, names: readonly Omit<FaceHint, 'id'>[]): Promise<void> {
  if (!names.length) return;
  const faces = await db.faces.where('photoId').anyOf([...new Set(names.map((n) => n.photoId))]).toArray();
  const clusters = await loadClusters(db);
  const changed = new Set<number>();
  const touched: FaceRow[] = [];
  const waiting: Omit<FaceHint, 'id'>[] = [];
  for (const n of names) {
    const face = faceAtBox(faces, n);
    if (!face) waiting.push(n);
    else if (await giveName(db, face, n.name, clusters, changed)) touched.push(face);
  }
  await db.faces.bulkPut(touched);
  if (waiting.length) await db.faceHints.bulkAdd(waiting.map((w) => ({ ...w })));
  await saveClusters(db, [...changed].flatMap((id) => clusters.get(id) ?? []));
  await recountPeople(db, changed);
}

/**
 * Names taken away elsewhere (the folder's catalogue): the face at each box stops being that
 * person's. A person who loses every face they had becomes unnamed; otherwise the faces leave
 * together, as one unnamed person. A name still waiting for its face is dropped. Inside the
 * caller's transaction (faces, people, clusters, faceHints).
 */
export async function unnameFacesAt(db: ShoeboxDb, names: readonly Omit<FaceHint, 'id'>[]): Promise<void> {
  if (!names.length) return;
  const photoIds = [...new Set(names.map((n) => n.photoId))];
  const [faces, hints] = await Promise.all([db.faces.where('photoId').anyOf(photoIds).toArray(), db.faceHints.where('photoId').anyOf(photoIds).toArray()]);
  await db.faceHints.bulkDelete(hints.filter((h) => names.some((n) => n.photoId === h.photoId && n.name === h.name && sameFace(n.box, h.box))).map((h) => h.id as number));
  const at = names.map((n) => faceAtBox(faces, n));
  const ids = [...new Set(at.flatMap((f) => (f?.personId === undefined ? [] : [f.personId])))];
  const people = new Map((await db.people.bulkGet(ids)).flatMap((p) => (p?.id === undefined ? [] : [[p.id, p] as const])));
  const leaving = new Map<number, FaceRow[]>();
  for (const [i, n] of names.entries()) {
    const face = at[i];
    if (face?.personId === undefined || leaving.get(face.personId)?.includes(face)) continue;
    if (people.get(face.personId)?.nameKey !== n.name.trim().toLowerCase()) continue;
    leaving.set(face.personId, [...(leaving.get(face.personId) ?? []), face]);
  }
  if (!leaving.size) return;
  const clusters = await loadClusters(db);
  const changed = new Set<number>();
  for (const [personId, gone] of leaving) {
    if ((await personFaces(db, personId).count()) === gone.length) {
      await db.people.update(personId, { name: undefined, nameKey: undefined });
      continue;
    }
    const to = await newPerson(db);
    for (const face of gone) {
      moveMember(clusters, face.descriptor, personId, to);
      face.personId = to;
    }
    await db.faces.bulkPut(gone);
    changed.add(personId).add(to);
  }
  await saveClusters(db, [...changed].flatMap((id) => clusters.get(id) ?? []));
  await recountPeople(db, changed);
}
