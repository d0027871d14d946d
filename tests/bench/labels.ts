import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { Detection, LabelRule } from '../../src/vision/detections';
import type { Probe } from '../../src/vision/vision-api';
import { JOIN_DISTANCE } from '../../src/catalog/face-cluster';
import { isNsfw } from '../../src/vision/nsfw-rule';
import type { Seen, Truth } from './label-eval';
import type { BenchGlobals } from './photos';

/**
 * The labelled evaluation set (tests/fixtures/labels-eval/set.json): real photographs that npm
 * packages ship, read from node_modules at run time, plus drawn pictures (logos, drawings, renders,
 * and the drawn landscapes the demo once was, tests/fixtures/labels-eval/scenes) that must get no label at all.
 */
interface SetPhoto extends Truth {
  id: string;
  package: string;
  path: string;
  split: 'tune' | 'check';
  faces: number | null;
}
interface SetFile {
  photos: SetPhoto[];
  drawn: { id: string; package: string; path: string }[];
  samePerson: { a: [string, number]; b: [string, number]; why: string }[];
}

export interface EvalPicture {
  id: string;
  split: 'tune' | 'check';
  truth: Truth;
  faces: number | null;
  drawn: boolean;
  bytes: Buffer;
}

export const EVAL_SET = JSON.parse(readFileSync('tests/fixtures/labels-eval/set.json', 'utf8')) as SetFile;

/** The drawn landscapes the demo once was (made by tests/fixtures/make-scenes.mjs). */
function scenePictures(): { id: string; file: string }[] {
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(`${dir}/${e.name}`) : e.name.endsWith('.jpg') ? [`${dir}/${e.name}`] : []));
  const dir = 'tests/fixtures/labels-eval/scenes';
  return walk(dir).sort().map((file) => ({ id: `scene:${file.slice(dir.length + 1)}`, file }));
}

/**
 * Every picture of the set. The demo's pictures are tuned on (the issue names their drawn sun);
 * the drawn pictures from npm are checked only.
 */
export function evalPictures(): EvalPicture[] {
  const none: Truth = { labels: {}, maybe: {} };
  return [
    ...EVAL_SET.photos.map((p) => ({ id: p.id, split: p.split, truth: { labels: p.labels, maybe: p.maybe }, faces: p.faces, drawn: false, bytes: readFileSync(`node_modules/${p.package}/${p.path}`) })),
    ...scenePictures().map((d) => ({ id: d.id, split: 'tune' as const, truth: none, faces: 0, drawn: true, bytes: readFileSync(d.file) })),
    ...EVAL_SET.drawn.map((d) => ({ id: d.id, split: 'check' as const, truth: none, faces: 0, drawn: true, bytes: readFileSync(`node_modules/${d.package}/${d.path}`) })),
  ];
}

export interface Probed {
  picture: EvalPicture;
  /** From the tile, letterboxed: what the app does. */
  tile: Probe;
  /** The tile looked at once, without the mirror image: the app before this work. */
  single: Detection[];
  /** Variants measured against it (the full run only): the tile stretched, and the 1600 px preview. */
  stretched?: Detection[];
  preview?: Detection[];
}

/**
 * Each picture indexed by the built imaging worker (its tile and preview, as the app makes them),
 * then probed by the built vision worker: every detector candidate, nsfwjs's scores, the faces.
 * Needs `startImagingWorker` and `startVisionWorker` in the page.
 */
export async function probePictures(page: Page, pictures: readonly EvalPicture[], variants: boolean): Promise<Probed[]> {
  const out: Probed[] = [];
  for (const [i, picture] of pictures.entries()) {
    const reply = await page.evaluate(async ({ i, name, data, variants }) => {
      const g = globalThis as unknown as BenchGlobals;
      const source = new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name);
      const indexed = await g.benchCall('indexFile', { fileId: i, source });
      const photo = indexed.value as { kind: string; tile: { blob: Blob }; preview: { blob: Blob } };
      if (indexed.type !== 'RAW' || photo.kind !== 'photo') throw new Error(`${name}: ${JSON.stringify(indexed.value)}`);
      const probe = async (...args: unknown[]) => {
        const r = await g.benchVision('probe', ...args);
        if (r.type !== 'RAW') throw new Error(`probe ${name}: ${JSON.stringify(r.value)}`);
        return r.value as Probe;
      };
      const tile = await probe(photo.tile.blob, photo.preview.blob);
      const single = (await probe(photo.tile.blob, undefined, { flip: false })).detections;
      if (!variants) return { tile, single };
      const stretched = (await probe(photo.tile.blob, undefined, { fit: 'stretch' })).detections;
      const preview = (await probe(photo.preview.blob)).detections;
      return { tile, single, stretched, preview };
    }, { i, name: `${picture.id.replace(/[^\w.-]/g, '_')}.${picture.bytes[0] === 0x89 ? 'png' : 'jpg'}`, data: picture.bytes.toString('base64'), variants });
    out.push({ picture, ...reply });
  }
  return out;
}

/** The probes as label-eval's input, from the tile or from one of the variants. */
export function seen(probed: readonly Probed[], from: 'tile' | 'single' | 'stretched' | 'preview' = 'tile'): Seen[] {
  return probed.map((p) => ({
    id: p.picture.id,
    truth: p.picture.truth,
    detections: from === 'tile' ? p.tile.detections : (p[from] ?? []),
    // The app before this work looked at no faces for its labels: its figures ('single') stay as they were.
    faces: from === 'single' ? undefined : p.tile.faces?.length,
  }));
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Faces: how many were found against the eye's count, and every pair of found faces judged against
 * JOIN_DISTANCE: a pair of different people closer than it is a wrong pair (the clusterer could
 * merge them); the pairs the set names as one person (`samePerson`, faces counted left to right)
 * are right when closer than it.
 */
export function faceFigures(probed: readonly Probed[]): Record<string, unknown> {
  const faces = probed.flatMap((p) =>
    [...(p.tile.faces ?? [])].sort((a, b) => a.box[0] - b.box[0]).map((f, index) => ({ photo: p.picture.id, index, descriptor: f.descriptor })),
  );
  const same = (a: (typeof faces)[number], b: (typeof faces)[number]) =>
    EVAL_SET.samePerson.some(({ a: [pa, ia], b: [pb, ib] }) => (a.photo === pa && a.index === ia && b.photo === pb && b.index === ib) || (a.photo === pb && a.index === ib && b.photo === pa && b.index === ia));
  let pairs = 0;
  let wrong = 0;
  let right = 0;
  let samePairs = 0;
  let closestDifferent = Infinity;
  for (let i = 0; i < faces.length; i++) {
    for (let j = i + 1; j < faces.length; j++) {
      const a = faces[i] as (typeof faces)[number];
      const b = faces[j] as (typeof faces)[number];
      const d = Math.sqrt(a.descriptor.reduce((s, x, k) => s + (x - (b.descriptor[k] as number)) ** 2, 0));
      pairs++;
      if (same(a, b)) {
        samePairs++;
        if (d < JOIN_DISTANCE) right++;
      } else {
        closestDifferent = Math.min(closestDifferent, d);
        if (d < JOIN_DISTANCE) wrong++;
      }
    }
  }
  const counted = probed.filter((p) => p.picture.faces !== null);
  const expected = counted.reduce((s, p) => s + (p.picture.faces as number), 0);
  const found = counted.reduce((s, p) => s + (p.tile.faces?.length ?? 0), 0);
  return {
    expected, found, photos_counted_right: counted.filter((p) => (p.tile.faces?.length ?? 0) === p.picture.faces).length, photos_counted: counted.length,
    pairs, wrong_pairs: wrong, same_person_pairs: samePairs, right_pairs: right, closest_different: Number.isFinite(closestDifferent) ? round(closestDifferent) : null,
    join_distance: JOIN_DISTANCE,
  };
}

/** The NSFW rule on pictures that are all ordinary: every one it would hide is a false positive. */
export function nsfwFigures(probed: readonly Probed[]): Record<string, unknown> {
  const hidden = probed.filter((p) => isNsfw(p.tile.nsfw)).map((p) => p.picture.id);
  return {
    pictures: probed.length, false_positives: hidden.length, hidden,
    max_porn: round(Math.max(...probed.map((p) => p.tile.nsfw.Porn))), max_sexy: round(Math.max(...probed.map((p) => p.tile.nsfw.Sexy))),
  };
}

/** Write calibrated bars where the vision worker reads them (models/label-thresholds.json). */
export function writeLabelRule(rule: LabelRule): void {
  const about = "The bars of src/vision/detections.ts's LabelRule, calibrated on the tune split of tests/fixtures/labels-eval/set.json by `npm run bench -- --calibrate` (tests/bench/label-eval.ts); the rivals are chosen by hand (models/LABELS.md).";
  writeFileSync('models/label-thresholds.json', `${JSON.stringify({ about, ...rule }, null, 2)}\n`);
}
