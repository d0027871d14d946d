import { SIMILAR } from '../../models/manifest';

/**
 * What a photo looks like, as a short vector ("More like this", `similar:`): CenterNet's pooled
 * head features (models/SIMILAR.md), which the detector computes anyway while indexing, made unit
 * length and stored as int8 with one scale: 128 bytes a photo, 13 MB for 100,000.
 */

/** Stored dimensions. */
export const EMBEDDING_DIMS: number = SIMILAR.dims;

/** A stored vector: int8 of the unit-length features, `s` the scale that reads it back (v[i] · s). */
export interface Embedding {
  v: Int8Array;
  s: number;
  /** SIMILAR.version: a vector of another version is not compared. */
  ver: number;
}

/** Make `features` unit length and quantise it to int8 (the largest value is ±127). */
export function embed(features: ArrayLike<number>): Embedding {
  let norm = 0;
  for (let i = 0; i < features.length; i++) norm += (features[i] as number) ** 2;
  norm = Math.sqrt(norm) || 1;
  let max = 0;
  for (let i = 0; i < features.length; i++) max = Math.max(max, Math.abs((features[i] as number) / norm));
  const scale = max / 127 || 1;
  return { v: Int8Array.from(features, (x) => Math.round(x / norm / scale)), s: scale, ver: SIMILAR.version };
}
