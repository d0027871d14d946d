import table from 'virtual:shoebox-synonyms';

/** The labels and categories a word people type stands for ("kitty" → cat), from WordNet. */
export function relatedLabels(word: string): string[] {
  return table[word.trim().toLowerCase()] ?? [];
}
