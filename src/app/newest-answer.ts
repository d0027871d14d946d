import { createEffect, createMemo, createSignal, onCleanup, untrack, type Accessor } from 'solid-js';

/** An answer with the question it answers. */
export interface Answered<Q, A> {
  question: Q;
  answer: A;
}

/**
 * An answer asked again whenever `question` changes (what it reads: a query, a choice, the
 * catalogue's change counter; undefined asks nothing). An answer is shown when it is newer than
 * the one shown and `same` says it still answers the question as it stands: a newer ask of the
 * same question (made at every catalogue change, every 0.5 s in an import) does not hold it back,
 * or an answer slower than the changes would never be shown; an answer to another question is
 * never shown. `letGo` receives every answer not shown, and every one replaced. Undefined until
 * the first answer; `ask` answers its errors itself. `current()` says whether the answer shown
 * answers the question as it stands (a view shows "Searching…" meanwhile, not a stale answer).
 */
export function createNewestAnswer<Q, A>(
  question: () => Q | undefined,
  ask: (question: Q) => Promise<A>,
  same: (a: Q, b: Q) => boolean,
  letGo: (answer: A) => void = () => undefined,
): Accessor<Answered<Q, A> | undefined> & { current: Accessor<boolean> } {
  const [shown, setShown] = createSignal<Answered<Q, A>>();
  let asked = 0;
  let shownAsk = 0;
  let live = true;
  createEffect(() => {
    const q = question();
    if (q === undefined) return;
    const mine = ++asked;
    void ask(q).then((answer) => {
      const now = untrack(question);
      if (!live || mine <= shownAsk || now === undefined || !same(q, now)) return letGo(answer);
      shownAsk = mine;
      const before = untrack(shown);
      setShown({ question: q, answer });
      if (before) letGo(before.answer);
    });
  });
  onCleanup(() => {
    live = false;
    const last = untrack(shown);
    if (last) letGo(last.answer);
  });
  const current = createMemo(() => {
    const now = question();
    const last = shown();
    return now !== undefined && last !== undefined && same(last.question, now);
  });
  return Object.assign(shown, { current });
}
