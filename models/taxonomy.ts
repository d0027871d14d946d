import type { CocoLabel } from './coco-labels.ts';

/**
 * Each detector label belongs to a category, so a search for "animal" finds cats and "furniture"
 * finds couches. Categories follow how people describe photos, not COCO's supercategories exactly
 * (a person is "people", a cake is "food").
 */
export const CATEGORIES = {
  people: ['person'],
  vehicle: ['bicycle', 'car', 'motorcycle', 'airplane', 'bus', 'train', 'truck', 'boat'],
  street: ['traffic light', 'fire hydrant', 'stop sign', 'parking meter', 'bench'],
  animal: ['bird', 'cat', 'dog', 'horse', 'sheep', 'cow', 'elephant', 'bear', 'zebra', 'giraffe'],
  accessory: ['backpack', 'umbrella', 'handbag', 'tie', 'suitcase'],
  sport: ['frisbee', 'skis', 'snowboard', 'sports ball', 'kite', 'baseball bat', 'baseball glove', 'skateboard', 'surfboard', 'tennis racket'],
  tableware: ['bottle', 'wine glass', 'cup', 'fork', 'knife', 'spoon', 'bowl'],
  food: ['banana', 'apple', 'sandwich', 'orange', 'broccoli', 'carrot', 'hot dog', 'pizza', 'donut', 'cake'],
  furniture: ['chair', 'couch', 'potted plant', 'bed', 'dining table', 'toilet'],
  electronics: ['tv', 'laptop', 'mouse', 'remote', 'keyboard', 'cell phone'],
  appliance: ['microwave', 'oven', 'toaster', 'sink', 'refrigerator'],
  household: ['book', 'clock', 'vase', 'scissors', 'teddy bear', 'hair drier', 'toothbrush'],
} as const satisfies Record<string, readonly CocoLabel[]>;

export type Category = keyof typeof CATEGORIES;

const CATEGORY_OF = new Map<string, Category>(
  Object.entries(CATEGORIES).flatMap(([category, labels]) => labels.map((l) => [l, category as Category] as const)),
);

/** The category of a detector label, if it has one. */
export function categoryOf(label: string): Category | undefined {
  return CATEGORY_OF.get(label);
}
