import type { ShoeboxDb } from '../catalog/db';
import { EMBEDDING_PAGE, eachEmbeddingPage, embeddingsChanged, type Pace } from '../catalog/embedding-repo';
import type { EmbeddingRow } from '../catalog/types';
import dotsWasm from './dot.wat';
import { SortedIdsBuilder, type SortedIds } from './sorted-ids';

/**
 * "More like this" and `similar:`: every photo's stored vector (vision/embedding.ts, int8) held in
 * the search worker as one typed array, compared by brute force: cosine, Σⱼ qⱼ·vᵢⱼ / (‖q‖·‖vᵢ‖),
 * the norms worked out once when the vectors are read (uncentred: centring on the library's mean
 * measured worse, models/SIMILAR.md). 100,000 photos of 128 dimensions: 13 MB and 12.8 million
 * multiply–adds a query, done sixteen at a time by a few hundred bytes of wasm SIMD (dot.wat: about
 * 1 ms, against 8 ms for the JavaScript loop kept for browsers without it). Read again (lazily)
 * after any change to the vectors.
 */

/** The compiled scan (dot.wat); null where wasm SIMD is not available. */
let dotsModule: WebAssembly.Module | null | undefined;
function simdScan(): WebAssembly.Module | undefined {
  if (dotsModule === undefined) {
    try {
      dotsModule = typeof WebAssembly === 'object' && WebAssembly.validate(dotsWasm) ? new WebAssembly.Module(dotsWasm) : null;
    } catch {
      dotsModule = null;
    }
  }
  return dotsModule ?? undefined;
}

/** Where the vectors live and how they are scanned: in wasm memory with SIMD, else in JavaScript. */
interface Store {
  /** Every vector, row after row. */
  v: Int8Array;
  /** The dot products of row `k` with every row, as integers (row order). */
  dots(k: number): Int32Array;
  simd: boolean;
}

/** `n` vectors of `dims` (a multiple of 4) to be filled in `v`. `simd` false: never the wasm scan (tests). */
export function vectorStore(n: number, dims: number, simd = true): Store {
  const compiled = simd && n > 0 && dims % 16 === 0 ? simdScan() : undefined;
  if (compiled) {
    // The vectors, then the query (dims bytes, 16-aligned as dims is), then one i32 per vector.
    const queryAt = n * dims;
    const outAt = queryAt + dims;
    const memory = new WebAssembly.Memory({ initial: Math.ceil((outAt + 4 * n) / 65_536) });
    const run = new WebAssembly.Instance(compiled, { env: { memory } }).exports.dots as (vectors: number, n: number, dims: number, query: number, out: number) => void;
    const v = new Int8Array(memory.buffer, 0, n * dims);
    const query = new Int8Array(memory.buffer, queryAt, dims);
    const out = new Int32Array(memory.buffer, outAt, n);
    return {
      v,
      simd: true,
      dots(k) {
        query.set(v.subarray(k * dims, (k + 1) * dims));
        run(0, n, dims, queryAt, outAt);
        return out;
      },
    };
  }
  const v = new Int8Array(n * dims);
  const out = new Int32Array(n);
  return {
    v,
    simd: false,
    dots(k) {
      const q = Int32Array.from(v.subarray(k * dims, (k + 1) * dims));
      for (let i = 0; i < n; i++) {
        // Four at a time (the dimensions are a multiple of 4): a third quicker than one by one.
        let d0 = 0;
        let d1 = 0;
        let d2 = 0;
        let d3 = 0;
        for (let j = 0, o = i * dims; j < dims; j += 4, o += 4) {
          d0 += (q[j] as number) * (v[o] as number);
          d1 += (q[j + 1] as number) * (v[o + 1] as number);
          d2 += (q[j + 2] as number) * (v[o + 2] as number);
          d3 += (q[j + 3] as number) * (v[o + 3] as number);
        }
        out[i] = d0 + d1 + d2 + d3;
      }
      return out;
    },
  };
}

interface Loaded {
  /** The photos with a vector, by id: row `k` is `ids.at(k)`'s. */
  ids: SortedIds;
  dims: number;
  /** The vectors (`store.v`) and their scan. */
  store: Store;
  /** 1 / ‖vᵢ‖ of each stored vector (as stored, in int8 units). */
  inv: Float32Array;
}

export interface Similar {
  id: string;
  score: number;
}

/**
 * Rows a page while the vectors are only read ahead: a search arriving meanwhile waits for at most
 * one page's task in this worker (a quarter of the 20 ms a page of 1,000 takes).
 */
const AHEAD_PAGE = 250;

export class SimilarIndex {
  private loaded: Promise<Loaded> | undefined;
  /** A query waits for the vectors being read: the rest of the pages go without pauses. */
  private awaited = false;
  /** Ends the pause under way (a query now waits, perhaps one the pause itself waits for). */
  private hurry: (() => void) | undefined;

  /**
   * `read` hands over every vector, a page at a time, at the `Pace` given (tests pass their own);
   * `simd` false: the JavaScript scan even where wasm SIMD runs (tests compare the two). `pause`,
   * given how long the last page took: awaited between two pages, each of `AHEAD_PAGE` rows, while
   * only `warm` wants them (the search worker's: reading 100,000 vectors at full speed took about
   * 5 s of IndexedDB and this worker, every search typed and every tile read meanwhile waiting
   * behind a page); once a query waits for them, the rest are read at once, in larger pages.
   */
  constructor(
    private readonly db: ShoeboxDb,
    private readonly read: (each: (page: readonly EmbeddingRow[]) => void, pace?: Pace) => Promise<void> = (each, pace) => eachEmbeddingPage(db, each, pace),
    private readonly simd = true,
    private readonly pause: (lastPageMs: number) => Promise<unknown> = async () => undefined,
  ) {}

  /** The vectors changed (or something did, when no table is named): read them again before the next query. */
  changed(parts?: Record<string, unknown>): void {
    if (embeddingsChanged(this.db, parts)) this.loaded = undefined;
  }

  /**
   * Each page's vectors are kept as bytes, their norms and ids worked out, as the page arrives;
   * the store is filled from those at the end. Made from every row at once, a million photos'
   * vectors were one task of 4 s in the search worker (measured), every search waiting behind it.
   */
  private async load(): Promise<Loaded> {
    let dims = -1;
    const ids = new SortedIdsBuilder();
    const pages: { bytes: Int8Array; norms: Float32Array }[] = [];
    const pace: Pace = {
      between: (lastPageMs) =>
        this.awaited
          ? Promise.resolve()
          : new Promise<void>((go) => {
              this.hurry = go;
              void this.pause(lastPageMs).then(() => go(), () => go());
            }).finally(() => (this.hurry = undefined)),
      pageSize: () => (this.awaited ? EMBEDDING_PAGE : AHEAD_PAGE),
    };
    await this.read((page) => {
      if (dims < 0 && page[0]) {
        dims = page[0].v.length;
        if (dims % 4) throw new Error(`Stored vectors of ${dims} dimensions: a multiple of 4 is expected`);
      }
      const kept = page.filter((r) => r.v.length === dims);
      const bytes = new Int8Array(kept.length * dims);
      const norms = new Float32Array(kept.length);
      kept.forEach((r, i) => {
        bytes.set(r.v, i * dims);
        let sum = 0;
        for (let j = 0; j < dims; j++) sum += (r.v[j] as number) ** 2;
        norms[i] = 1 / (Math.sqrt(sum) || 1);
        ids.push(r.id);
      });
      pages.push({ bytes, norms });
    }, pace);
    dims = Math.max(0, dims);
    // Read in the order of their ids (IndexedDB's); rows handed over in another (tests) are put in it.
    const { ids: sorted, moved } = ids.done();
    const store = vectorStore(sorted.length, dims, this.simd);
    const inv = new Float32Array(sorted.length);
    let k = 0;
    for (const { bytes, norms } of pages) {
      if (!moved) {
        store.v.set(bytes, k * dims);
        inv.set(norms, k);
        k += norms.length;
        continue;
      }
      for (let i = 0; i < norms.length; i++, k++) {
        const to = moved[k] as number;
        store.v.set(bytes.subarray(i * dims, (i + 1) * dims), to * dims);
        inv[to] = norms[i] as number;
      }
    }
    return { ids: sorted, dims, store, inv };
  }

  /**
   * The vectors as last read; a read that failed is tried again next time, not kept. `awaited`
   * false: only read ahead (`warm`), at the pace `pause` sets.
   */
  private vectors(awaited = true): Promise<Loaded> {
    if (!this.loaded) this.awaited = awaited;
    else if (awaited) {
      this.awaited = true;
      this.hurry?.();
    }
    const loading = (this.loaded ??= this.load());
    loading.catch(() => {
      if (this.loaded === loading) this.loaded = undefined;
    });
    return loading;
  }

  private scanned = false;

  /**
   * Read the vectors now (ahead of the first query), and the first time scan them once: the scan's
   * code is compiled then, not in a person's first `similar:`.
   */
  async warm(): Promise<number> {
    const data = await this.vectors(false);
    if (!this.scanned && data.ids.length) {
      this.scanned = true;
      await new Promise((go) => setTimeout(go)); // a task of its own, after the reading's
      await this.like(data.ids.at(0), 1);
    }
    return data.ids.length;
  }

  /** The photo whose id starts with `prefix` (at least 6 hex digits), if one has a vector. */
  async resolve(prefix: string): Promise<string | undefined> {
    const data = await this.vectors();
    const p = prefix.toLowerCase();
    if (data.ids.indexOf(p) >= 0) return p;
    return p.length >= 6 ? data.ids.startingWith(p) : undefined;
  }

  /**
   * The `limit` photos most like `id`, best first, among those `allowed` says (the photo itself left
   * out); empty when it has no vector.
   */
  async like(id: string, limit: number, allowed: (id: string) => boolean = () => true): Promise<Similar[]> {
    const data = await this.vectors();
    const k = data.ids.indexOf(id);
    if (k < 0) return [];
    const { inv, ids, store } = data;
    const qInv = inv[k] as number;
    const dots = store.dots(k);
    const best = new TopK(limit);
    for (let i = 0, n = ids.length; i < n; i++) {
      if (i === k) continue;
      const score = (dots[i] as number) * (inv[i] as number) * qInv;
      if (best.beats(score) && allowed(ids.at(i))) best.add(score, i);
    }
    return best.sorted().map(({ row, score }) => ({ id: ids.at(row), score }));
  }

  /** Unit-length vectors of these photos (those with one), as teach.ts takes them. */
  async vectorsOf(ids: Iterable<string>): Promise<Float32Array[]> {
    const data = await this.vectors();
    return [...ids].flatMap((id) => {
      const k = data.ids.indexOf(id);
      return k < 0 ? [] : [unitRow(data, k)];
    });
  }

  /**
   * Up to `count` photos' unit vectors, spread evenly over the library (the same ones each time
   * for the same library), leaving out `skip` and those `allowed` refuses: a sample of the rest.
   * `offset` (0–1) picks another such sample.
   */
  async sample(count: number, skip: ReadonlySet<string>, allowed: (id: string) => boolean = () => true, offset = 0): Promise<Float32Array[]> {
    const data = await this.vectors();
    const n = data.ids.length;
    const step = Math.max(1, n / count);
    const out: Float32Array[] = [];
    for (let at = step * offset; at < n && out.length < count; at += step) {
      const k = Math.floor(at);
      const id = data.ids.at(k);
      if (!skip.has(id) && allowed(id)) out.push(unitRow(data, k));
    }
    return out;
  }

  /** The `limit` photos a linear model (teach.ts: weights over the unit vector, and a bias) scores highest, best first, among those `allowed` says. */
  async rank(model: { w: readonly number[]; b: number }, limit: number, allowed: (id: string) => boolean): Promise<Similar[]> {
    const { dims, store: { v }, inv, ids } = await this.vectors();
    if (model.w.length !== dims) return [];
    const w = Float32Array.from(model.w);
    const best = new TopK(limit);
    for (let i = 0, n = ids.length; i < n; i++) {
      let d = 0;
      for (let j = 0, o = i * dims; j < dims; j++, o++) d += (w[j] as number) * (v[o] as number);
      const score = d * (inv[i] as number) + model.b;
      if (best.beats(score) && allowed(ids.at(i))) best.add(score, i);
    }
    return best.sorted().map(({ row, score }) => ({ id: ids.at(row), score }));
  }
}

/** Row `k` as a unit-length float vector. */
function unitRow(data: Loaded, k: number): Float32Array {
  const out = new Float32Array(data.dims);
  const s = data.inv[k] as number;
  for (let j = 0; j < data.dims; j++) out[j] = (data.store.v[k * data.dims + j] as number) * s;
  return out;
}

/** The best `limit` rows so far, a min-heap on score: a row that does not beat the smallest costs one compare. */
class TopK {
  private readonly score: Float32Array;
  private readonly row: Int32Array;
  private size = 0;
  constructor(private readonly limit: number) {
    this.score = new Float32Array(limit);
    this.row = new Int32Array(limit);
  }

  beats(score: number): boolean {
    return this.limit > 0 && (this.size < this.limit || score > (this.score[0] as number));
  }

  /** Push (or replace the smallest), then sift. */
  add(score: number, row: number): void {
    const { score: heapScore, row: heapRow } = this;
    let at = this.size < this.limit ? this.size++ : 0;
    const size = this.size;
    if (at === 0 && size === this.limit) {
      // Replace the root and sift down.
      for (;;) {
        const l = 2 * at + 1;
        const r = l + 1;
        let m = at;
        let ms = score;
        if (l < size && (heapScore[l] as number) < ms) {
          m = l;
          ms = heapScore[l] as number;
        }
        if (r < size && (heapScore[r] as number) < ms) m = r;
        if (m === at) break;
        heapScore[at] = heapScore[m] as number;
        heapRow[at] = heapRow[m] as number;
        at = m;
      }
    } else {
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if ((heapScore[parent] as number) <= score) break;
        heapScore[at] = heapScore[parent] as number;
        heapRow[at] = heapRow[parent] as number;
        at = parent;
      }
    }
    heapScore[at] = score;
    heapRow[at] = row;
  }

  sorted(): { row: number; score: number }[] {
    const out: { row: number; score: number }[] = [];
    for (let i = 0; i < this.size; i++) out.push({ row: this.row[i] as number, score: this.score[i] as number });
    return out.sort((a, b) => b.score - a.score);
  }
}

