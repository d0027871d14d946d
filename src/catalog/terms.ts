import { isRawMediaType } from './media-kind';
import type { PhotoRow } from './types';

/**
 * What a photo can be found by, as entries of one multiEntry index (`photos.*terms`), so every
 * filter below is a single indexed read. Entries are namespaced: `w:beach` is a plain word (from
 * the title, caption, keywords, camera or lens), `camera:canon`, `lens:50mm`, `title:beach`,
 * `kw:holiday`, `album:summer 2019`, `type:jpeg`, `type:live`, `duration:000012500`, `rating:4`,
 * `month:7`, `day:14`, `is:favorite`, `is:damaged`, `is:missing`, `place:lisbon`, `country:pt`,
 * `is:unplaced` (a GPS the search worker has still to name, place-repo.ts).
 * Labels, categories and colours keep their own indexes; folder and file names are indexed on
 * the files (`files.*words`), since one photo may live in several folders. The catalogue derives
 * these on every write (db.ts); the search planner (src/search/planner.ts) asks for them.
 */

/** Lower case without accents, so "Zoë" finds "zoe" and the reverse. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words of a text, folded: what a search word is compared with. */
export function words(text: string | undefined): string[] {
  return text ? fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean) : [];
}

/** `image/jpeg` → `jpeg`: the names `type:` takes. */
export function typeName(mediaType: string): string {
  const [kind, sub = ''] = mediaType.split('/');
  if (kind === 'video') return 'video';
  if (sub === 'heif' || sub === 'heic') return 'heic';
  if (isRawMediaType(mediaType)) return 'raw';
  return sub;
}

/** The still-picture types `type:image` stands for (every `image/` type but RAW; read as their union). */
export const IMAGE_TYPES = ['jpeg', 'png', 'webp', 'gif', 'avif', 'bmp', 'heic', 'tiff'] as const;

/**
 * A video's length as a term that sorts as a number (`duration:000012500` is 12.5 s, in ms),
 * so `duration:>30` is one range read of the terms index.
 */
export function durationTerm(seconds: number): string {
  return `duration:${String(Math.max(0, Math.round(seconds * 1000))).padStart(9, '0')}`;
}

/** "Canon EOS 5D" rather than "Canon Canon EOS 5D": cameras often repeat the make in the model. */
export function cameraName(make: string | undefined, model: string | undefined): string {
  if (!make || !model) return make ?? model ?? '';
  const brand = fold(make).split(/\s+/)[0] ?? '';
  return fold(model).startsWith(brand) ? model : `${make} ${model}`;
}

type Termed = Pick<PhotoRow, 'takenAt' | 'mediaType' | 'title' | 'description' | 'keywords' | 'make' | 'model' | 'lens' | 'rating' | 'damaged' | 'favorite' | 'albums'> & Partial<Pick<PhotoRow, 'missing' | 'video' | 'live' | 'gps' | 'place'>>;

/**
 * The bundled gazetteer's version (models/gazetteer.ts): a new one names every photo's place again,
 * once a schema upgrade has derived the stored photos' terms (their `is:unplaced`) again.
 */
export const GAZETTEER_VERSION = 1;
/** The term of a photo whose GPS has no place name yet, or one named for other coordinates or an older gazetteer. */
export const UNPLACED = 'is:unplaced';

/** Whether a photo's place was named for its GPS by today's gazetteer (a photo without a usable GPS needs none). */
export function placed({ gps, place }: Pick<Termed, 'gps' | 'place'>): boolean {
  if (!gps || !Number.isFinite(gps.lat) || !Number.isFinite(gps.lng)) return true;
  return place?.v === GAZETTEER_VERSION && place.at[0] === gps.lat && place.at[1] === gps.lng;
}

/** A place's names (`place:lisbon`, `place:portugal`) and its country by code and name (`country:pt`, `country:portugal`). */
function placeTerms(photo: Termed, out: Set<string>, add: (prefix: string, text: string | undefined) => void): void {
  if (!placed(photo)) out.add(UNPLACED);
  const place = photo.place;
  if (!place || !photo.gps) return;
  for (const name of [place.town, place.region, place.country]) {
    add('w', name);
    if (name) out.add(`place:${fold(name)}`);
  }
  if (place.cc) out.add(`country:${place.cc.toLowerCase()}`);
  if (place.country) out.add(`country:${fold(place.country)}`);
}

export function photoTerms(photo: Termed): string[] {
  const out = new Set<string>();
  const add = (prefix: string, text: string | undefined) => {
    for (const w of words(text)) out.add(`${prefix}:${w}`);
  };
  const camera = cameraName(photo.make, photo.model);
  const keywords = photo.keywords ?? [];
  const albums = photo.albums ?? [];
  for (const text of [photo.title, photo.description, photo.make, camera, photo.lens, ...keywords, ...albums]) add('w', text);
  for (const album of albums) {
    out.add(`album:${fold(album)}`);
    // As written, for the albums list.
    out.add(`albumname:${album}`);
  }
  add('title', photo.title);
  add('camera', `${photo.make ?? ''} ${camera}`);
  add('lens', photo.lens);
  for (const k of keywords) {
    add('kw', k);
    if (k.trim()) out.add(`kw:${fold(k.trim())}`);
  }
  // Whole names too, for suggestions ("Canon EOS 5D") and exact matches.
  if (photo.model) out.add(`model:${fold(camera)}`);
  if (photo.lens) out.add(`lensname:${fold(photo.lens)}`);
  if (photo.mediaType) out.add(`type:${typeName(photo.mediaType)}`);
  if (photo.live) out.add('type:live');
  if (photo.video && Number.isFinite(photo.video.durationS)) out.add(durationTerm(photo.video.durationS));
  out.add(`rating:${photo.rating ?? 0}`);
  if (photo.favorite) out.add('is:favorite');
  if (photo.damaged) out.add('is:damaged');
  if (photo.missing) out.add('is:missing');
  placeTerms(photo, out, add);
  if (Number.isFinite(photo.takenAt)) {
    const d = new Date(photo.takenAt);
    out.add(`month:${d.getUTCMonth() + 1}`);
    out.add(`day:${d.getUTCDate()}`);
  }
  return [...out];
}

/**
 * What a file is found by (`files.*words`): each folder's and the name's words, and the names as
 * people type them — whole, each space-separated piece, and the file's name with and without its
 * extension — so "IMG_0003", "img_0003.jpg", "volna-5k" and "2019-07-14" find their files.
 */
export function pathWords(path: string): string[] {
  const out = new Set<string>();
  const segments = fold(path).split('/').filter((s) => s.trim());
  const name = segments.pop() ?? '';
  const stem = name.replace(/\.[^.]*$/, '');
  for (const segment of [...segments, stem]) {
    out.add(segment.trim());
    for (const piece of segment.split(/\s+/)) if (piece) out.add(piece);
    for (const word of words(segment)) out.add(word);
  }
  out.add(name.trim());
  out.delete('');
  return [...out];
}
