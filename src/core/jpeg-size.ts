export interface ImageSize {
  width: number;
  height: number;
}

/** Markers with no length field after them: TEM, RST0–7, SOI. */
const STANDALONE = new Set([0x01, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8]);
/** C4 (DHT), C8 (JPG extension) and CC (DAC) share the SOF range but carry no frame header. */
const NOT_FRAME = new Set([0xc4, 0xc8, 0xcc]);

/**
 * A JPEG's dimensions, read from its start-of-frame header. Only the segment
 * headers are walked, so the start of the file is enough: undefined means
 * "not a JPEG" or "the frame header lies beyond what was given".
 */
export function jpegSize(data: Uint8Array): ImageSize | undefined {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) return undefined;
  let at = 2;
  while (at + 4 <= data.length) {
    if (data[at] !== 0xff) return undefined;
    const marker = data[at + 1]!;
    // Any number of 0xFF fill bytes may precede a marker.
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (STANDALONE.has(marker)) {
      at += 2;
      continue;
    }
    // Entropy-coded data follows SOS, and EOI ends the file: no frame header came first.
    if (marker === 0xda || marker === 0xd9) return undefined;
    const length = view.getUint16(at + 2);
    if (marker >= 0xc0 && marker <= 0xcf && !NOT_FRAME.has(marker)) {
      if (at + 9 > data.length) return undefined;
      return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    }
    at += 2 + length;
  }
  return undefined;
}
