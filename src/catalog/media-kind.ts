/**
 * Camera RAW media types (as `src/imaging/media-type.ts` names them). A RAW is shown by the preview
 * made from its embedded JPEG: no browser displays the original.
 */
export const RAW_MEDIA_TYPES: ReadonlySet<string> = new Set([
  'image/x-adobe-dng', 'image/x-canon-cr2', 'image/x-canon-cr3', 'image/x-nikon-nef', 'image/x-nikon-nrw', 'image/x-sony-arw',
  'image/x-olympus-orf', 'image/x-panasonic-rw2', 'image/x-pentax-pef', 'image/x-samsung-srw', 'image/x-fuji-raf',
]);

export const isRawMediaType = (mime: string | undefined): boolean => mime !== undefined && RAW_MEDIA_TYPES.has(mime);
