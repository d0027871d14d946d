/** PhotoPrism's colour names, so searches like `color:red` mean the same as there. */
export const PALETTE = [
  'purple', 'magenta', 'pink', 'red', 'orange', 'gold', 'yellow', 'lime', 'green', 'teal', 'cyan', 'blue', 'brown', 'white', 'grey', 'black',
] as const;
export type ColorName = (typeof PALETTE)[number];

export interface ColorSummary {
  /** Colours covering at least `MIN_SHARE` of the picture, most first (at most three). */
  colors: ColorName[];
  /** No pixel has noticeable colour: black and white, sepia-free greyscale. */
  monochrome: boolean;
}

/** A colour must cover this share of the picture to be named. */
export const MIN_SHARE = 0.12;

function hsl(r: number, g: number, b: number): [h: number, s: number, l: number] {
  const max = Math.max(r, g, b) / 255;
  const min = Math.min(r, g, b) / 255;
  const l = (max + min) / 2;
  const d = max - min;
  if (d === 0) return [0, 0, l];
  const s = d / (1 - Math.abs(2 * l - 1));
  let h: number;
  if (max === r / 255) h = ((g - b) / 255 / d) % 6;
  else if (max === g / 255) h = (b - r) / 255 / d + 2;
  else h = (r - g) / 255 / d + 4;
  return [(h * 60 + 360) % 360, s, l];
}

/** The palette name of one pixel. */
export function nameColor(r: number, g: number, b: number): ColorName {
  const [h, s, l] = hsl(r, g, b);
  if (l < 0.12) return 'black';
  if (l > 0.9 && s < 0.5) return 'white';
  if (s < 0.15) return l < 0.3 ? 'black' : l > 0.8 ? 'white' : 'grey';
  if (h >= 15 && h < 45 && l < 0.45) return 'brown';
  if (h < 10 || h >= 345) return l > 0.7 ? 'pink' : 'red';
  if (h < 38) return 'orange';
  if (h < 50) return 'gold';
  if (h < 65) return 'yellow';
  if (h < 90) return 'lime';
  if (h < 160) return 'green';
  if (h < 180) return 'teal';
  if (h < 200) return 'cyan';
  if (h < 255) return 'blue';
  if (h < 285) return 'purple';
  // Purple and magenta share hues around 300°: a dark one is purple, a bright one magenta.
  if (h < 330) return l < 0.35 ? 'purple' : 'magenta';
  return 'pink';
}

/** Name the dominant colours of RGBA pixels (a tile drawn small: 64×64 is plenty). */
export function summarizeColors(rgba: Uint8ClampedArray | Uint8Array): ColorSummary {
  const counts = new Map<ColorName, number>();
  let colourful = 0;
  const pixels = rgba.length / 4;
  for (let i = 0; i < rgba.length; i += 4) {
    const r = rgba[i] as number;
    const g = rgba[i + 1] as number;
    const b = rgba[i + 2] as number;
    const name = nameColor(r, g, b);
    counts.set(name, (counts.get(name) ?? 0) + 1);
    if (Math.max(r, g, b) - Math.min(r, g, b) > 24) colourful++;
  }
  const colors = [...counts]
    .filter(([, n]) => n / pixels >= MIN_SHARE)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([name]) => name);
  return { colors, monochrome: pixels > 0 && colourful / pixels < 0.02 };
}
