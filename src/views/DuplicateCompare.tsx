import { For, Show, createSignal } from 'solid-js';
import type { CopyFile, DuplicateMember } from '../catalog/duplicate-repo';
import { bytes, dateTime } from '../app/format';

/** "Photos/2019": the granted folder's name and the folder inside it. */
export const folderOf = (f: CopyFile) => [f.source, ...f.path.split('/').slice(0, -1)].filter(Boolean).join('/');

type Mode = 'side' | 'difference' | 'swipe';
const MODES: [Mode, string][] = [['side', 'Side by side'], ['difference', 'Difference'], ['swipe', 'Swipe']];

/** What tells two copies apart, for the facts table. */
const facts = (m: DuplicateMember): [string, string][] => {
  const file = m.files[0];
  return [
    ['Resolution', `${m.photo.width} × ${m.photo.height}`],
    ['Size', file ? bytes(file.size) : '—'],
    ['Date', dateTime(m.photo.takenAt)],
    ['Folder', file ? folderOf(file) : 'missing'],
  ];
};

/**
 * Two photos of a group compared: side by side, or one over the other as their difference (the
 * browser's `mix-blend-mode: difference`, composited on the GPU: black where they agree, bright
 * where they differ) or swiped across (a slider uncovers the second). Both pictures are drawn at
 * the first one's shape, so a crop or a shift shows as edges in the difference. Tiles, no reads of
 * the originals; nothing computed on the page's thread.
 */
export function DuplicateCompare(props: { members: DuplicateMember[]; urls: Map<string, string> }) {
  const [left, setLeft] = createSignal(0);
  const [right, setRight] = createSignal(1);
  const [mode, setMode] = createSignal<Mode>('side');
  const [swipe, setSwipe] = createSignal(50);
  const a = () => props.members[left()] ?? props.members[0];
  const b = () => props.members[right()] ?? props.members[1];
  const src = (m: DuplicateMember | undefined) => (m ? props.urls.get(m.photo.id) : undefined);
  const ratio = () => `${a()?.photo.width ?? 4} / ${a()?.photo.height ?? 3}`;
  const picker = (label: string, value: () => number, set: (i: number) => void) => (
    <label>
      {label}{' '}
      <select value={value()} onChange={(e) => set(Number(e.currentTarget.value))}>
        <For each={props.members}>{(m, i) => <option value={i()}>{m.photo.name} ({m.photo.width} × {m.photo.height})</option>}</For>
      </select>
    </label>
  );
  return (
    <section class="dup-compare" aria-label="Compare">
      <div class="dup-compare-controls">
        {picker('First', left, setLeft)}
        {picker('Second', right, setRight)}
        <fieldset>
          <legend>Show</legend>
          <For each={MODES}>
            {([value, label]) => (
              <label>
                <input type="radio" name="dup-compare-mode" value={value} checked={mode() === value} onChange={() => setMode(value)} /> {label}
              </label>
            )}
          </For>
        </fieldset>
        <Show when={mode() === 'swipe'}>
          <label>
            Swipe <input type="range" min="0" max="100" value={swipe()} onInput={(e) => setSwipe(Number(e.currentTarget.value))} />
          </label>
        </Show>
      </div>
      <Show
        when={mode() !== 'side'}
        fallback={
          <div class="dup-compare-side">
            <img src={src(a())} alt={a()?.photo.name} style={{ 'aspect-ratio': ratio() }} />
            <img src={src(b())} alt={b()?.photo.name} style={{ 'aspect-ratio': ratio() }} />
          </div>
        }
      >
        <figure class="dup-compare-stack" role="img" aria-label={mode() === 'difference' ? `Difference of ${a()?.photo.name} and ${b()?.photo.name}` : `${b()?.photo.name} swiped over ${a()?.photo.name}`} style={{ 'aspect-ratio': ratio() }}>
          <img src={src(a())} alt="" />
          <img
            src={src(b())}
            alt=""
            classList={{ 'dup-difference': mode() === 'difference' }}
            style={mode() === 'swipe' ? { 'clip-path': `inset(0 0 0 ${swipe()}%)` } : {}}
          />
        </figure>
        <Show when={mode() === 'difference'}>
          <p class="caption">Black where the two are the same; bright where they differ.</p>
        </Show>
      </Show>
      <table class="dup-compare-facts">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">{a()?.photo.name}</th>
            <th scope="col">{b()?.photo.name}</th>
          </tr>
        </thead>
        <tbody>
          <For each={a() && b() ? facts(a() as DuplicateMember).map((f, i) => [f, (facts(b() as DuplicateMember)[i] as [string, string])[1]] as const) : []}>
            {([[name, first], second]) => (
              <tr classList={{ differs: first !== second }}>
                <th scope="row">{name}</th>
                <td>{first}</td>
                <td>{second}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </section>
  );
}
