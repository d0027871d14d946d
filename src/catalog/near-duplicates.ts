/**
 * Near duplicates by perceptual hash (imaging/phash.ts): two photos are near duplicates when
 * their 64-bit hashes differ in at most THRESHOLD bits.
 *
 * Never all pairs. The hash is cut into four 16-bit bands; photos are candidates when one band of
 * theirs is within two bits of the other's (multi-index hashing: 137 band values probed per band).
 * Any two hashes at most 11 bits apart share such a band (pigeonhole: four bands, one differs in two
 * bits or fewer), so every pair up to 11 is found; pairs 12–14 apart are found when their differing
 * bits fall unevenly, as they mostly do (the 5 % crops measured: bands [1,1,4,6] at 12 bits).
 * The work grows with the pairs that share a band value within two bits: measured on uniformly
 * random hashes, 0.19 s for 10,000 photos and 2.2 s for 100,000 (2 shared cores, Node), so the
 * Duplicates view groups in the search worker, never on the page.
 */

/**
 * Chosen on two sets of tests/fixtures/duplicates (party, dinner: resized, recompressed, cropped,
 * brightened, stripped and HEIC copies 0–10 bits from their original, distinct photos of the same
 * subject 28 or more), and checked on two it was not tuned on (mountain, paris: copies 0–12,
 * distinct 24 or more; 22 between different sets). See tests/unit/duplicates.test.ts.
 */
export const THRESHOLD = 14;

const BANDS = 4;

const bandOf = (hash: string, b: number) => parseInt(hash.slice(b * 4, b * 4 + 4), 16);

/** `phash` of a photo with no picture to compare (a video's stand-in tile): it is no one's duplicate. */
export const NO_PICTURE = '-';

/** The index entries of a hash (`dupKeys`): band number, the band's 4 hex digits, then the whole hash; NO_PICTURE alone for no picture. */
export function dupKeys(hash: string | undefined): string[] {
  if (hash === NO_PICTURE) return [NO_PICTURE];
  if (!hash || !/^[0-9a-f]{16}$/.test(hash)) return [];
  return Array.from({ length: BANDS }, (_, b) => `${b}${hash.slice(b * 4, b * 4 + 4)}${hash}`);
}

/** The hash an index entry carries. */
export const hashOfKey = (key: string) => key.slice(5);

function popcount16(x: number): number {
  x -= (x >> 1) & 0x5555;
  x = (x & 0x3333) + ((x >> 2) & 0x3333);
  x = (x + (x >> 4)) & 0x0f0f;
  return (x + (x >> 8)) & 0x1f;
}

/** Set bits of every 16-bit value: one lookup per band when grouping many. */
const POPCOUNT = Uint8Array.from({ length: 65536 }, (_, x) => popcount16(x));

/** Bits that differ between two hashes. */
export function hamming(a: string, b: string): number {
  let d = 0;
  for (let band = 0; band < BANDS; band++) d += popcount16(bandOf(a, band) ^ bandOf(b, band));
  return d;
}

/** The XOR masks of every 16-bit value within two bits (0 included): 137 masks. */
const MASKS = Uint16Array.from([0, ...Array.from({ length: 16 }, (_, i) => [1 << i, ...Array.from({ length: 15 - i }, (_, k) => (1 << i) | (1 << (i + 1 + k)))]).flat()]);

/** Every 16-bit value within two bits of `v` (itself included). */
const near = (v: number): number[] => Array.from(MASKS, (m) => v ^ m);

/** The band prefixes (`dupKeys` up to the band) a photo's near duplicates may carry: for an index read. */
export const probePrefixes = (hash: string): string[] =>
  Array.from({ length: BANDS }, (_, b) => near(bandOf(hash, b)).map((v) => `${b}${v.toString(16).padStart(4, '0')}`)).flat();

/**
 * Groups of near duplicates (two photos or more each, ids as given), from every photo's hash.
 * Each band is bucketed by value (counting sort: two typed arrays), each photo probes its
 * neighbourhood there, and pairs within THRESHOLD join one group (union–find), so a copy of a
 * copy is in its original's group.
 */
export function groupNear(photos: readonly { id: string; hash: string }[], threshold = THRESHOLD): string[][] {
  const n = photos.length;
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  const bands = Array.from({ length: BANDS }, (_, b) => Uint16Array.from(photos, (p) => bandOf(p.hash, b)));
  const [b0, b1, b2, b3] = bands as [Uint16Array, Uint16Array, Uint16Array, Uint16Array];
  const bits = (a: Uint16Array, i: number, j: number) => POPCOUNT[(a[i] as number) ^ (a[j] as number)] as number;
  const join = (i: number, j: number) => {
    if (bits(b0, i, j) + bits(b1, i, j) + bits(b2, i, j) + bits(b3, i, j) > threshold) return;
    const [ri, rj] = [root(i), root(j)];
    if (ri !== rj) parent[rj] = ri;
  };
  for (const values of bands) {
    // Counting sort by the band's value: bucket v holds members[start[v] … start[v + 1]).
    const start = new Uint32Array(65537);
    for (const v of values) (start[v + 1] as number)++;
    for (let v = 0; v < 65536; v++) start[v + 1] = (start[v + 1] as number) + (start[v] as number);
    const fill = start.slice(0, 65536);
    const members = new Uint32Array(n);
    values.forEach((v, i) => (members[(fill[v] as number)++] = i));
    // Each pair of buckets within two bits once (w ≥ v), each pair of photos in them once.
    for (let v = 0; v < 65536; v++) {
      const [a0, a1] = [start[v] as number, start[v + 1] as number];
      if (a0 === a1) continue;
      for (const mask of MASKS) {
        const w = v ^ mask;
        if (w < v) continue;
        const c1 = start[w + 1] as number;
        for (let x = a0; x < a1; x++) {
          for (let y = w === v ? x + 1 : (start[w] as number); y < c1; y++) join(members[x] as number, members[y] as number);
        }
      }
    }
  }
  const groups = new Map<number, string[]>();
  photos.forEach((p, i) => {
    const r = root(i);
    const group = groups.get(r);
    if (group) group.push(p.id);
    else groups.set(r, [p.id]);
  });
  return [...groups.values()].filter((g) => g.length > 1);
}
