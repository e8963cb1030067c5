import { relative } from 'node:path';
import type { Command } from 'commander';
import { formatMb } from '../core/units.js';
import { screensAllowed } from '../infra/terminal.js';
import { untilStopped } from './session.js';
import { addCommand, declareCommand } from './command.js';
import { ensureSamplesReady } from '../ops/samples.js';
import { formatSampleList, sampleBuildRow } from '../report/sample-builds.js';
import { connectEngine } from '../tracer/engine.js';
import { buildSamples, listSampleStatus, type BuildSamplesOptions, type SampleBuildEvent } from '../tracer/samples/builder.js';
import { ensureSampleInputs, type SampleJpegFile } from '../tracer/samples/ensure.js';

/** `functracer samples build|list|inputs`: the sample functions, built locally because there is no registry to pull from. */
export function addSamplesCommands(program: Command): void {
  const samples = program
    .command('samples')
    .description(
      "build and list the sample function images (made from this host's busybox, ImageMagick, gcc and node) and their input JPEGs",
    );
  addCommand(samples, samplesBuildCommand);
  addCommand(samples, samplesListCommand);
  addCommand(samples, samplesInputsCommand);
}

const samplesBuildCommand = declareCommand({
  name: 'build',
  description: 'build the missing (or the named) sample images, and write the sample JPEGs into ref-data',
  flags: (command) =>
    command
      .argument('[names...]', 'samples to build even if present, e.g. resize or functracer/memshape')
      .option('--force', 'rebuild every selected image even if present and current')
      .option('--all', 'every sample, those built only on demand too (lambda-node)'),
  parse: ([names]: [string[]], options: { force?: boolean; all?: boolean }) => ({
    names,
    force: options.force === true || names.length > 0,
    all: options.all === true,
  }),
  run: async ({ names, force, all }) => {
    const docker = await connectEngine();
    return untilStopped('building the sample images', NOTHING_HALF_BUILT, async (signal) => {
      const options = { names, force, all, signal } satisfies BuildSamplesOptions;
      await withBuildProgress((onProgress) => buildSamples(docker, { ...options, onProgress }));
      return ensureSampleInputs(undefined, writingLine, signal);
    });
  },
  text: (inputs) => inputs.map(inputLine),
});

// `functracer samples` alone lists them, as `git remote` alone does, rather than failing with its help.
const samplesListCommand = declareCommand({
  name: 'list',
  settings: { isDefault: true },
  description: 'show each sample image: built or not, its size and what it does (the default)',
  flags: (command) => command.option('--json', 'print JSON instead of a table'),
  parse: (_args: [], _options: { json?: boolean }) => ({}),
  run: async () => listSampleStatus(await connectEngine()),
  json: (statuses) =>
    statuses.map(({ sample, image, built, stale, sizeBytes }) => ({ ...sample, image, built, stale, sizeBytes: sizeBytes ?? null })),
  jsonIndented: true,
  text: (statuses, _request, { width }) => [formatSampleList(statuses, width)],
});

const samplesInputsCommand = declareCommand({
  name: 'inputs',
  description: 'write the sample JPEGs (about 1, 2 and 5 MB) into ref-data if they are missing, and print their paths',
  flags: (command) => command,
  parse: (_args: [], _options: object) => ({}),
  run: () => untilStopped('writing the sample JPEGs', NOTHING_HALF_BUILT, (signal) => ensureSampleInputs(undefined, writingLine, signal)),
  text: (inputs) => inputs.map(inputLine),
});

/** For `functracer` outside a terminal: whatever sample images are missing or stale are built, with progress, and the inputs written. */
export async function prepareSamples(): Promise<void> {
  const docker = await connectEngine();
  await untilStopped('preparing the sample images', NOTHING_HALF_BUILT, (signal) =>
    withBuildProgress((onProgress) => ensureSamplesReady(docker, { onProgress, onWritingInput: writingLine, signal })),
  );
}

/** What a stopped build leaves, checked by test/e2e/quit-build.test.ts: the engine drops an upload it never got whole. */
const NOTHING_HALF_BUILT = 'Nothing half-built was kept; functracer builds what is missing next time';

/** A live Ink list on a terminal (loaded only there); one plain line per event anywhere else (CI logs, pipes). */
async function withBuildProgress<T>(work: (onProgress: (event: SampleBuildEvent) => void) => Promise<T>): Promise<T> {
  if (!screensAllowed([process.stdout])) {
    return work((event) => {
      const row = sampleBuildRow(event);
      process.stdout.write(`${row.name}: ${row.detail}\n`);
    });
  }
  const reporter = (await import('../app/build-progress.js')).liveBuildReporter(process.stdout);
  try {
    return await work(reporter.onProgress);
  } finally {
    reporter.finish();
  }
}

function writingLine(path: string): void {
  process.stdout.write(`writing ${shortPath(path)} …\n`);
}

function inputLine(file: SampleJpegFile): string {
  return `${shortPath(file.path)}  ${formatMb(file.bytes)}${file.created ? '  (new)' : ''}`;
}

function shortPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}
