/** What every decoder in the imaging worker hands back (decode.ts, heic.ts, video.ts), and how it fails. */

export interface Decoded {
  /** Drawable upright (EXIF orientation already applied by the browser; never rotate again). */
  source: ImageBitmap | VideoFrame;
  /** Displayed size of `source`. */
  width: number;
  height: number;
  /** Only part of the picture could be decoded. */
  partial: boolean;
  close(): void;
}

export class DecodeError extends Error {
  override name = 'DecodeError';
}
