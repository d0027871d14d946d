import type { Embedding } from './embedding';
import { categoryOf } from '../../models/taxonomy';

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
 * A label is kept from 0.35: tuned on the sample photos that ship with @vladmandic/face-api (people,
 * couches, glasses are found above it; the spurious ties and handbags seen at 0.2–0.3 are not).
 */
export const LABEL_SCORE = 0.35;
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

/** Greedy non-max suppression within each label: the best box wins, its overlapping twins go. */
export function suppress(detections: readonly Detection[], threshold = NMS_IOU, minScore = CANDIDATE_SCORE): Detection[] {
  const kept: Detection[] = [];
  for (const d of [...detections].filter((x) => x.score >= minScore).sort((a, b) => b.score - a.score)) {
    if (!kept.some((k) => k.label === d.label && iou(k.box, d.box) > threshold)) kept.push(d);
  }
  return kept;
}

/** Labels (best score each), their categories, people count, and the rule labels people imply. */
export function describe(detections: readonly Detection[]): VisionResult {
  const found = suppress(detections).filter((d) => d.score >= LABEL_SCORE);
  const best = new Map<string, number>();
  for (const d of found) best.set(d.label, Math.max(best.get(d.label) ?? 0, d.score));
  const persons = found.filter((d) => d.label === 'person');
  const labels: LabelScore[] = [...best].map(([name, score]) => ({ name, score }));
  if (persons.length >= 3) labels.push({ name: 'group', score: Math.min(...persons.map((p) => p.score)) });
  if (persons.length === 1 && area(persons[0]!.box) >= PORTRAIT_AREA) labels.push({ name: 'portrait', score: persons[0]!.score });
  const categories = [...new Set(found.flatMap((d) => categoryOf(d.label) ?? []))];
  return { labels: labels.sort((a, b) => b.score - a.score), categories, people: persons.length };
}
