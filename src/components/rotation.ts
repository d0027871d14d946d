import type { JSX } from 'solid-js';

/**
 * The person's rotation (`PhotoRow.rotation`, clockwise degrees) on screen: a CSS transform, so a
 * turn costs the compositor a matrix, not a decode or a new tile; the stored tile, preview and the
 * original stay as they are.
 */

/** For a square tile or cover with `object-fit: cover`: a quarter turn fills it just as well. */
export const turnStyle = (rotation: number | undefined): JSX.CSSProperties | undefined => (rotation ? { transform: `rotate(${rotation}deg)` } : undefined);

/** A box 0–1 of the picture as stored ([x1, y1, x2, y2]), in the picture turned clockwise by `rotation`. */
export function rotateBox(box: readonly [number, number, number, number], rotation: number | undefined): [number, number, number, number] {
  const [x1, y1, x2, y2] = box;
  switch (((rotation ?? 0) % 360 + 360) % 360) {
    case 90: return [1 - y2, x1, 1 - y1, x2];
    case 180: return [1 - x2, 1 - y2, 1 - x1, 1 - y1];
    case 270: return [y1, 1 - x2, y2, 1 - x1];
    default: return [x1, y1, x2, y2];
  }
}

/**
 * The viewer's picture turned a quarter: the frame takes the turned shape (so face boxes, placed
 * in it, land where the faces are) and the picture, sized to the frame's other way round, turns
 * inside it. `aspect` is the picture's width over its height before the turn; `scale` the zoom.
 */
export function quarterTurnStyles(aspect: number, rotation: number, scale: number): { frame: JSX.CSSProperties; img: JSX.CSSProperties } {
  const turned = 1 / aspect;
  return {
    // The viewer's picture area is a size container (app.css): fit the turned shape into it.
    frame: { width: `calc(min(100cqw, 100cqh * ${turned}) * ${scale})`, 'aspect-ratio': `${turned}`, 'max-width': 'none' },
    img: {
      position: 'absolute', left: '50%', top: '50%', width: `calc(100% / ${turned})`, height: `calc(100% * ${turned})`,
      'max-width': 'none', 'max-height': 'none', transform: `translate(-50%, -50%) rotate(${rotation}deg)`,
    },
  };
}

/** A photo's shape as shown: width over height, a quarter turn (the person's rotation) swapping them. */
export function shownAspect(photo: { width: number; height: number; rotation?: number }): number {
  const { width, height } = photo;
  if (!(width > 0 && height > 0)) return 1;
  return ((photo.rotation ?? 0) % 180 + 180) % 180 === 90 ? height / width : width / height;
}

/**
 * For a tile shaped like the photo as shown (a justified row): a picture turned a quarter is laid
 * out the other way round, `height` wide and `width` tall, and turned to fill the tile.
 */
export function turnedFillStyle(rotation: number | undefined, width: number, height: number): JSX.CSSProperties | undefined {
  if (!rotation) return undefined;
  if (((rotation % 180) + 180) % 180 !== 90) return turnStyle(rotation);
  return { position: 'absolute', left: '50%', top: '50%', width: `${height}px`, height: `${width}px`, 'max-width': 'none', transform: `translate(-50%, -50%) rotate(${rotation}deg)` };
}
