import { describe, expect, it } from 'vitest';
import { buildSynonyms } from '../../models/synonyms';

describe('synonyms from WordNet', () => {
  const table = buildSynonyms();

  it('finds our labels from the words people use', () => {
    expect(table.kitty).toContain('cat');
    expect(table.kitten).toContain('cat');
    expect(table.automobile).toContain('car');
    expect(table.auto).toContain('car');
    expect(table.puppy).toContain('dog');
    expect(table.feline).toContain('cat');
    // Exactly the animals people keep: not every animal, and not a darling (WordNet's other pet).
    expect(table.pet).toEqual(['bird', 'cat', 'dog']);
    expect(table.sofa).toContain('couch');
  });

  it('reads the sense COCO means, not WordNet’s first', () => {
    expect(table['computer mouse']).toContain('mouse');
    expect(table.rodent ?? []).not.toContain('mouse');
    expect(table.necktie).toContain('tie');
  });

  it('stays small: it ships with the app', () => {
    expect(JSON.stringify(table).length).toBeLessThan(200_000);
  });
});
