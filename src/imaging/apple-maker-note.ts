/**
 * What Shoebox reads from an iPhone's MakerNote: the Live Photo's ContentIdentifier (tag 0x0011),
 * the id its MOV carries as `com.apple.quicktime.content.identifier`, and the BurstUUID (tag
 * 0x000b) every frame of a burst shares (ExifTool's Apple table). exifr hands the MakerNote over
 * as raw bytes without parsing it. Layout: "Apple iOS\0", a version (2 bytes), the byte order
 * ("MM"), then an IFD at 14 whose value offsets count from the MakerNote's start.
 */

const SIGNATURE = 'Apple iOS\0';
const IFD_AT = 14;
const CONTENT_IDENTIFIER = 0x0011;
const BURST_UUID = 0x000b;
const ASCII = 2;

const latin1 = (bytes: Uint8Array, from: number, length: number) => String.fromCharCode(...bytes.subarray(from, from + length));

/** The ASCII value of `tag` in an Apple MakerNote's bytes, or undefined (another maker's note, damaged, absent). */
function appleText(makerNote: unknown, tag: number): string | undefined {
  if (!ArrayBuffer.isView(makerNote)) return undefined;
  const bytes = new Uint8Array(makerNote.buffer, makerNote.byteOffset, makerNote.byteLength);
  if (bytes.length < IFD_AT + 2 || latin1(bytes, 0, SIGNATURE.length) !== SIGNATURE) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const order = latin1(bytes, 12, 2);
  if (order !== 'MM' && order !== 'II') return undefined;
  const le = order === 'II';
  const count = view.getUint16(IFD_AT, le);
  for (let i = 0; i < count; i++) {
    const entry = IFD_AT + 2 + i * 12;
    if (entry + 12 > bytes.length) return undefined;
    if (view.getUint16(entry, le) !== tag) continue;
    if (view.getUint16(entry + 2, le) !== ASCII) return undefined;
    const length = view.getUint32(entry + 4, le);
    const at = length <= 4 ? entry + 8 : view.getUint32(entry + 8, le);
    if (at + length > bytes.length) return undefined;
    const id = latin1(bytes, at, length).replace(/\0+$/, '').trim();
    return id || undefined;
  }
  return undefined;
}

/** The Live Photo's ContentIdentifier in an Apple MakerNote. */
export const appleContentId = (makerNote: unknown) => appleText(makerNote, CONTENT_IDENTIFIER);

/** The BurstUUID in an Apple MakerNote: the same in every frame of one burst. */
export const appleBurstId = (makerNote: unknown) => appleText(makerNote, BURST_UUID);
