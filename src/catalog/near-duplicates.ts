/**
 * Near duplicates by perceptual hash (imaging/phash.ts): two photos are near duplicates when
 * their 64-bit hashes differ in at most THRESHOLD bits.
 *
 * Never all pairs. The hash is cut into four 16-bit bands; photos are candidates when one band of
 * theirs is within two bits of the other's (multi-index hashing: 137 band values probed per band).
 * Any two hashes at most 11 bits apart share such a band (pigeonhole: four bands, one differs in two
 * bits or fewer), so every pair up to 11 is found; pairs 12–14 apart are found when their differing
 * bits fall unevenly, as they mostly do (the 5 % crops measured: bands [1,1,4,6] at 12 bits).
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

/** The index entries of a hash (`dupKeys`): band number, the band's 4 hex digits, then the whole hash. */
export function dupKeys(hash: string | undefined): string[] {
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

/** Bits that differ between two hashes. */
export function hamming(a: string, b: string): number {
  let d = 0;
  for (let band = 0; band < BANDS; band++) d += popcount16(bandOf(a, band) ^ bandOf(b, band));
  return d;
}

/** Every 16-bit value within two bits of `v` (itself included): 137 values. */
function near(v: number): number[] {
  const out = [v];
  for (let i = 0; i < 16; i++) {
    out.push(v ^ (1 << i));
    for (let j = i + 1; j < 16; j++) out.push(v ^ (1 << i) ^ (1 << j));
  }
  return out;
}

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
  for (let b = 0; b < BANDS; b++) {
    const values = Uint16Array.from(photos, (p) => bandOf(p.hash, b));
    const start = new Uint32Array(65537);
    for (const v of values) (start[v + 1] as number)++;
    for (let v = 0; v < 65536; v++) start[v + 1] = (start[v + 1] as number) + (start[v] as number);
    const fill = start.slice(0, 65536);
    const members = new Uint32Array(n);
    values.forEach((v, i) => (members[(fill[v] as number)++] = i));
    for (let i = 0; i < n; i++) {
      for (const v of near(values[i] as number)) {
        for (let k = start[v] as number; k < (start[v + 1] as number); k++) {
          const j = members[k] as number;
          if (j <= i || root(i) === root(j)) continue;
          if (hamming((photos[i] as { hash: string }).hash, (photos[j] as { hash: string }).hash) <= threshold) parent[root(j)] = root(i);
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
