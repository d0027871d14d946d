import type { Embedding } from './embedding';
import { categoryOf } from '../../models/taxonomy';
import table from '../../models/label-thresholds.json' with { type: 'json' };

/** One detected object, its box normalised to 0–1 of the photo. */
export interface Detection {
  label: string;
  score: number;
  box: [x1: number, y1: number, x2: number, y2: number];
}

export interface LabelScore {
  name: string;
  score: number;
}

/** What a photo shows, as the catalogue stores it. */
export interface VisionResult {
  labels: LabelScore[];
  categories: string[];
  people: number;
  /** nsfwjs rated the photo explicit (see nsfw-rule.ts): it becomes private. */
  nsfw?: boolean;
  /** What the photo looks like, for "More like this" (embedding.ts). */
  embedding?: Embedding;
}

/** Human's post-processing for CenterNet: candidates above 0.2, non-max suppression at IoU 0.4. */
export const CANDIDATE_SCORE = 0.2;
export const NMS_IOU = 0.4;
/**
 * When a detection becomes a label: a bar per label, calibrated on the tune split of the labelled
 * evaluation set (models/label-thresholds.json, made by `npm run bench -- --calibrate`; the figures
 * it earns on the check split are in models/LABELS.md). No label is shown below its bar.
 */
export interface LabelRule {
  /** The bar of a label the table does not name. */
  default: number;
  byLabel: Readonly<Record<string, number>>;
  /**
   * Classes the detector confuses on one object (dog/sheep/bear, cup/bowl): where two of a set
   * overlap by more than `rivalIou`, only the higher-scored one stays.
   */
  rivals: readonly (readonly string[])[];
  rivalIou: number;
}

/** What Shoebox did before the calibration: one bar of 0.35 for every label, tuned on face-api's six samples. */
export const BASELINE_RULE: LabelRule = { default: 0.35, byLabel: {}, rivals: [], rivalIou: 1 };

export const LABEL_RULE: LabelRule = table as LabelRule;

/** The bar `rule` sets for `label`. */
export function barOf(label: string, rule: LabelRule = LABEL_RULE): number {
  return rule.byLabel[label] ?? rule.default;
}

/**
 * How far under its bar a first-look candidate makes the detector (vision/detector.ts, `Look`)
 * look at the mirror image too. Tuned on the tune split of models/LABELS.md (any margin from
 * 0.015 keeps all the mirror image gained there; 0.05 leaves room) and checked on the check split:
 * every label the mirror image found is still found, with the mirror image looked at for 19 of the
 * set's 45 pictures instead of all.
 */
export const MIRROR_MARGIN = 0.05;

/** Whether a first look leaves a candidate within MIRROR_MARGIN under its bar. */
export function nearMiss(detections: readonly Detection[]): boolean {
  return detections.some((d) => d.score < barOf(d.label) && d.score >= barOf(d.label) - MIRROR_MARGIN);
}

/** One person whose box covers this share of the frame is a portrait. */
export const PORTRAIT_AREA = 0.3;

function area([x1, y1, x2, y2]: Detection['box']): number {
  return Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
}

export function iou(a: Detection['box'], b: Detection['box']): number {
  const inter = area([Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])]);
  const union = area(a) + area(b) - inter;
  return union > 0 ? inter / union : 0;
}

/** Two boxes are one face when they overlap this much (IoU)… */
export const SAME_FACE_IOU = 0.5;

const centreOf = (b: Detection['box']): [number, number] => [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2];
const holds = (b: Detection['box'], [x, y]: [number, number]) => x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];

/**
 * …or when each box holds the other's centre: one face as another detector, another version of
 * the app or another program (XMP face regions) drew it. The SSD that found faces before session
 * 33 and the Tiny Face Detector after it draw one face's box 0.44–0.66 IoU apart (face-api's six
 * sample photos, 22 faces): by overlap alone half would be other faces, and a re-index, a
 * catalogue exported before or a computer syncing with an older one would lose the names and the
 * "not a face" marks on them. No two different faces of those photos, by either detector or
 * across them, hold each other's centres.
 */
export function sameFace(a: Detection['box'], b: Detection['box']): boolean {
  return iou(a, b) >= SAME_FACE_IOU || (holds(a, centreOf(b)) && holds(b, centreOf(a)));
}

/**
 * Greedy non-max suppression: the best box wins; its overlapping twins of the same label go, and
 * so do the boxes of its rivals (`rivals`, similar classes read on one object) overlapping it by
 * more than `rivalIou`.
 */
export function suppress(detections: readonly Detection[], threshold = NMS_IOU, minScore = CANDIDATE_SCORE, rule: Pick<LabelRule, 'rivals' | 'rivalIou'> = LABEL_RULE): Detection[] {
  const rivalsOf = (label: string) => rule.rivals.find((set) => set.includes(label)) ?? [label];
  const kept: Detection[] = [];
  for (const d of [...detections].filter((x) => x.score >= minScore).sort((a, b) => b.score - a.score)) {
    const rivals = rivalsOf(d.label);
    const beaten = kept.some((k) => {
      if (k.label === d.label) return iou(k.box, d.box) > threshold;
      return rivals.includes(k.label) && iou(k.box, d.box) > rule.rivalIou;
    });
    if (!beaten) kept.push(d);
  }
  return kept;
}

/**
 * A portrait shows a face. Where faces were looked for (`faces`: how many were found) and none
 * was, the one person filling the frame is a back or an arm (models/LABELS.md: the man beside the
 * starfish crate), and the photo is not called a portrait; where they were not looked for (no
 * preview, or a backend without faces), the detector's reading stands.
 */
export function portraitNeedsFace<T extends VisionResult>(result: T, faces: number | undefined): T {
  return faces === 0 ? { ...result, labels: result.labels.filter((l) => l.name !== 'portrait') } : result;
}

/** Labels (best score each, each at or above its bar), their categories, people count, and the rule labels people imply. */
export function describe(detections: readonly Detection[], rule: LabelRule = LABEL_RULE): VisionResult {
  const found = suppress(detections, NMS_IOU, CANDIDATE_SCORE, rule).filter((d) => d.score >= barOf(d.label, rule));
  const best = new Map<string, number>();
  for (const d of found) best.set(d.label, Math.max(best.get(d.label) ?? 0, d.score));
  const persons = found.filter((d) => d.label === 'person');
  const labels: LabelScore[] = [...best].map(([name, score]) => ({ name, score }));
  if (persons.length >= 3) labels.push({ name: 'group', score: Math.min(...persons.map((p) => p.score)) });
  if (persons.length === 1 && area(persons[0]!.box) >= PORTRAIT_AREA) labels.push({ name: 'portrait', score: persons[0]!.score });
  const categories = [...new Set(found.flatMap((d) => categoryOf(d.label) ?? []))];
  return { labels: labels.sort((a, b) => b.score - a.score), categories, people: persons.length };
}
