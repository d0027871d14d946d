import { describe, expect, it } from 'vitest';
import { createRoot, createSignal } from 'solid-js';
import { createNewestAnswer } from '../../src/app/newest-answer';

/** Answers the test gives by hand, in any order. */
function pending() {
  const asks: { question: string; answer: (a: string) => void }[] = [];
  const ask = (question: string) => new Promise<string>((answer) => asks.push({ question, answer }));
  return { asks, ask };
}
const tick = () => new Promise((r) => setTimeout(r));
const sameText = (a: { text: string }, b: { text: string }) => a.text === b.text;

describe('the newest answer', () => {
  it('shows an answer to the question asked now even while a newer ask of it is under way', async () => {
    const { asks, ask } = pending();
    const [text] = createSignal('cat');
    const [changes, setChanges] = createSignal(0);
    const letGo: string[] = [];
    await createRoot(async (dispose) => {
      const shown = createNewestAnswer(() => ({ text: text(), n: changes() }), (q) => ask(`${q.text}#${q.n}`), sameText, (a) => letGo.push(a));
      await tick();
      setChanges(1); // the catalogue changed: asked again before the first answer came
      await tick();
      expect(asks.map((a) => a.question)).toEqual(['cat#0', 'cat#1']);
      asks[0]?.answer('cats then');
      await tick();
      expect(shown()?.answer).toBe('cats then');
      asks[1]?.answer('cats now');
      await tick();
      expect(shown()?.answer).toBe('cats now');
      expect(letGo).toEqual(['cats then']);
      dispose();
      expect(letGo).toEqual(['cats then', 'cats now']);
    });
  });

  it('never shows an answer older than the one shown, nor one to a question no longer asked', async () => {
    const { asks, ask } = pending();
    const [text, setText] = createSignal('cat');
    const [changes, setChanges] = createSignal(0);
    const letGo: string[] = [];
    await createRoot(async (dispose) => {
      const shown = createNewestAnswer(() => ({ text: text(), n: changes() }), (q) => ask(`${q.text}#${q.n}`), sameText, (a) => letGo.push(a));
      await tick();
      setChanges(1);
      await tick();
      asks[1]?.answer('newer');
      await tick();
      asks[0]?.answer('older');
      await tick();
      expect(shown()?.answer).toBe('newer');
      expect(letGo).toEqual(['older']);
      setText('dog');
      await tick();
      asks[2]?.answer('dogs');
      setText('cow');
      await tick();
      // "dogs" came once the question was "cow": not shown, and "newer" stays until cows come.
      expect(shown()?.answer).toBe('newer');
      expect(shown.current()).toBe(false);
      expect(letGo).toEqual(['older', 'dogs']);
      asks[3]?.answer('cows');
      await tick();
      expect(shown()).toEqual({ question: { text: 'cow', n: 1 }, answer: 'cows' });
      expect(shown.current()).toBe(true);
      // Asked again at a change: the answer shown still answers the question as it stands.
      setChanges(2);
      expect(shown.current()).toBe(true);
      dispose();
    });
  });

  it('asks nothing while there is no question, and lets go of an answer that comes after the view is gone', async () => {
    const { asks, ask } = pending();
    const [text, setText] = createSignal<string | undefined>(undefined);
    const letGo: string[] = [];
    await createRoot(async (dispose) => {
      const shown = createNewestAnswer(() => text(), ask, (a, b) => a === b, (a) => letGo.push(a));
      await tick();
      expect(asks).toHaveLength(0);
      setText('cat');
      await tick();
      dispose();
      asks[0]?.answer('cats');
      await tick();
      expect(shown()).toBeUndefined();
      expect(letGo).toEqual(['cats']);
    });
  });
});
