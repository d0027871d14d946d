import { For, Show, createResource, createSignal, type Accessor } from 'solid-js';
import type { PhotoRow } from '../catalog/types';
import { isRawMediaType } from '../catalog/media-kind';

/** A file of a stack, as the viewer lists it (catalog/stack-repo.ts `StackFile`). */
export interface StackEntry {
  path: string;
  mediaType?: string;
  photoId?: string;
}

/** What the viewer asks of the library for stacks and Live Photos. */
export interface StackData {
  /** Every file of the photo's stack, by path. */
  stackFiles(photo: PhotoRow): Promise<StackEntry[]>;
  /** Unstack (or stack again); returns the photo as it now is. */
  setUnstacked(id: string, unstacked: boolean): Promise<PhotoRow | undefined>;
  /** Put this photo on top of its stack; returns the photo shown as it now is. */
  pickTop(id: string): Promise<PhotoRow | undefined>;
  /** A live photo's motion: the Live Photo's MOV, or the Motion Photo's own video, read from its folder. */
  motion(id: string): Promise<Blob | undefined>;
}

const TYPE_NAMES: Record<string, string> = { 'image/jpeg': 'JPEG', 'image/heic': 'HEIC', 'image/png': 'PNG', 'video/quicktime': 'MOV video', 'video/mp4': 'MP4 video' };
/** A file's type for people: JPEG, HEIC, CR2 RAW, MOV video. */
function typeName(entry: StackEntry): string {
  const known = entry.mediaType && TYPE_NAMES[entry.mediaType];
  if (known) return known;
  const ext = entry.path.slice(entry.path.lastIndexOf('.') + 1).toUpperCase();
  if (isRawMediaType(entry.mediaType)) return `${ext} RAW`;
  return entry.mediaType?.startsWith('video/') ? `${ext} video` : ext;
}

/** The stack's files with their types, the top pick and Unstack (the person's choices). */
export function StackPanel(props: { photo: PhotoRow; data: StackData; save: (work: () => Promise<PhotoRow | undefined>) => Promise<void> }) {
  const [files, { refetch }] = createResource(() => props.photo, (photo) => props.data.stackFiles(photo));
  const act = async (work: () => Promise<PhotoRow | undefined>) => {
    await props.save(work);
    await refetch();
  };
  const stacked = () => !props.photo.userEdits?.unstacked;
  return (
    <Show when={props.photo.stack && (files()?.length ?? 0) > 1}>
      <section class="stack" aria-label="Stack">
        <p class="caption">{stacked() ? `Stack of ${files()?.filter((f) => !f.mediaType?.startsWith('video/')).length} (one shot)` : 'Unstacked (one shot)'}</p>
        <ul>
          <For each={files()}>
            {(file) => (
              <li>
                <span>{file.path.slice(file.path.lastIndexOf('/') + 1)}</span> <span class="caption">{typeName(file)}</span>
                <Show when={file.photoId === props.photo.id && stacked()}> <span class="caption">(on top)</span></Show>
                <Show when={stacked() && file.photoId && file.photoId !== props.photo.id && !file.mediaType?.startsWith('video/')}>
                  {' '}<button type="button" onClick={() => void act(() => props.data.pickTop(file.photoId as string))}>Put on top</button>
                </Show>
              </li>
            )}
          </For>
        </ul>
        <button type="button" onClick={() => void act(() => props.data.setUnstacked(props.photo.id, stacked()))}>{stacked() ? 'Unstack' : 'Stack again'}</button>
      </section>
    </Show>
  );
}

/**
 * A live photo's motion, played on demand (muted, once, by VideoPlayer): the file's own bytes (a
 * MOV streamed from its folder, or a slice of the Motion Photo), until it ends or the photo changes.
 */
export function createMotion(data: StackData, photo: Accessor<PhotoRow | undefined>) {
  const [playing, setPlaying] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  const current = () => {
    const id = playing();
    return id && photo()?.id === id ? id : undefined;
  };
  const [motion] = createResource(current, async (id) => {
    const blob = await data.motion(id);
    setError(blob ? undefined : 'The motion is in the original file: connect its folder to play it.');
    if (!blob) setPlaying(undefined);
    return blob;
  });
  return {
    blob: () => (current() ? motion() : undefined),
    error,
    toggle: () => setPlaying(playing() ? undefined : photo()?.live ? photo()?.id : undefined),
    stop: () => setPlaying(undefined),
  };
}
