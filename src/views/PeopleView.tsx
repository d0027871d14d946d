import { For, Show, createSignal } from 'solid-js';
import { catalog } from '../catalog/db';
import { faceCrops, facesOfPerson, getPerson, listPeople, markNotFace, mergePeople, namePerson, removeFaceFromPerson } from '../catalog/face-repo';
import type { PersonRow } from '../catalog/types';
import { createLiveFrom } from '../app/live';
import { showPrivate } from '../app/show-private';
import { createBlobUrls } from '../app/blob-urls';
import { createGuard } from '../app/guard';
import { searchLink } from '../search/parse';

const photos = (n: number) => `${n} ${n === 1 ? 'photo' : 'photos'}`;
const nameOf = (p: PersonRow) => p.name ?? 'Unnamed';
/** A search for a person's photos (quoted: names have spaces). */
export const personQuery = (name: string) => `person:"${name}"`;

/** One tile per person, unnamed first: the clusters worth naming. */
export function PeopleView() {
  const db = catalog();
  const people = createLiveFrom(showPrivate, (all) => listPeople(db, all), [], 500);
  const covers = createBlobUrls(() => faceCrops(db, people().flatMap((p) => p.coverFaceId ?? [])));
  return (
    <main class="people-view">
      <h2>People</h2>
      <Show when={people().length > 0} fallback={<p class="empty">No faces yet: they appear as photos of people are indexed.</p>}>
        <ul class="label-list" aria-label="People">
          <For each={people()}>
            {(p) => (
              <li>
                <a href={`#/people/${p.id}`}>
                  <Show when={p.coverFaceId && covers().get(p.coverFaceId)} fallback={<span class="cover face" />}>
                    {(src) => <img class="cover face" src={src()} alt="" />}
                  </Show>
                  <span class="label-name">{nameOf(p)}</span>
                  <span class="label-count">{photos(p.photoCount)}</span>
                </a>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </main>
  );
}

/** A person: name them, merge them with someone else, take wrong faces away. Mounted per person (keyed in App). */
export function PersonView(props: { id: number }) {
  const db = catalog();
  const [error, setError] = createSignal<string>();
  const guarded = createGuard(setError);
  const person = createLiveFrom(showPrivate, (all) => getPerson(db, props.id, all), undefined);
  const faces = createLiveFrom(showPrivate, (all) => facesOfPerson(db, props.id, all), []);
  const others = createLiveFrom(showPrivate, async (all) => (await listPeople(db, all)).filter((p) => p.id !== props.id), []);
  const crops = createBlobUrls(() => faceCrops(db, faces().map((f) => f.id)));
  const title = () => person()?.name ?? 'Unnamed person';
  let nameInput!: HTMLInputElement;
  let mergeSelect!: HTMLSelectElement;

  const save = guarded(async (e: SubmitEvent) => {
    e.preventDefault();
    await namePerson(db, props.id, nameInput.value);
  });
  const merge = guarded(async (e: SubmitEvent) => {
    e.preventDefault();
    const into = Number(mergeSelect.value);
    if (!into) return;
    await mergePeople(db, props.id, into);
    location.hash = `#/people/${into}`;
  });

  return (
    <main class="person-view">
      <p><a href="#/people">← People</a></p>
      <Show when={person()} fallback={<p class="empty">This person is no longer in the library (merged or removed), or is only in private photos.</p>}>
        {(p) => (
          <>
            <h2>{title()}</h2>
            <p class="caption">
              {photos(p().photoCount)} · {p().faceCount} {p().faceCount === 1 ? 'face' : 'faces'}
              <Show when={p().name}>
                {(name) => <> · <a href={searchLink(personQuery(name()))}>Show their photos</a></>}
              </Show>
            </p>
            <Show when={error()}>
              <p class="error" role="alert">{error()}</p>
            </Show>
            <form class="person-form" onSubmit={save}>
              <label>
                Name <input ref={nameInput} name="name" value={p().name ?? ''} placeholder="Who is this?" autocomplete="off" />
              </label>
              <button type="submit">Save name</button>
            </form>
            <Show when={others().length > 0}>
              <form class="person-form" onSubmit={merge}>
                <label>
                  Same person as{' '}
                  <select ref={mergeSelect} name="into">
                    <option value="">Choose…</option>
                    <For each={others()}>{(o) => <option value={o.id}>{`${nameOf(o)} (${photos(o.photoCount)})`}</option>}</For>
                  </select>
                </label>
                <button type="submit">Merge</button>
              </form>
            </Show>
            <ul class="face-list" aria-label="Faces">
              <For each={faces()}>
                {(face) => (
                  <li aria-label={`Face in ${face.photoName ?? 'a photo'}`}>
                    <Show when={crops().get(face.id)} fallback={<span class="cover face" />}>
                      {(src) => <img class="cover face" src={src()} alt={`${title()} in ${face.photoName ?? 'a photo'}`} />}
                    </Show>
                    <span class="caption">{face.photoName}</span>
                    <button type="button" onClick={guarded(() => removeFaceFromPerson(db, face.id))}>Not {p().name ?? 'this person'}</button>
                    <button type="button" onClick={guarded(() => markNotFace(db, face.id))}>Not a face</button>
                  </li>
                )}
              </For>
            </ul>
          </>
        )}
      </Show>
    </main>
  );
}
