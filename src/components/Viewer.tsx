import { For, Show, createEffect, createResource, createSignal, on, onCleanup, onMount } from 'solid-js';
import type { TimelineKey } from '../catalog/timeline-repo';
import type { FileRow, PhotoRow, UserEdits } from '../catalog/types';
import { isRawMediaType } from '../catalog/media-kind';
import { clock, dateTime, exposure } from '../app/format';
import { needsDecoding } from '../imaging/media-type';
import { cameraName } from '../catalog/terms';
import { placeText } from '../catalog/place-repo';
import { VideoPlayer, VideoView } from './VideoPlayer';
import { StackPanel, createMotion, type StackData } from './StackPanel';
import { MoreLikeThis, type SimilarData } from './MoreLikeThis';
import { ZoomButtons, createZoom } from './Zoom';
import { quarterTurnStyles, rotateBox, turnStyle } from './rotation';
import { searchLink } from '../search/parse';

export interface ViewerData extends StackData, SimilarData {
  /** The photo, its files, and the best stored picture: the preview, else the tile. */
  photo(id: string): Promise<{ photo: PhotoRow; preview?: Blob; files: FileRow[] } | undefined>;
  /** Record the person's edit; returns the photo as it now is. */
  edit(id: string, edits: UserEdits): Promise<PhotoRow | undefined>;
  /** Add or remove a label as the person's choice; returns the photo as it now is. */
  editLabels(id: string, change: { add?: string; remove?: string }): Promise<PhotoRow | undefined>;
  /** Turn the photo clockwise (a user edit, undoable); returns the photo as it now is. */
  rotate(id: string, by: 90 | 270): Promise<PhotoRow | undefined>;
  /** Put the photo in an album or take it out; returns the photo as it now is. */
  editAlbums(id: string, change: { add?: string; remove?: string }): Promise<PhotoRow | undefined>;
  /** Take a missing photo (no file shows it any more) out of the library, with what was attached to it. */
  remove(id: string): Promise<void>;
  /** The names of the albums there are (to pick from). */
  albumNames(): Promise<string[]>;
  /** The original file, when its folder is connected. */
  original(id: string): Promise<Blob | undefined>;
  /** The original decoded whole, for a file the browser cannot show (HEIC), or a RAW's largest embedded JPEG. */
  fullResolution(id: string): Promise<Blob | undefined>;
  /** The faces found in a photo, with their people's names (for the face boxes). */
  faces(id: string): Promise<ViewerFace[]>;
  /** The newer (`-1`) or older (`1`) photo next to `key` in the timeline. */
  neighbour(key: TimelineKey, step: 1 | -1): Promise<TimelineKey | undefined>;
}

export interface ViewerFace {
  id: string;
  box: [number, number, number, number];
  personId?: number;
  name?: string;
}

interface Props {
  start: TimelineKey;
  data: ViewerData;
  onClose: () => void;
}

const MISSING_NOTE = 'Missing: no file in your folders shows this photo any more (deleted, or moved out of them). Its tile, details and your edits are kept until you remove it.';


function infoRows(photo: PhotoRow, files: FileRow[]): [string, string][] {
  const rows: [string, string | undefined][] = [
    ['Title', photo.title],
    ['Description', photo.description],
    ['Taken', `${dateTime(photo.takenAt)}${photo.takenAtOffset ? ` (UTC${photo.takenAtOffset})` : ''}${photo.userEdits?.takenAt !== undefined ? ' (edited)' : photo.takenAtSource === 'mtime' ? ' (file date)' : ''}`],
    ['Camera', cameraName(photo.make, photo.model) || undefined],
    ['Lens', photo.lens],
    ['Exposure', [photo.exposureTime && exposure(photo.exposureTime), photo.fNumber && `f/${photo.fNumber}`, photo.iso && `ISO ${photo.iso}`, photo.focalLength && `${photo.focalLength} mm`].filter(Boolean).join(' · ') || undefined],
    ['Size', `${photo.width} × ${photo.height}`],
    ['Video', photo.video && [clock(photo.video.durationS), photo.video.codec, photo.video.fps && `${photo.video.fps} fps`].filter(Boolean).join(' · ')],
    ['Colours', [...(photo.colors ?? []), photo.monochrome ? '(black and white)' : ''].filter(Boolean).join(', ') || undefined],
    ['Place', placeText(photo)],
    ['Location', photo.gps ? `${photo.gps.lat.toFixed(5)}, ${photo.gps.lng.toFixed(5)}${photo.gps.alt !== undefined ? `, ${Math.round(photo.gps.alt)} m` : ''}${photo.userEdits?.gps ? ' (edited)' : ''}` : undefined],
    ['Keywords', photo.keywords?.join(', ') || undefined],
    ['Named in the file', [...new Set(photo.regions?.flatMap((r) => r.name ?? []))].join(', ') || undefined],
    ['Files', files.map((f) => f.path).join('\n') || undefined],
    ['Notes', [photo.missing ? MISSING_NOTE : '', photo.damaged ? 'Damaged file: only part of it could be read.' : '', ...photo.warnings].filter(Boolean).join('\n') || undefined],
  ];
  return rows.filter((r): r is [string, string] => !!r[1]);
}

/** A titled list of removable chips (each a link) with a field to add one: labels, albums. */
function ChipEditor(props: {
  title: string;
  /** `confirm`: a suggestion (a taught label's), shown as such with a button to make it the person's. */
  chips: { name: string; href: string; hint?: string; removeLabel: string; confirm?: { label: string; run: () => void } }[];
  inputLabel: string;
  placeholder: string;
  /** Names to pick from as you type. */
  choices?: string[];
  onRemove: (name: string) => void;
  onAdd: (name: string) => void;
}) {
  const listId = `${props.title.toLowerCase()}-choices`;
  return (
    <>
      <p class="caption">{props.title}</p>
      <section class="labels" aria-label={props.title}>
        <ul>
          <For each={props.chips}>
            {(chip) => (
              <li classList={{ suggested: !!chip.confirm }}>
                <a href={chip.href} title={chip.hint}>{chip.name}{chip.confirm ? '?' : ''}</a>
                <Show when={chip.confirm}>{(c) => <button type="button" aria-label={c().label} title={c().label} onClick={() => c().run()}>✓</button>}</Show>
                <button type="button" aria-label={chip.removeLabel} onClick={() => props.onRemove(chip.name)}>×</button>
              </li>
            )}
          </For>
        </ul>
        <form onSubmit={(e) => {
          e.preventDefault();
          const input = e.currentTarget.elements.namedItem('name') as HTMLInputElement;
          if (input.value.trim()) props.onAdd(input.value);
          input.value = '';
        }}>
          <input name="name" aria-label={props.inputLabel} placeholder={props.placeholder} list={props.choices ? listId : undefined} />
          <Show when={props.choices}>
            {(choices) => <datalist id={listId}><For each={choices()}>{(name) => <option value={name} />}</For></datalist>}
          </Show>
          <button type="submit">Add</button>
        </form>
      </section>
    </>
  );
}

/** Full-window viewer: preview at once, the original when its folder is connected; ← → Esc. */
export function Viewer(props: Props) {
  let dialog!: HTMLDivElement;
  const [current, setCurrent] = createSignal<TimelineKey>(props.start);
  // For a video, `src` stays the poster and `video` is the original (played, never made an <img>).
  // `decodable`: the original is here but the browser cannot show it (HEIC); `full`: its decoded copy is shown;
  // `embedded`: a RAW's largest embedded JPEG is shown.
  const [shown, setShown] = createSignal<{ photo: PhotoRow; files: FileRow[]; src?: string; original: boolean; video?: Blob; checked?: boolean; decodable?: boolean; full?: boolean; embedded?: boolean }>();
  const [decoding, setDecoding] = createSignal(false);
  let keepUrl: (url: string) => void = () => undefined;
  const [neighbours] = createResource(current, async (key) => {
    const [newer, older] = await Promise.all([props.data.neighbour(key, -1), props.data.neighbour(key, 1)]);
    return { newer, older };
  });
  let token = 0;
  const [showFaces, setShowFaces] = createSignal(false);
  const [faces] = createResource(() => (showFaces() ? shown()?.photo.id : undefined), (id) => props.data.faces(id));
  const motion = createMotion(props.data, () => shown()?.photo);
  // Zoomed past the preview's pixels, a picture the browser cannot show is decoded whole.
  const zoom = createZoom({ photoId: () => current()[1], beyondPixels: () => shown()?.decodable && void showFullResolution() });
  // Zoomed in before the original was found (a HEIC's is read from its folder after the preview
  // shows): once it can be decoded, the zoom asks for full resolution then.
  createEffect(on(() => shown()?.decodable, (decodable) => decodable && zoom.recheck(), { defer: true }));

  createEffect(() => {
    const id = current()[1];
    const mine = ++token;
    const urls: string[] = [];
    keepUrl = (url) => urls.push(url);
    onCleanup(() => urls.forEach((u) => URL.revokeObjectURL(u)));
    void props.data.photo(id).then(async (found) => {
      if (!found || mine !== token) return;
      // A stand-in clicked as it was replaced: go on from the photo that replaced it (its own
      // key, so ← → step from there), which runs this again.
      if (found.photo.id !== id) {
        setCurrent([found.photo.takenAt, found.photo.id]);
        return;
      }
      const preview = found.preview && URL.createObjectURL(found.preview);
      if (preview) urls.push(preview);
      setShown({ photo: found.photo, files: found.files, src: preview, original: false });
      // No browser shows a RAW: the largest JPEG its camera embedded is the picture (the stored
      // preview until it is read, and when the folder is not connected).
      if (isRawMediaType(found.photo.mediaType)) {
        const embedded = await props.data.fullResolution(id).catch(() => undefined);
        if (!embedded || mine !== token) return;
        const url = URL.createObjectURL(embedded);
        urls.push(url);
        setShown({ photo: found.photo, files: found.files, src: url, original: false, embedded: true });
        return;
      }
      const original = await props.data.original(id);
      if (mine !== token) return;
      if (found.photo.video) {
        setShown({ photo: found.photo, files: found.files, src: preview, original: !!original && found.photo.video.decodable, video: original, checked: true });
        return;
      }
      if (!original) return;
      if (needsDecoding(found.photo.mediaType)) {
        setShown({ photo: found.photo, files: found.files, src: preview, original: false, decodable: true });
        return;
      }
      const url = URL.createObjectURL(original);
      urls.push(url);
      setShown({ photo: found.photo, files: found.files, src: url, original: true });
    });
  });

  /** A HEIC at full resolution, decoded in a worker (the preview stays until it is ready). */
  const showFullResolution = async () => {
    const now = shown();
    if (!now || decoding()) return;
    const mine = token;
    setDecoding(true);
    try {
      const blob = await props.data.fullResolution(now.photo.id);
      if (!blob || mine !== token) return;
      const url = URL.createObjectURL(blob);
      keepUrl(url);
      setShown({ ...now, src: url, decodable: false, full: true });
      // The button went with it: keep the keyboard in the viewer (← → Esc).
      if (!dialog.contains(document.activeElement)) dialog.focus();
    } catch (e) {
      setSaveError(`The full-resolution picture could not be made. ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setDecoding(false);
    }
  };

  // Steps are chained and each asks from the photo shown now, so quick key presses all count.
  let moving = Promise.resolve();
  const show = (updated: PhotoRow | undefined) => {
    const now = shown();
    if (updated && now?.photo.id === updated.id) setShown({ ...now, photo: updated });
  };
  // Every edit is one transaction: it lands whole or not at all, and a failure is said, not swallowed.
  const [saveError, setSaveError] = createSignal<string>();
  const save = async (work: () => Promise<PhotoRow | undefined>) => {
    try {
      const updated = await work();
      if (!updated) throw new Error('This photo is no longer in the library.');
      setSaveError(undefined);
      show(updated);
    } catch (e) {
      setSaveError(`Your change was not saved. ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const rate = (photo: PhotoRow, rating: number) => save(() => props.data.edit(photo.id, { rating }));
  const relabel = (photo: PhotoRow, change: { add?: string; remove?: string }) => save(() => props.data.editLabels(photo.id, change));
  const refile = (photo: PhotoRow, change: { add?: string; remove?: string }) => save(() => props.data.editAlbums(photo.id, change));
  const rotate = (by: 90 | 270) => {
    const photo = shown()?.photo;
    if (photo) void save(() => props.data.rotate(photo.id, by));
  };
  const turn = () => shown()?.photo.rotation ?? 0;
  // A quarter turn: the frame takes the turned shape (rotation.ts); a half turn only turns the picture.
  const quarter = () => {
    const photo = shown()?.photo;
    return photo && turn() % 180 === 90 ? quarterTurnStyles(photo.width / photo.height, turn(), zoom.scale()) : undefined;
  };
  const [confirmRemove, setConfirmRemove] = createSignal(false);
  const remove = async (id: string) => {
    try {
      await props.data.remove(id);
      props.onClose();
    } catch (e) {
      setSaveError(`The photo was not removed. ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const [albumNames, { refetch: refetchAlbums }] = createResource(() => props.data.albumNames());
  const go = (step: 1 | -1) => {
    moving = moving.then(async () => {
      const next = await props.data.neighbour(current(), step);
      if (next) setCurrent(next);
    });
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') props.onClose();
    else if (e.key === 'ArrowRight') go(1);
    else if (e.key === 'ArrowLeft') go(-1);
    else if (e.target instanceof HTMLInputElement) return;
    else if (e.key.toLowerCase() === 'l') motion.toggle();
    else if (e.key.toLowerCase() === 'r' && !e.ctrlKey && !e.metaKey && !e.altKey) rotate(e.shiftKey ? 270 : 90);
    else if (shown()?.photo.video || !zoom.key(e.key)) return;
    e.preventDefault();
  };
  onMount(() => dialog.focus());

  return (
    <div class="viewer" role="dialog" aria-modal="true" aria-label="Photo viewer" tabIndex={-1} ref={dialog} onKeyDown={onKeyDown}>
      <div class="viewer-bar">
        <button type="button" onClick={() => go(-1)} disabled={!neighbours()?.newer} aria-label="Previous photo">←</button>
        <button type="button" onClick={() => go(1)} disabled={!neighbours()?.older} aria-label="Next photo">→</button>
        <span class="viewer-name">{shown()?.photo.name}</span>
        <span class="viewer-source" role="status">
          {shown()?.photo.missing ? 'Original missing' : shown()?.original ? 'Original' : shown()?.full ? 'Full resolution' : shown()?.embedded ? 'Embedded JPEG' : decoding() ? 'Decoding full resolution…' : 'Preview'}
        </span>
        <Show when={shown()?.decodable}>
          <button type="button" onClick={() => void showFullResolution()} disabled={decoding()}>Full resolution</button>
        </Show>
        <Show when={shown() && !shown()?.photo.video}><ZoomButtons zoom={zoom} /></Show>
        <Show when={shown()?.photo.live}>
          <button type="button" aria-pressed={!!motion.blob()} aria-keyshortcuts="L" onClick={() => motion.toggle()}>Play Live Photo</button>
        </Show>
        <button type="button" aria-label="Rotate left" aria-keyshortcuts="Shift+R" onClick={() => rotate(270)}>⟲</button>
        <button type="button" aria-label="Rotate right" aria-keyshortcuts="R" onClick={() => rotate(90)}>⟳</button>
        <button type="button" aria-pressed={showFaces()} onClick={() => setShowFaces(!showFaces())}>Faces</button>
        <button type="button" onClick={() => props.onClose()} aria-label="Close viewer">✕</button>
      </div>
      <div class="viewer-body">
        <div class="viewer-image" classList={{ zoomed: zoom.scale() > 1 }} data-turned={quarter() ? 'quarter' : undefined}>
          <Show when={shown()?.photo.video ? shown() : undefined}>
            {(s) => <VideoView photo={s().photo} poster={s().src} original={s().video} checked={s().checked ?? false} />}
          </Show>
          <Show
            when={!shown()?.photo.video && shown()?.src}
            fallback={<Show when={!shown()?.photo.video}><p>{shown()?.photo.provisional ? 'This photo is still being indexed.' : 'No preview stored for this photo.'}</p></Show>}
          >
            {(src) => (
              <div class="viewer-frame" style={quarter()?.frame}>
                <img src={src()} alt={shown()?.photo.name ?? ''} ref={zoom.bind} style={quarter()?.img ?? { ...zoom.style(), ...turnStyle(turn()) }} onDblClick={() => zoom.toggle()} />
                <Show when={motion.blob()}>
                  {(blob) => (
                    // Turned as the still is (the person's rotation): sized and turned like the picture.
                    <div class="viewer-motion" style={quarter()?.img ?? turnStyle(turn())}>
                      <VideoPlayer blob={blob()} label="Live Photo motion" muted autoplay onEnded={() => motion.stop()} />
                    </div>
                  )}
                </Show>
                <Show when={showFaces()}>
                  <For each={faces()}>
                    {(face) => {
                      const box = () => rotateBox(face.box, turn());
                      return (
                      <a
                        class="face-box"
                        href={face.personId === undefined ? undefined : `#/people/${face.personId}`}
                        aria-label={`Face: ${face.name ?? 'unnamed'}`}
                        style={{
                          left: `${box()[0] * 100}%`,
                          top: `${box()[1] * 100}%`,
                          width: `${(box()[2] - box()[0]) * 100}%`,
                          height: `${(box()[3] - box()[1]) * 100}%`,
                        }}
                      >
                        <span>{face.name ?? 'Unnamed'}</span>
                      </a>
                      );
                    }}
                  </For>
                </Show>
              </div>
            )}
          </Show>
        </div>
        <Show when={shown()}>
          {(s) => (
            <aside class="viewer-info" aria-label="Photo information">
              <Show when={saveError() ?? motion.error()}>
                {(message) => <p class="viewer-error" role="alert">{message()}</p>}
              </Show>
              <StackPanel photo={s().photo} data={props.data} save={save} />
              <MoreLikeThis photo={s().photo} data={props.data} onOpen={setCurrent} />
              <Show when={s().photo.missing}>
                <div class="viewer-missing" role="group" aria-label="Missing photo">
                  <p>Missing from your folders.</p>
                  <Show
                    when={confirmRemove()}
                    fallback={<button type="button" onClick={() => setConfirmRemove(true)}>Remove from library…</button>}
                  >
                    <p class="caption">Remove this photo, its tile and your edits of it from the library? No file is touched.</p>
                    <button type="button" onClick={() => void remove(s().photo.id)}>Remove</button>
                    <button type="button" onClick={() => setConfirmRemove(false)}>Keep</button>
                  </Show>
                </div>
              </Show>
              <button
                type="button"
                class="private-toggle"
                aria-pressed={s().photo.private}
                onClick={() => void save(() => props.data.edit(s().photo.id, { private: !s().photo.private }))}
              >
                Private
              </button>
              <span class="caption">{s().photo.private ? ' Hidden from the library unless private photos are shown.' : ''}</span>
              <button
                type="button"
                class="favorite-toggle"
                aria-pressed={s().photo.favorite ?? false}
                onClick={() => void save(() => props.data.edit(s().photo.id, { favorite: !s().photo.favorite }))}
              >
                <span aria-hidden="true">♥</span> Favorite
              </button>
              <p class="caption" id="rating-caption">Rating</p>
              <div class="rating" role="group" aria-labelledby="rating-caption">
                <For each={[1, 2, 3, 4, 5]}>
                  {(n) => (
                    <button
                      type="button"
                      aria-label={`${n} star${n > 1 ? 's' : ''}`}
                      aria-pressed={(s().photo.rating ?? 0) >= n}
                      onClick={() => void rate(s().photo, s().photo.rating === n ? 0 : n)}
                    >
                      ★
                    </button>
                  )}
                </For>
              </div>
              <ChipEditor
                title="Labels"
                chips={s().photo.labelInfo.map((label) => ({
                  name: label.name,
                  href: searchLink(label.name),
                  hint: label.source === 'taught' ? `Suggested: a label you taught (${Math.round((label.score ?? 0) * 100)}%)` : label.score ? `${Math.round(label.score * 100)}% (${label.source})` : label.source,
                  removeLabel: label.source === 'taught' ? `Not ${label.name}: remove the suggestion` : `Remove label ${label.name}`,
                  ...(label.source === 'taught' ? { confirm: { label: `Confirm label ${label.name}`, run: () => void relabel(s().photo, { add: label.name }) } } : {}),
                }))}
                inputLabel="Add label"
                placeholder="Add a label"
                onRemove={(name) => void relabel(s().photo, { remove: name })}
                onAdd={(name) => void relabel(s().photo, { add: name })}
              />
              <ChipEditor
                title="Albums"
                chips={(s().photo.albums ?? []).map((album) => ({ name: album, href: searchLink(`album:"${album}"`), removeLabel: `Take out of album ${album}` }))}
                inputLabel="Add to album"
                placeholder="Add to an album"
                choices={albumNames() ?? []}
                onRemove={(name) => void refile(s().photo, { remove: name })}
                onAdd={(name) => void refile(s().photo, { add: name }).then(() => refetchAlbums())}
              />
              <dl>
                <For each={infoRows(s().photo, s().files)}>
                  {([label, value]) => (
                    <>
                      <dt>{label}</dt>
                      <dd>{value}</dd>
                    </>
                  )}
                </For>
              </dl>
            </aside>
          )}
        </Show>
      </div>
    </div>
  );
}
