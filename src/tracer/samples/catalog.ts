/**
 * The sample functions functracer builds for itself, standing in for the Docker Hub
 * images the original testbed pulled (hello-world, yyekhlef/sleep, futils/resize,
 * futils/monochrome, wucke13/compress) on machines with no registry.
 */

/**
 * Which root filesystem an image is imported from. Images of one kind import the very
 * same tar bytes, so the engine stores that layer once (resize and monochrome share
 * ImageMagick's ~100 MB); only their config (entrypoint, cmd) differs. `gzip` adds GNU gzip,
 * because busybox's gzip has neither -r nor --best.
 */
export type RootfsKind = 'busybox' | 'gzip' | 'imagemagick' | 'memshape';

/**
 * What a sample reads, so callers know what to mount at /d:
 * - `none`: nothing;
 * - `image`: its first argument names a JPEG in ref-data, mounted at /d (it writes its result beside it);
 * - `scratch-dir`: it rewrites files in place, so mount a throw-away copy at /d, never ref-data itself.
 */
type SampleInput = 'none' | 'image' | 'scratch-dir';

interface SampleRecipe {
  rootfs: RootfsKind;
  entrypoint: string[];
  /** Default arguments baked into the image, used when `docker run` gives none. */
  cmd?: string[];
  workdir: string;
}

export interface SampleFunction {
  /** The image repository; the tag is always SAMPLE_TAG. */
  name: string;
  /** One line under the image list: 78 columns at most, so an 80-column screen shows it whole. */
  description: string;
  /** Arguments a TUI offers first; for `image` samples the first names a file in ref-data. */
  defaultArgs: string[];
  input: SampleInput;
  /** Where the input is mounted and the function writes its output. */
  mountPoint: string;
  recipe: SampleRecipe;
}

export const SAMPLE_TAG = 'latest';
/** Bumped whenever a recipe or a root filesystem changes, so older images count as stale. */
export const SAMPLES_VERSION = '2';
/** Label value marking an image as one of ours (the key is FUNCTRACER_LABEL). */
export const SAMPLE_LABEL_VALUE = 'sample';
export const SAMPLE_VERSION_LABEL = 'functracer.sample-version';

/**
 * Entry scripts run by busybox sh inside the image. Arguments reach them as argv,
 * so nothing a user types is ever spliced into shell code.
 */
export const ENTRY_SCRIPTS: Record<string, string> = {
  hello: `#!/bin/sh
echo "Hello from functracer/hello: a function that returns at once."
`,
  resize: `#!/bin/sh
# resize <image> <percent>: writes <name>-<percent>.jpg into the working directory, like futils/resize.
if [ $# -lt 2 ]; then echo "usage: resize <image> <percent>" >&2; exit 2; fi
percent=\${2%%%}
name=\${1##*/}
exec convert "$1" -resize "$percent%" "\${name%.*}-$percent.jpg"
`,
  monochrome: `#!/bin/sh
# monochrome <image> [colorspace]: writes <name>-<colorspace>.<ext>, like futils/monochrome.
if [ $# -lt 1 ]; then echo "usage: monochrome <image> [colorspace, e.g. Gray]" >&2; exit 2; fi
space=\${2:-Gray}
name=\${1##*/}
case "$name" in *.*) ext=\${name##*.} ;; *) ext=jpg ;; esac
exec convert "$1" -colorspace "$space" "\${name%.*}-$space.$ext"
`,
};

export const SAMPLE_FUNCTIONS: readonly SampleFunction[] = [
  {
    name: 'functracer/hello',
    description: 'prints a hello line and exits at once (as hello-world)',
    defaultArgs: [],
    input: 'none',
    mountPoint: '/d',
    recipe: { rootfs: 'busybox', entrypoint: ['/bin/hello'], workdir: '/d' },
  },
  {
    name: 'functracer/sleep',
    description: 'sleeps N seconds, 30 by default (as yyekhlef/sleep)',
    defaultArgs: ['30'],
    input: 'none',
    mountPoint: '/d',
    recipe: { rootfs: 'busybox', entrypoint: ['/bin/sleep'], cmd: ['30'], workdir: '/d' },
  },
  {
    name: 'functracer/resize',
    description: 'resizes a JPEG with ImageMagick: resize <image> <percent> (as futils/resize)',
    defaultArgs: ['sample-1mb.jpg', '50%'],
    input: 'image',
    mountPoint: '/d',
    recipe: { rootfs: 'imagemagick', entrypoint: ['/bin/resize'], workdir: '/d' },
  },
  {
    name: 'functracer/monochrome',
    description: 'recolours a JPEG: monochrome <image> [Gray] (as futils/monochrome)',
    defaultArgs: ['sample-1mb.jpg', 'Gray'],
    input: 'image',
    mountPoint: '/d',
    recipe: { rootfs: 'imagemagick', entrypoint: ['/bin/monochrome'], workdir: '/d' },
  },
  {
    name: 'functracer/compress',
    description: 'gzip --best -r <dir> in /d, in place: mount a copy (as wucke13/compress)',
    defaultArgs: ['.'],
    input: 'scratch-dir',
    mountPoint: '/d',
    recipe: { rootfs: 'gzip', entrypoint: ['/bin/gzip', '--best', '-r'], cmd: ['.'], workdir: '/d' },
  },
  {
    name: 'functracer/memshape',
    description: 'holds set amounts of memory for set times: memshape [-v] MiB:ms ... [exit:N]',
    defaultArgs: ['0:100', '64:300', '16:200', '128:5', '16:200', '0:100'],
    input: 'none',
    mountPoint: '/d',
    recipe: { rootfs: 'memshape', entrypoint: ['/bin/memshape'], workdir: '/d' },
  },
];

export function sampleImageRef(sample: SampleFunction): string {
  return `${sample.name}:${SAMPLE_TAG}`;
}

/** Looks a sample up by `functracer/x`, `x` or `functracer/x:latest`. */
export function findSample(name: string): SampleFunction | undefined {
  const bare = name.replace(/:latest$/, '');
  return SAMPLE_FUNCTIONS.find((s) => s.name === bare || s.name === `functracer/${bare}`);
}
