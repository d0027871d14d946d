import { For, Show, createMemo, createSignal } from 'solid-js';
import { catalog } from '../catalog/db';
import { hiddenDuplicates, keepOne, lastKeep, showAgain, undoKeep, unhashedCount, type CopyFile, type DuplicateGroup, type DuplicateMember } from '../catalog/duplicate-repo';
import { hashOlderPhotos } from '../indexer/older-hashes';
import { searchWorker } from '../search/client';
import { createChangeCounter } from '../app/changes';
import { createNewestAnswer } from '../app/newest-answer';
import { keptItems } from '../app/kept-items';
import { getThumbs } from '../catalog/photo-repo';
import { createLive } from '../app/live';
import { showPrivate } from '../app/show-private';
import { createBlobUrls } from '../app/blob-urls';
import { bytes, dateTime, photosText } from '../app/format';
import { TrashHidden } from './TrashHidden';
import { DuplicateCompare, folderOf } from './DuplicateCompare';
import { lastBurst, stackBurst, unstackBurst, type BurstOffer } from '../catalog/burst-repo';


/** One photo of a group: its tile and what tells the copies apart. */
function Member(props: { member: DuplicateMember; src?: string; suggested: boolean; busy: boolean; onKeep: () => void }) {
  const photo = () => props.member.photo;
  const file = () => props.member.files[0];
  return (
    <li class="dup-member" aria-label={photo().name}>
      <img class="cover" src={props.src} alt={photo().name} />
      <dl>
        <dt>Resolution</dt>
        <dd>{photo().width} × {photo().height}</dd>
        <dt>Size</dt>
        <dd>{file() ? bytes((file() as CopyFile).size) : '—'}</dd>
        <dt>Date</dt>
        <dd>{dateTime(photo().takenAt)}</dd>
        <dt>Folder</dt>
        <dd>{file() ? folderOf(file() as CopyFile) : 'missing'}</dd>
      </dl>
      <Show when={props.suggested}>
        <p class="dup-suggested">Suggested: the largest, then the oldest</p>
      </Show>
      <button type="button" disabled={props.busy} onClick={() => props.onKeep()}>Keep this one</button>
    </li>
  );
}

/** Compare two photos of a group, opened on demand. */
function CompareToggle(props: { members: DuplicateMember[]; urls: Map<string, string> }) {
  const [open, setOpen] = createSignal(false);
  return (
    <>
      <button type="button" aria-expanded={open()} onClick={() => setOpen(!open())}>{open() ? 'Close the comparison' : 'Compare two…'}</button>
      <Show when={open()}>
        <DuplicateCompare members={props.members} urls={props.urls} />
      </Show>
    </>
  );
}

/** "4 s", "under a second". */
const seconds = (ms: number) => (ms < 1000 ? 'under a second' : `${Math.round(ms / 1000)} s`);

/** A burst offered: its frames by time, and "Stack this burst". */
function Burst(props: { burst: BurstOffer; index: number; of: number; urls: Map<string, string>; busy: boolean; onStack: () => void }) {
  const n = () => props.burst.members.length;
  return (
    <section class="dup-group" aria-label={`Burst ${props.index + 1} of ${props.of}, ${photosText(n())}`}>
      <p>{photosText(n())} within {seconds(props.burst.span)}, by {props.burst.camera}, {dateTime((props.burst.members[0] as DuplicateMember).photo.takenAt)}</p>
      <ul class="dup-members">
        <For each={props.burst.members}>
          {(m) => (
            <li class="dup-member" aria-label={m.photo.name}>
              <img class="cover" src={props.urls.get(m.photo.id)} alt={m.photo.name} />
              <p class="caption">{m.photo.name}</p>
            </li>
          )}
        </For>
      </ul>
      <button type="button" disabled={props.busy} onClick={() => props.onStack()}>Stack this burst</button>
    </section>
  );
}

/**
 * Near duplicates side by side, the suggested keeper first; "Keep this one" hides the others under
 * it and merges their edits (duplicate-repo.ts), undone with one click. Then exact copies: one
 * photo held by several files. Private photos only while they are shown (visibility.ts).
 */
export function DuplicatesView() {
  const db = catalog();
  // Grouped in the search worker, again when the catalogue changes (at most twice a second).
  const changes = createChangeCounter(500);
  const [error, setError] = createSignal('');
  const none = { groups: [], copies: [], bursts: [] };
  const load = (all: boolean) => searchWorker().duplicates(all).catch((e: unknown) => (setError((e as Error).message), none));
  // Each grouping shown as it comes (a large library's takes longer than the changes' pace in an
  // import); one made for the other choice of private photos is not shown.
  const found = createNewestAnswer(() => (changes(), showPrivate()), load, (a, b) => a === b);
  const compared = found.current;
  const shown = () => (compared() ? (found()?.answer ?? none) : none);
  // A grouping the same as the last is drawn as it is: a comparison open in a group stays open
  // (with what was chosen in it) while the catalogue changes, and the tiles are not read again.
  const photosOf = (members: readonly DuplicateMember[]) => members.map((m) => m.photo.id).join(' ');
  const keepGroups = keptItems<DuplicateGroup>((g) => photosOf(g.members));
  const keepCopies = keptItems<DuplicateMember>((c) => c.photo.id);
  const keepBursts = keptItems<BurstOffer>((b) => photosOf(b.members));
  const groups = createMemo(() => keepGroups(shown().groups));
  const copies = createMemo(() => keepCopies(shown().copies));
  const bursts = createMemo(() => keepBursts(shown().bursts));
  // Said once (one status), shown in both sections.
  const comparing = (said: boolean) => <p class="empty" role={said ? 'status' : undefined}>Comparing photos…</p>;
  const undo = createLive(() => lastKeep(db), undefined);
  const stacked = createLive(() => lastBurst(db), undefined);
  // Read again only when a photo shown is another, or changed (a kept item is the same object).
  const members = createMemo(() => [...groups().flatMap((g) => g.members), ...copies(), ...bursts().flatMap((b) => b.members)], [], {
    equals: (a, b) => a.length === b.length && a.every((m, i) => m === b[i]),
  });
  const urls = createBlobUrls(() => getThumbs(db, members().map((m) => m.photo.id)));
  const [busy, setBusy] = createSignal(false);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError('');
    try {
      await action();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const keptName = () => undo()?.wrote[0]?.name ?? '';
  // Photos an older Shoebox indexed have no hash: compared once their stored tiles are hashed.
  const unhashed = createLive(() => unhashedCount(db), 0, 1000);
  const hidden = createLive(() => hiddenDuplicates(db), [], 500);
  const hiddenUrls = createBlobUrls(() => getThumbs(db, hidden().map((p) => p.id)));
  return (
    <main class="duplicates-view">
      <h2>Duplicates</h2>
      <Show when={error()}>
        <p role="alert">{error()}</p>
      </Show>
      <Show when={undo()}>
        {(u) => (
          <section class="notice" aria-label="Last kept">
            <p role="status" aria-label="Kept">Kept {keptName()}; {photosText(u().wrote.length - 1)} hidden as duplicates.</p>
            <button type="button" disabled={busy()} onClick={() => void run(() => undoKeep(db))}>Undo</button>
            <TrashHidden db={db} />
          </section>
        )}
      </Show>
      <Show when={stacked()}>
        {(b) => (
          <section class="notice" aria-label="Last stacked">
            <p role="status" aria-label="Stacked">Stacked {photosText(b().frames)} as one burst: the first shows for them all.</p>
            <button type="button" disabled={busy()} onClick={() => void run(() => unstackBurst(db, b().id))}>Undo</button>
          </section>
        )}
      </Show>
      <Show when={bursts().length}>
        <section aria-labelledby="bursts">
          <h3 id="bursts">Bursts</h3>
          <p>Shots seconds apart, by one camera, that are nearly the same picture. Stacking a burst shows it as one photo; the viewer lists its frames.</p>
          <For each={bursts()}>
            {(burst, i) => <Burst burst={burst} index={i()} of={bursts().length} urls={urls()} busy={busy()} onStack={() => void run(async () => void (await stackBurst(db, burst.members.map((m) => m.photo.id))))} />}
          </For>
        </section>
      </Show>
      <section aria-labelledby="near-duplicates">
        <h3 id="near-duplicates">Near duplicates</h3>
        <Show when={unhashed() > 0}>
          <p>
            {photosText(unhashed())} indexed by an earlier version of Shoebox {unhashed() === 1 ? 'is' : 'are'} not compared yet.{' '}
            <button type="button" disabled={busy()} onClick={() => void run(async () => void (await hashOlderPhotos(db)))}>Compare them too</button>
          </p>
        </Show>
        <Show when={groups().length} fallback={compared() ? <p class="empty">No near duplicates: no two photos look alike after resizing, recompressing or a light crop.</p> : comparing(true)}>
          <p>{groups().length === 1 ? '1 group' : `${groups().length} groups`}. Keeping one hides the others from the timeline and search, and gives it their ratings, favourites, albums, labels and titles.</p>
          <For each={groups()}>
            {(group, i) => (
              <section class="dup-group" aria-label={`Group ${i() + 1} of ${groups().length}, ${photosText(group.members.length)}`}>
                <CompareToggle members={group.members} urls={urls()} />
                <ul class="dup-members">
                  <For each={group.members}>
                    {(member, j) => (
                      <Member
                        member={member}
                        src={urls().get(member.photo.id)}
                        suggested={j() === 0}
                        busy={busy()}
                        onKeep={() => void run(() => keepOne(db, member.photo.id, group.members.filter((m) => m !== member).map((m) => m.photo.id)))}
                      />
                    )}
                  </For>
                </ul>
              </section>
            )}
          </For>
        </Show>
      </section>
      <section aria-labelledby="exact-copies">
        <h3 id="exact-copies">Copies</h3>
        <Show when={copies().length} fallback={compared() ? <p class="empty">No photo is held by more than one file.</p> : comparing(false)}>
          <ul class="dup-copies">
            <For each={copies()}>
              {(c) => (
                <li aria-label={c.photo.name}>
                  <img class="cover" src={urls().get(c.photo.id)} alt={c.photo.name} />
                  <div>
                    <strong>{c.photo.name}</strong>: the same bytes in {c.files.length} files
                    <ul>
                      <For each={c.files}>{(f) => <li>{folderOf(f)}/{f.path.split('/').pop()} ({bytes(f.size)})</li>}</For>
                    </ul>
                  </div>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>
      <Show when={hidden().length}>
        <section aria-labelledby="hidden-duplicates">
          <h3 id="hidden-duplicates">Hidden as duplicates</h3>
          <ul class="dup-members">
            <For each={hidden()}>
              {(p) => (
                <li class="dup-member" aria-label={p.name}>
                  <img class="cover" src={hiddenUrls().get(p.id)} alt={p.name} />
                  <button type="button" disabled={busy()} onClick={() => void run(() => showAgain(db, p.id))}>Show again</button>
                </li>
              )}
            </For>
          </ul>
        </section>
      </Show>
    </main>
  );
}
