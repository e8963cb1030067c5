import jpeg from 'jpeg-js';

/**
 * Sample photos for the image functions, made here instead of downloaded: the same
 * bytes on every machine, no network. A colour plasma fractal has detail at every
 * scale, so it compresses (and costs memory to decode) much like a photograph.
 */
export interface SampleJpegSpec {
  fileName: string;
  width: number;
  height: number;
  seed: number;
}

/** The original testbed's three sizes (1, 2 and 5 MB); dimensions were tuned to land near them. */
export const SAMPLE_JPEGS: readonly SampleJpegSpec[] = [
  { fileName: 'sample-1mb.jpg', width: 2112, height: 1584, seed: 1 },
  { fileName: 'sample-2mb.jpg', width: 2944, height: 2208, seed: 2 },
  { fileName: 'sample-5mb.jpg', width: 4800, height: 3600, seed: 5 },
];

export const SAMPLE_JPEG_QUALITY = 92;

/**
 * How much of each octave's random displacement survives into the next, finer one.
 * 0.5 is the classic smooth plasma; higher keeps fine texture, which JPEG pays for
 * the way it pays for a real photo's foliage and stone (about 2–3 bits per pixel at q92).
 */
const ROUGHNESS = 0.72;
/** Spacing of the random lattice the fractal starts from; the coarsest visible blobs. */
const CELL = 256;

/** Encodes one sample. Deterministic: the same spec gives the same bytes. */
export function sampleJpeg(spec: SampleJpegSpec): Buffer {
  const rgba = plasmaRgba(spec.width, spec.height, spec.seed);
  const encoded = jpeg.encode({ data: rgba, width: spec.width, height: spec.height }, SAMPLE_JPEG_QUALITY);
  return Buffer.from(encoded.data);
}

/** An RGBA picture whose three channels are independent plasma fields. */
export function plasmaRgba(width: number, height: number, seed: number): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`plasma size must be whole positive pixels, got ${width}x${height}`);
  }
  const random = mulberry32(seed);
  const rgba = new Uint8Array(width * height * 4).fill(255);
  const gw = Math.ceil((width - 1) / CELL) * CELL + 1;
  const gh = Math.ceil((height - 1) / CELL) * CELL + 1;
  // One field reused for all three channels halves peak memory for the 5 MB picture.
  const field = new Float32Array(gw * gh);
  for (let channel = 0; channel < 3; channel++) {
    diamondSquare(field, gw, gh, random);
    let min = Infinity;
    let max = -Infinity;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const v = field[y * gw + x] as number;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
    // Stretching to the full range gives every channel a photo's contrast whatever the seed.
    const scale = max > min ? 255 / (max - min) : 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        rgba[(y * width + x) * 4 + channel] = Math.round(((field[y * gw + x] as number) - min) * scale);
      }
    }
  }
  return rgba;
}

/**
 * Diamond-square on a grid whose sides are whole multiples of CELL plus one, so any
 * rectangle works without a square grid the size of its longer side.
 */
function diamondSquare(f: Float32Array, gw: number, gh: number, random: () => number): void {
  for (let y = 0; y < gh; y += CELL) for (let x = 0; x < gw; x += CELL) f[y * gw + x] = random();
  let amplitude = 0.5;
  for (let step = CELL; step > 1; step >>= 1) {
    const half = step >> 1;
    for (let y = half; y < gh; y += step) {
      for (let x = half; x < gw; x += step) {
        const sum =
          at(f, gw, x - half, y - half) + at(f, gw, x + half, y - half) + at(f, gw, x - half, y + half) + at(f, gw, x + half, y + half);
        f[y * gw + x] = sum / 4 + (random() - 0.5) * amplitude;
      }
    }
    for (let y = 0; y < gh; y += half) {
      // Edge midpoints sit where exactly one of x, y is an odd multiple of half.
      for (let x = (y / half) % 2 === 0 ? half : 0; x < gw; x += step) {
        let sum = 0;
        let n = 0;
        if (x >= half) {
          sum += at(f, gw, x - half, y);
          n++;
        }
        if (x + half < gw) {
          sum += at(f, gw, x + half, y);
          n++;
        }
        if (y >= half) {
          sum += at(f, gw, x, y - half);
          n++;
        }
        if (y + half < gh) {
          sum += at(f, gw, x, y + half);
          n++;
        }
        f[y * gw + x] = sum / n + (random() - 0.5) * amplitude;
      }
    }
    amplitude *= ROUGHNESS;
  }
}

function at(f: Float32Array, gw: number, x: number, y: number): number {
  return f[y * gw + x] as number;
}

/** A small seeded PRNG (mulberry32): fast, and identical on every platform. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
