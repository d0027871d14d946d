/**
 * A list asked again at every catalogue change (the Duplicates view's groups) arrives as new
 * objects each time, and Solid's `For` keys its items by object: every item would be drawn anew,
 * and whatever the person had open in one (a comparison, its choices) closed under them. This
 * keeps each item that is the same as before (the same key, the same content) as the object
 * drawn before, so only items that changed are drawn again.
 */
export function keptItems<T>(keyOf: (item: T) => string): (items: readonly T[]) => T[] {
  let before = new Map<string, { item: T; content: string }>();
  return (items) => {
    const now = new Map<string, { item: T; content: string }>();
    const out = items.map((item) => {
      const key = keyOf(item);
      const content = JSON.stringify(item);
      const kept = before.get(key);
      const same = kept?.content === content ? kept.item : item;
      now.set(key, { item: same, content });
      return same;
    });
    before = now;
    return out;
  };
}
