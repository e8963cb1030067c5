import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Interrupted, UserError } from '../../src/core/errors.js';
import { readRawCsv } from '../../src/core/raw-csv-reader.js';
import type { RunSpec } from '../../src/core/run-plan.js';
import { EngineLost } from '../../src/tracer/engine-watch.js';
import { traceRun } from '../../src/tracer/tracer.js';
import { FakeRuntime, type FakeOptions, type FakeStep } from '../support/fake-runtime.js';

/*
 * What a run leaves when a step of it fails, on an engine in memory that fails
 * where told: a real engine fails at each step only now and then, and these
 * are the paths a lab machine's dying engine takes. The real-engine tests
 * (engine-faults, wedged-engine) prove the same through dockerd itself.
 */

const spec: RunSpec = { image: 'functracer/memshape', args: [], env: [], binds: [], networkMode: 'none' };
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-fake-runs-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

interface Outcome {
  runtime: FakeRuntime;
  error: unknown;
  /** The raw CSV's text, if the run made one. */
  csv: string | undefined;
  csvPath: string | undefined;
}

async function run(options: FakeOptions, extra: { signal?: AbortSignal; onSamples?: () => void } = {}): Promise<Outcome> {
  const runtime = new FakeRuntime(options);
  const outDir = fs.mkdtempSync(path.join(root, 'run-'));
  let csvPath: string | undefined;
  const error = await traceRun(runtime, spec, { outDir, onRawCsv: (p) => (csvPath = p), ...extra }).then(
    () => undefined,
    (e: unknown) => e,
  );
  const csv = csvPath && fs.existsSync(csvPath) ? fs.readFileSync(csvPath, 'utf8') : undefined;
  return { runtime, error, csv, csvPath };
}

/** The trace has its start row, the samples, and its finish row: it reads back with nothing assumed. */
function expectClosed(csv: string | undefined, csvPath: string | undefined): void {
  expect(csv, 'the trace was started, so it is on disk').toBeDefined();
  const rows = csv!.trimEnd().split('\n');
  expect(rows.at(0)).toMatch(/^\d\d:\d\d:\d\d\.\d{3},0$/);
  expect(rows.at(-1), 'the finish row').toMatch(/^\d\d:\d\d:\d\d\.\d{3},0$/);
  expect(rows.length).toBe(2 + 3);
  expect(readRawCsv(csv!, csvPath!).notes).toEqual([]);
}

const gone = () => new EngineLost('stopped answering', 'the wait for the exit of the container');

describe('traceRun when a step fails', () => {
  it('a good run on the fake engine: the trace closed, the container removed, the output read', async () => {
    const { runtime, error, csv, csvPath } = await run({});
    expect(error).toBeUndefined();
    expectClosed(csv, csvPath);
    expect(runtime.removed).toEqual(runtime.created);
    expect(runtime.calls.map((c) => c.split(' ')[0])).toEqual([
      'ensureImage',
      'create',
      'wait',
      'start',
      'inspect',
      'sampler',
      'samplerStop',
      'inspectAfterExit',
      'output',
      'remove',
    ]);
  });

  // Before a container exists there is nothing to remove and no trace to keep.
  for (const step of ['ensureImage', 'create'] as const) {
    it(`${step}: its error as it is, no container, no trace file`, async () => {
      const failure = new UserError(`the engine refused ${step}`, 'Try again');
      const { runtime, error, csvPath } = await run({ fail: { [step]: failure } });
      expect(error).toBe(failure);
      expect(runtime.created).toEqual([]);
      expect(runtime.calls).not.toContain('remove');
      expect(csvPath && fs.existsSync(csvPath)).toBeFalsy();
    });
  }

  // A container that never started: removed, and no trace file claimed.
  for (const step of ['start', 'inspect'] as const) {
    it(`${step}: its error as it is, the container removed, no trace file`, async () => {
      const failure = new UserError(`the engine refused ${step}`, 'Try again');
      const { runtime, error, csvPath } = await run({ fail: { [step]: failure } });
      expect(error).toBe(failure);
      expect(runtime.created).toHaveLength(1);
      expect(runtime.removed).toEqual(runtime.created);
      expect(csvPath && fs.existsSync(csvPath)).toBeFalsy();
    });
  }

  // Once the trace has its start row, a failure closes it at its last sample, and the container still goes.
  for (const step of ['sampler', 'inspectAfterExit', 'samplerStop'] as const satisfies FakeStep[]) {
    it(`${step}: its error as it is, the container removed, the trace closed with its finish row`, async () => {
      const failure = new UserError(`the engine failed at ${step}`, 'Try again');
      const { runtime, error, csv, csvPath } = await run({ fail: { [step]: failure } });
      expect(error).toBe(failure);
      expect(runtime.removed).toEqual(runtime.created);
      if (step === 'sampler') {
        // No sampler, no samples: the start row and the finish row at it.
        expect(csv!.trimEnd().split('\n')).toHaveLength(2);
        expect(readRawCsv(csv!, csvPath!).notes).toEqual([]);
      } else expectClosed(csv, csvPath);
    });
  }

  it('wait: an engine lost mid-run says so and where the trace is kept, ending at its last sample', async () => {
    const { runtime, error, csv, csvPath } = await run({ fail: { wait: gone() }, runsUntilKilled: true });
    expect(error).toBeInstanceOf(UserError);
    const { message, hint } = error as UserError;
    expect(message).toMatch(/^the engine at \S+ stopped answering during the wait for the exit of the container$/);
    expect(hint).toContain(`; the trace is kept in ${csvPath}, ending at its last sample (the engine gave no finish time)`);
    expect(runtime.removed).toEqual(runtime.created);
    expectClosed(csv, csvPath);
  });

  it('an engine lost before the start claims no trace: there is none', async () => {
    const { error, csvPath } = await run({ fail: { start: gone() } });
    expect((error as UserError).hint).not.toContain('the trace is kept');
    expect(csvPath && fs.existsSync(csvPath)).toBeFalsy();
  });

  it('output: a run whose output cannot be read is still a result, without the output', async () => {
    const { runtime, error, csv, csvPath } = await run({ fail: { output: new Error('logs gone') } });
    expect(error).toBeUndefined();
    expectClosed(csv, csvPath);
    expect(runtime.removed).toEqual(runtime.created);
  });

  it('remove after a good run: one line naming the container to remove by hand, and where the trace is', async () => {
    const { runtime, error, csv, csvPath } = await run({ fail: { remove: new Error('engine gone') } });
    const name = runtime.created[0]!;
    expect((error as UserError).message).toBe(`the run finished, but the engine did not remove container ${name}`);
    expect((error as UserError).hint).toBe(`Remove it once the engine answers: docker rm -f ${name}; the trace is kept in ${csvPath}`);
    expectClosed(csv, csvPath);
  });

  it("remove after a failed start: the start's error, then the container left behind, and no trace claimed", async () => {
    const failure = new UserError('the container could not start: no such file', 'Check the image command');
    const { runtime, error } = await run({ fail: { start: failure, remove: new Error('engine gone') } });
    const name = runtime.created[0]!;
    expect((error as UserError).message).toBe(`${failure.message}, and the engine did not remove container ${name}`);
    expect((error as UserError).hint).toBe(`Remove it once the engine answers: docker rm -f ${name}`);
  });

  it('a stop mid-run kills the container and ends the run with its trace closed, as interrupted', async () => {
    const stop = new AbortController();
    const runtime = new FakeRuntime({ runsUntilKilled: true });
    const outDir = fs.mkdtempSync(path.join(root, 'run-'));
    const result = await traceRun(runtime, spec, { outDir, signal: stop.signal, onSamples: () => stop.abort() });
    expect(result.interrupted).toBe(true);
    expect(runtime.calls).toContain('kill');
    expect(runtime.removed).toEqual(runtime.created);
    expectClosed(fs.readFileSync(result.rawCsv!, 'utf8'), result.rawCsv!);
  });

  it("kill: a stop whose kill fails ends the run with the engine's error, the container removed, the trace closed", async () => {
    const stop = new AbortController();
    const failure = new UserError('the engine did not answer the stop', 'Check it with docker info');
    const { runtime, error, csv, csvPath } = await run(
      { fail: { kill: failure }, runsUntilKilled: true },
      { signal: stop.signal, onSamples: () => stop.abort() },
    );
    expect(error).toBe(failure);
    expect(runtime.removed).toEqual(runtime.created);
    expectClosed(csv, csvPath);
  });

  it('a stop before the create ends the run with nothing ran, and makes no container', async () => {
    const stop = new AbortController();
    stop.abort();
    const { runtime, error } = await run({}, { signal: stop.signal });
    expect(error).toBeInstanceOf(Interrupted);
    expect((error as Interrupted).message).toBe('stopped before functracer/memshape started: nothing ran');
    expect(runtime.created).toEqual([]);
  });
});
