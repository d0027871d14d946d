import { fullResolution } from './full-resolution';
import { indexFile, thumbnailProbe, warmUp } from './index-file';
import { peekFile } from './peek';
import { hashTiles } from './tile-hash';

/** The imaging worker's whole API: plain data in, plain data (and Blobs) out. */
export const imagingApi = {
  indexFile,
  peekFile,
  /** For the viewer: a HEIC decoded whole, as a JPEG. */
  fullResolution,
  /** For photos indexed before near duplicates: their stored tiles' perceptual hashes. */
  hashTiles,
  /** For `npm run bench` only: the thumbnail stage, timed, with the tile's pixels. */
  thumbnailProbe,
  /** Get ready for the first file while the folder is still being picked and walked. */
  warm: warmUp,
  /** Answers once the worker has loaded its modules; used to tell a slow start from a crash. */
  ping: (): 'pong' => 'pong',
};

export type ImagingApi = typeof imagingApi;
