/** The part of pngjs (no types of its own) that tests/bench/compare-detectors.ts uses. */
declare module 'pngjs' {
  export const PNG: { sync: { read(data: Buffer): { width: number; height: number; data: Buffer } } };
}
