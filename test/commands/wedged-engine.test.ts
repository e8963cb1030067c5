/**
 * An engine that goes silent (a proxy in front of the shared engine that
 * accepts connections and answers nothing, as a wedged daemon or a stuck SSH
 * tunnel does) in each step of a run, and one that is only slow. The shared
 * engine itself is never signalled; what the runs leave on it is removed here.
 */
import fs from 'node:fs';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { buildSamples } from '../../src/tracer/samples/builder.js';
import { OWNER_LABEL } from '../../src/tracer/labels.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';
import { FreezingProxy, type RequestRule } from '../support/freezing-proxy.js';
import { FaultRun, traceSpanMs } from '../support/fault-run.js';
import { expectClosedTrace, waitFor } from '../support/leftovers.js';

const docker = await engineForTests();
const DEADLINE_MS = 2000;
const SLACK_MS = 2000;
const MISSING = 'localhost:1/functracer-test/nowhere:1';
let proxy: FreezingProxy | undefined;
const runs: FaultRun[] = [];

afterEach(() => {
  proxy?.close();
  proxy = undefined;
  runs.splice(0).forEach((run) => run.cleanUp());
});

/** Freezes the whole proxy at the first request that matches, noting when. */
function freezeOn(pattern: RegExp, at: { ms?: number }): RequestRule {
  return (line) => {
    if (at.ms !== undefined || !pattern.test(line)) return 'pass';
    at.ms = Date.now();
    return 'freeze';
  };
}

async function start(args: string[], rule?: RequestRule, deadlineMs = DEADLINE_MS): Promise<FaultRun> {
  proxy = new FreezingProxy(undefined, rule);
  await proxy.listen();
  const run = new FaultRun(args, { DOCKER_HOST: proxy.dockerHost, FUNCTRACER_ENGINE_TIMEOUT_MS: String(deadlineMs) });
  runs.push(run);
  return run;
}

describeWithEngine('an engine that stops answering in a step of a run', docker, (docker) => {
  beforeAll(async () => {
    await buildSamples(docker, { names: ['functracer/memshape', 'functracer/sleep'] });
  });

  /** The container the line names: on the shared engine still, removed here. */
  async function removeNamed(container: string | undefined): Promise<void> {
    expect(container).toBeDefined();
    await docker.getContainer(container!).remove({ force: true });
  }

  it('a pull the engine never answers, while it answers pings, ends at the first Ctrl-C', async () => {
    const run = await start([MISSING], (line) => (/POST \S*\/images\/create/.test(line) ? 'swallow' : 'pass'));
    await waitFor(() => proxy!.seen.find((line) => line.includes('/images/create')));
    const sent = run.signal('SIGINT');
    expect(await run.exited).toBe(130);
    expect(await run.msToExit(sent)).toBeLessThan(SLACK_MS);
    expect(run.oneLine().line).toBe(`functracer: stopped while pulling ${MISSING}: nothing ran`);
    run.expectNoTraceClaimed();
  });

  it('a pull the engine never answers, while it answers pings, is given up after the outer limit', async () => {
    const deadline = 1000;
    const run = await start([MISSING], (line) => (/POST \S*\/images\/create/.test(line) ? 'swallow' : 'pass'), deadline);
    await waitFor(() => proxy!.seen.find((line) => line.includes('/images/create')));
    const asked = Date.now();
    expect(await run.exited).toBe(2);
    expect(await run.msToExit(asked)).toBeLessThan(10 * deadline + SLACK_MS);
    expect(run.oneLine().line).toMatch(
      /^functracer: the engine at \S+ answers, but did not answer the pull of localhost:1\/\S+ within 10 s/,
    );
  });

  it('silent during a pull: the command ends on its own within the deadline', async () => {
    const at: { ms?: number } = {};
    const run = await start([MISSING], freezeOn(/POST \S*\/images\/create/, at));
    expect(await run.exited).toBe(2);
    expect(await run.msToExit(at.ms!)).toBeLessThan(DEADLINE_MS + SLACK_MS);
    expect(run.oneLine().line).toMatch(
      /^functracer: the engine at \S+ answered nothing, not even a ping, for 2 s during the pull of localhost:1\//,
    );
    run.expectNoTraceClaimed();
  });

  it('silent during a create: the command ends on its own, and names what the engine may have made', async () => {
    const at: { ms?: number } = {};
    const run = await start(['functracer/sleep', '30'], freezeOn(/POST \S*\/containers\/create/, at));
    expect(await run.exited).toBe(2);
    expect(await run.msToExit(at.ms!)).toBeLessThan(DEADLINE_MS + SLACK_MS);
    const { line, container } = run.oneLine();
    expect(line).toMatch(/during the creation of (functracer-\S+), and the engine may have made container \1\. .*docker rm -f \1$/);
    run.expectNoTraceClaimed();
    // The proxy never passed the create on: there is nothing to remove, which rm -f takes quietly.
    await expect(docker.getContainer(container!).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('silent during a start: Ctrl-C ends the run within the deadline, no trace claimed, the container named', async () => {
    const at: { ms?: number } = {};
    const run = await start(['functracer/sleep', '30'], freezeOn(/POST \S*\/containers\/\S+\/start/, at));
    await waitFor(() => at.ms);
    const sent = run.signal('SIGINT');
    expect(await run.exited).toBe(2);
    expect(await run.msToExit(sent)).toBeLessThan(DEADLINE_MS + SLACK_MS);
    const { container } = run.oneLine();
    run.expectNoTraceClaimed();
    await removeNamed(container);
  });

  it('silent while the function runs: Ctrl-C ends the run within the deadline, closes the trace and names the container', async () => {
    const run = await start(['functracer/sleep', '60']);
    const csv = await run.traceWithRows(100);
    proxy!.freeze();
    const sent = run.signal('SIGINT');
    expect(await run.exited).toBe(2);
    expect(await run.msToExit(sent)).toBeLessThan(DEADLINE_MS + SLACK_MS);
    const { line, container } = run.oneLine();
    expect(line).toMatch(
      /^functracer: the engine at \S+ answered nothing, not even a ping, for 2 s during the (stop|wait for the exit) of (functracer-\S+), and the engine did not remove container \2\./,
    );
    expect(run.expectTraceNamed()).toBe(csv);
    expectClosedTrace(csv);
    await removeNamed(container);
  });

  it('silent while stopping: Ctrl-C again is the same request, a signal of a new kind quits at once and says what is left', async () => {
    // A long deadline: the graceful stop waits on the silent engine far longer than this test.
    const run = await start(['functracer/sleep', '60'], undefined, 60_000);
    await run.traceWithRows(100);
    proxy!.freeze();
    run.signal('SIGINT');
    run.signal('SIGINT');
    // An upper bound for a non-event: long enough that a repeat taken for a second request would have ended the run.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(run.stderr).toBe('');
    const forced = run.signal('SIGQUIT');
    expect(await run.exited).toBe(130);
    expect(await run.msToExit(forced)).toBeLessThan(SLACK_MS);
    expect(run.oneLine().line).toBe('functracer: quit before its runs were stopped. The next start removes what they left');
    const left = await docker.listContainers({ all: true, filters: { label: [`${OWNER_LABEL}=${run.pid}`] } });
    expect(left).toHaveLength(1);
    await docker.getContainer(left[0]!.Id).remove({ force: true });
  });

  it('silent when the function exits: the run ends on its own, the trace ends with the function', async () => {
    const run = await start(['functracer/memshape', '8:1500']);
    const csv = await run.traceWithRows(100);
    proxy!.freeze();
    const frozen = Date.now();
    expect(await run.exited).toBe(2);
    expect(await run.msToExit(frozen)).toBeLessThan(DEADLINE_MS + SLACK_MS);
    const { line, container } = run.oneLine();
    expect(line).toMatch(
      /during the wait for the exit of \S+, .*the trace is kept in \S+, ending at its last sample \(the engine gave no finish time\)$/,
    );
    expectClosedTrace(run.expectTraceNamed());
    expect(traceSpanMs(csv)).toBeLessThan(1500 + 600);
    await removeNamed(container);
  });

  it('a slow start, while the engine answers pings, is waited for: the run succeeds and says the engine was slow', async () => {
    const hold = Math.round(2.5 * DEADLINE_MS);
    const run = await start(['--json', 'functracer/sleep', '1'], (line) =>
      /POST \S*\/containers\/\S+\/start/.test(line) ? { holdAnswerMs: hold } : 'pass',
    );
    expect(await run.exited).toBe(0);
    const csv = run.csvs[0]!;
    const record = JSON.parse(fs.readFileSync(csv.replace(/-rawresults\.csv$/, '-run.json'), 'utf8')) as { durationMs: number };
    expect(record.durationMs).toBeGreaterThanOrEqual(1000);
    expect(record.durationMs).toBeLessThan(1000 + 600);
    expect(run.stderr).toBe('');
    const notes = (JSON.parse(run.stdout) as { samplingNotes: string[] }).samplingNotes;
    const slow = notes.map(
      (note) => /^the engine took (\d+\.\d) s to answer the start of functracer-\S+: it was busy, not wedged/.exec(note)?.[1],
    );
    expect(slow.filter(Boolean).map(Number)).toEqual([expect.any(Number)]);
    expect(Number(slow.find(Boolean))).toBeGreaterThanOrEqual(hold / 1000);
  });
});
