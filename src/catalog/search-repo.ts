import type { ShoeboxDb } from './db';
import { peopleNamed, photoIdsOfPeople } from './face-repo';
import { relatedLabels } from '../search/synonyms';
import type { PhotoRow } from './types';

/** `person:"Ann Lee"` or `person:Ann`: that person's photos only. */
const PERSON = /^person:\s*(?:"([^"]*)"?|(.+))$/i;

/**
 * Photos that show what the query names, newest first: a label or category (multiEntry indexes
 * `*labels`, `*categories`), a word that means one (WordNet: "kitty" finds cats, "pet" cats and
 * dogs), or a person's name (`people.nameKey`, then `faces.[personId+photoId]`). Every read goes
 * through an index: never a table scan.
 */
export async function searchPhotos(db: ShoeboxDb, query: string, includePrivate = false, limit = 2000): Promise<PhotoRow[]> {
  const text = query.trim();
  if (!text) return [];
  const person = PERSON.exec(text);
  let ids: string[];
  if (person) {
    ids = await photoIdsOfPeople(db, await peopleNamed(db, person[1] ?? person[2] ?? ''));
  } else {
    const words = [text.toLowerCase(), ...relatedLabels(text)];
    const [byLabel, byCategory, named] = await Promise.all([
      db.photos.where('labels').anyOf(words).primaryKeys(),
      db.photos.where('categories').anyOf(words).primaryKeys(),
      peopleNamed(db, text),
    ]);
    ids = [...(byLabel as string[]), ...(byCategory as string[]), ...(await photoIdsOfPeople(db, named))];
  }
  const rows = (await db.photos.bulkGet([...new Set(ids)])).flatMap((p) => (p && (includePrivate || !p.private) ? [p] : []));
  return rows.sort((a, b) => b.takenAt - a.takenAt || (a.id < b.id ? 1 : -1)).slice(0, limit);
}
