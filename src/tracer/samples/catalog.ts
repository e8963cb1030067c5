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
export type RootfsKind = 'busybox' | 'gzip' | 'imagemagick' | 'memshape' | 'lambda-node' | 'lambda-c';

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
  /** Set in the image's config, beside PATH. */
  env?: Record<string, string>;
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
  /**
   * Why it is built only when asked for by name (or `samples build --all`), as a few words for lists. Once built, it
   * is kept current with the rest. Absent for the samples every build makes.
   */
  onDemand?: string;
  /**
   * A Lambda-style runtime: it never exits, it asks the Lambda Runtime API (AWS_LAMBDA_RUNTIME_API) for one event
   * after another, so it is driven by a Runtime API server, never simply run.
   */
  lambdaRuntime?: true;
  /** A Lambda sample's example events: a file of JSON lines in ref-data, what the TUI hands it unless told otherwise. */
  exampleEvents?: string;
}

export const SAMPLE_TAG = 'latest';
/** Three events both Lambda samples take, each holding its MiB for a moment: `{"mb":16,"ms":400}`, then 64 and 32 MiB. */
const LAMBDA_EVENTS = 'lambda-events.jsonl';
/** Where AWS's base images keep the function and the runtime; the lambda-node sample keeps them there too. */
export const LAMBDA_TASK_ROOT = '/var/task';
export const LAMBDA_RUNTIME_DIR = '/var/runtime';
/** Where a Lambda custom runtime's entry goes, as in AWS's provided.al2 images. */
export const LAMBDA_BOOTSTRAP = `${LAMBDA_RUNTIME_DIR}/bootstrap`;
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
  {
    name: 'functracer/lambda-c',
    description: 'a Lambda custom runtime in C: functracer invoke it with events like {"mb":64}',
    defaultArgs: [],
    input: 'none',
    mountPoint: '/tmp',
    lambdaRuntime: true,
    exampleEvents: LAMBDA_EVENTS,
    recipe: {
      rootfs: 'lambda-c',
      entrypoint: [LAMBDA_BOOTSTRAP],
      workdir: LAMBDA_TASK_ROOT,
      env: { LAMBDA_TASK_ROOT, LAMBDA_RUNTIME_DIR },
    },
  },
  {
    name: 'functracer/lambda-node',
    description: 'a Lambda function on AWS\'s Node client: event {"mb":N,"ms":T} holds N MiB T ms',
    defaultArgs: [],
    input: 'none',
    mountPoint: '/d',
    onDemand: "compiles AWS's client from npm once, a few minutes",
    lambdaRuntime: true,
    exampleEvents: LAMBDA_EVENTS,
    recipe: {
      rootfs: 'lambda-node',
      // The client as its README starts it. Version 4 reads the handler from _HANDLER under LAMBDA_TASK_ROOT, never
      // from argv, so the image has no CMD: `-e _HANDLER=…` picks another.
      entrypoint: ['/usr/bin/node', `${LAMBDA_RUNTIME_DIR}/node_modules/aws-lambda-ric/index.mjs`],
      workdir: LAMBDA_TASK_ROOT,
      env: {
        LAMBDA_TASK_ROOT,
        LAMBDA_RUNTIME_DIR,
        _HANDLER: 'index.handler',
        // glibc hands every block of 128 KiB or more back to the kernel when freed, never keeping it for later, so
        // each invocation's peak is its own (see the handler in lambda-handler.ts).
        MALLOC_MMAP_THRESHOLD_: '131072',
      },
    },
  },
];

/** What a build knows of a sample on the engine (a builder's SampleStatus is one). */
interface SampleOnEngine {
  sample: SampleFunction;
  built: boolean;
  stale: boolean;
}

/**
 * Whether a build without names makes or refreshes this sample: every sample that is not built on demand, and one
 * built on demand once it has been built, so it is kept current with the rest.
 */
export function isWanted(status: SampleOnEngine): boolean {
  return status.sample.onDemand === undefined || status.built;
}

/** A sample a build without names would make: wanted, and missing or stale. */
export function needsBuild(status: SampleOnEngine): boolean {
  return isWanted(status) && (!status.built || status.stale);
}

export function sampleImageRef(sample: SampleFunction): string {
  return `${sample.name}:${SAMPLE_TAG}`;
}

/** Looks a sample up by `functracer/x`, `x` or `functracer/x:latest`. */
export function findSample(name: string): SampleFunction | undefined {
  const bare = name.replace(/:latest$/, '');
  return SAMPLE_FUNCTIONS.find((s) => s.name === bare || s.name === `functracer/${bare}`);
}
