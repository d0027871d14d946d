/**
 * Incremental clustering of face descriptors into people, without comparing all pairs: each
 * person keeps the sum of its members' descriptors (its centroid) and a few exemplars. A new face
 * is compared with every centroid (one per person, not one per face) and with the exemplars of
 * at most three candidates — O(people + 3 × EXEMPLARS) per face.
 */

/**
 * dlib's documented threshold for its 128-d descriptor: two faces under 0.6 apart are the same
 * person (99.38 % on LFW). Used for the "enough members agree" check.
 */
export const SAME_PERSON = 0.6;
/**
 * How near a person's centroid a face must be to join it. Tighter than dlib's 0.6: on the six
 * face-api sample photos, two different people in the same photo were 0.516 apart, while the one
 * woman seen in two photos was 0.456 from herself (models/FACES.md). A wrong merge is worse than
 * a split: the person merges two clusters in one click, while untangling takes one click per face.
 */
export const JOIN_DISTANCE = 0.5;
/** Members kept per person for the agreement check. */
export const EXEMPLARS = 8;
const CANDIDATES = 3;

export interface Cluster {
  personId: number;
  /** Sum of the members' descriptors: the centroid is sum / count. */
  sum: Float32Array;
  count: number;
  exemplars: Float32Array[];
}

export function distance(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    s += d * d;
  }
  return Math.sqrt(s);
}

function centroidDistance(c: Cluster, d: Float32Array): number {
  let s = 0;
  for (let i = 0; i < d.length; i++) {
    const x = (c.sum[i] as number) / c.count - (d[i] as number);
    s += x * x;
  }
  return Math.sqrt(s);
}

export function newCluster(personId: number, d: Float32Array): Cluster {
  return { personId, sum: Float32Array.from(d), count: 1, exemplars: [Float32Array.from(d)] };
}

export function addMember(c: Cluster, d: Float32Array): void {
  for (let i = 0; i < d.length; i++) c.sum[i] = (c.sum[i] as number) + (d[i] as number);
  c.count += 1;
  if (c.exemplars.length < EXEMPLARS) c.exemplars.push(Float32Array.from(d));
}

export function removeMember(c: Cluster, d: Float32Array): void {
  for (let i = 0; i < d.length; i++) c.sum[i] = (c.sum[i] as number) - (d[i] as number);
  c.count = Math.max(0, c.count - 1);
  const at = c.exemplars.findIndex((e) => distance(e, d) < 1e-6);
  if (at >= 0) c.exemplars.splice(at, 1);
}

/**
 * A face changes person: its descriptor leaves `from`'s cluster and joins `to`'s (made when the
 * person is new). Either side may be absent: a new face, or a face that is no one's any more.
 */
export function moveMember(clusters: Map<number, Cluster>, d: Float32Array, from: number | undefined, to: number | undefined): void {
  const old = from === undefined ? undefined : clusters.get(from);
  if (old) removeMember(old, d);
  if (to === undefined) return;
  const next = clusters.get(to);
  if (next) addMember(next, d);
  else clusters.set(to, newCluster(to, d));
}

/** `from`'s members join `into` (the person merged two people). */
export function mergeInto(into: Cluster, from: Cluster): void {
  for (let i = 0; i < into.sum.length; i++) into.sum[i] = (into.sum[i] as number) + (from.sum[i] as number);
  into.count += from.count;
  into.exemplars = [...into.exemplars, ...from.exemplars].slice(0, EXEMPLARS);
}

/**
 * The person a new face belongs to, or undefined for a new person. `exclude` lists people it
 * cannot be: those already in the same photo, and those the person took this face away from.
 */
export function chooseCluster(d: Float32Array, clusters: Iterable<Cluster>, exclude: ReadonlySet<number> = new Set()): number | undefined {
  const near: { c: Cluster; dist: number }[] = [];
  for (const c of clusters) {
    if (c.count <= 0 || exclude.has(c.personId)) continue;
    const dist = centroidDistance(c, d);
    if (dist < JOIN_DISTANCE) near.push({ c, dist });
  }
  near.sort((a, b) => a.dist - b.dist);
  for (const { c } of near.slice(0, CANDIDATES)) {
    const agree = c.exemplars.filter((e) => distance(e, d) < SAME_PERSON).length;
    if (agree * 2 >= c.exemplars.length) return c.personId;
  }
  return undefined;
}
