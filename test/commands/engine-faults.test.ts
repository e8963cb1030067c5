/**
 * A real engine that is killed (SIGKILL) or frozen (SIGSTOP) in each step of
 * a run: pull, create, start, trace and the wait for exit. The engine is a
 * private dockerd this file starts (the shared one is never signalled); a
 * proxy in front of it places a fault in a step that lasts milliseconds, by
 * signalling dockerd just before it passes that step's request on.
 */
import type { Container } from 'dockerode';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { buildSamples } from '../../src/tracer/samples/builder.js';
import { removeRunCgroupParent } from '../../src/tracer/cgroup/cleanup.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';
import { FreezingProxy, type RequestAction, type RequestRule } from '../support/freezing-proxy.js';
import { PrivateEngine } from '../support/private-engine.js';
import { FaultRun, processesGone, traceSpanMs } from '../support/fault-run.js';
import { expectClosedTrace, runCgroupsOf, waitFor } from '../support/leftovers.js';

const shared = await engineForTests();
const DEADLINE_MS = 2000;
/** What a command may take past its deadline: the one line, the cleanup, a loaded machine. */
const SLACK_MS = 2000;
const IMAGES = ['functracer/sleep', 'functracer/memshape'];
/** Not on any engine; the proxy's rule catches its pull before an engine could look for it. */
const MISSING = 'localhost:1/functracer-test/nowhere:1';

let engine: PrivateEngine | undefined;
let proxy: FreezingProxy | undefined;
const runs: FaultRun[] = [];
/** The CLI processes that ran: their run cgroups (named after their pid) are removed at the end. */
const pids: number[] = [];

/**
 * A thawed engine may still be rolling back the container of a create whose client has gone: listed a moment
 * ago, gone by the time it is removed (404), or being removed already (409). Gone, or going, is what the cleanup
 * wants; the leftover checks that follow wait for it to be gone.
 */
async function removeIfThere(container: Container): Promise<void> {
  await container.remove({ force: true }).catch((error: { statusCode?: number }) => {
    if (error.statusCode !== 404 && error.statusCode !== 409) throw error;
  });
}

describeWithEngine('an engine that is killed or frozen in each step of a run', shared, (shared) => {
  beforeAll(async () => {
    await buildSamples(shared, { names: IMAGES });
    engine = new PrivateEngine();
    await engine.start();
    await engine.loadImages(shared, IMAGES);
  }, 180_000);

  afterEach(async () => {
    proxy?.close();
    proxy = undefined;
    for (const run of runs.splice(0)) {
      pids.push(run.pid);
      run.cleanUp();
    }
    // Back to a healthy engine that holds none of the last test's containers.
    if (!engine) return;
    engine.signal('SIGCONT');
    if (!engine.running) await engine.start();
    for (const c of await engine.docker.listContainers({ all: true })) await removeIfThere(engine.docker.getContainer(c.Id));
  }, 60_000);

  afterAll(async () => {
    await engine?.remove();
    expect(engine?.mounts() ?? []).toEqual([]);
    expect(engine?.processesOfMine() ?? []).toEqual([]);
    expect(fs.existsSync(engine?.dir ?? '/nonexistent')).toBe(false);
    for (const runId of new Set(pids.flatMap((pid) => runCgroupsOf(pid).map((dir) => path.basename(dir))))) removeRunCgroupParent(runId);
    expect(pids.flatMap(runCgroupsOf)).toEqual([]);
  }, 60_000);

  /** A run through a proxy whose rule may signal the engine; the environment sets the small deadline. */
  async function start(args: string[], rule?: RequestRule): Promise<FaultRun> {
    proxy = new FreezingProxy(engine!.socketPath, rule);
    await proxy.listen();
    const run = new FaultRun(args, { DOCKER_HOST: proxy.dockerHost, FUNCTRACER_ENGINE_TIMEOUT_MS: String(DEADLINE_MS) });
    runs.push(run);
    return run;
  }

  /** A rule that signals the engine once, just before the first request that matches goes on; `at` says when. */
  function faultOn(pattern: RegExp, signal: NodeJS.Signals, at: { ms?: number }): RequestRule {
    return async (line): Promise<RequestAction> => {
      if (at.ms !== undefined || !pattern.test(line)) return 'pass';
      at.ms = Date.now();
      engine!.signal(signal);
      if (signal === 'SIGKILL') await engine!.gone();
      return 'pass';
    };
  }

  /** The container the line names is on the engine once it is back, and goes with the command the line gives. */
  async function expectNamedContainer(container: string | undefined): Promise<void> {
    expect(container).toBeDefined();
    engine!.signal('SIGCONT');
    if (!engine!.running) await engine!.start();
    await engine!.docker.getContainer(container!).remove({ force: true });
  }

  it('killed during a pull: the command ends on its own, in one line', async () => {
    const at: { ms?: number } = {};
    const run = await start([MISSING], faultOn(/POST \S*\/images\/create/, 'SIGKILL', at));
    expect(await run.exited).toBe(2);
    expect(await run.msToExit(at.ms!)).toBeLessThan(DEADLINE_MS + SLACK_MS);
    expect(run.oneLine().line).toMatch(/^functracer: the engine at \S+ went away \(.+\) during the pull of localhost:1\//);
    run.expectNoTraceClaimed();
  });

  it('frozen during a pull: Ctrl-C ends it within the deadline, in one line', async () => {
    const at: { ms?: number } = {};
    const run = await start([MISSING], faultOn(/POST \S*\/images\/create/, 'SIGSTOP', at));
    await waitFor(() => at.ms);
    const sent = run.signal('SIGINT');
    expect(await run.exited).toBe(130);
    expect(await run.msToExit(sent)).toBeLessThan(DEADLINE_MS + SLACK_MS);
    expect(run.oneLine().line).toBe(`functracer: stopped while pulling ${MISSING}: nothing ran`);
    run.expectNoTraceClaimed();
  });

  it('killed during a create: one line names the container the engine may have made', async () => {
    const at: { ms?: number } = {};
    const run = await start(['functracer/sleep', '30'], faultOn(/POST \S*\/containers\/create/, 'SIGKILL', at));
    expect(await run.exited).toBe(2);
    expect(await run.msToExit(at.ms!)).toBeLessThan(DEADLINE_MS + SLACK_MS);
    const { line, container } = run.oneLine();
    expect(line).toMatch(/went away \(.+\) during the creation of functracer-\S+, and the engine may have made container/);
    run.expectNoTraceClaimed();
    // dockerd died before the request reached it: once it is back there is no such container, and rm -f says so quietly.
    await engine!.gone();
    await engine!.start();
    await expect(engine!.docker.getContainer(container!).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('frozen during a create: the command ends on its own within the deadline', async () => {
    const at: { ms?: number } = {};
    const run = await start(['functracer/sleep', '30'], faultOn(/POST \S*\/containers\/create/, 'SIGSTOP', at));
    expect(await run.exited).toBe(2);
    expect(await run.msToExit(at.ms!)).toBeLessThan(DEADLINE_MS + SLACK_MS);
    const { line, container } = run.oneLine();
    expect(line).toMatch(/answered nothing, not even a ping, for 2 s during the creation of \S+, and the engine may have made container/);
    run.expectNoTraceClaimed();
    // Thawed, the engine may or may not make the container of a request whose client has gone: if it does, it is the one named.
    expect(container).toBeDefined();
    engine!.signal('SIGCONT');
    const names = (await engine!.docker.listContainers({ all: true })).flatMap((c) => c.Names.map((n) => n.slice(1)));
    expect(names.filter((n) => n !== container)).toEqual([]);
  });

  it('killed during a start: one line, no trace claimed, the container named', async () => {
    const at: { ms?: number } = {};
    const run = await start(['functracer/sleep', '30'], faultOn(/POST \S*\/containers\/\S+\/start/, 'SIGKILL', at));
    expect(await run.exited).toBe(2);
    expect(await run.msToExit(at.ms!)).toBeLessThan(DEADLINE_MS + SLACK_MS);
    const { line, container } = run.oneLine();
    expect(line).toMatch(/went away \(.+\) during the start of (functracer-\S+), and the engine did not remove container \1\./);
    run.expectNoTraceClaimed();
    await expectNamedContainer(container);
  });

  it('frozen during a start: Ctrl-C ends it within the deadline, no trace claimed', async () => {
    const at: { ms?: number } = {};
    const run = await start(['functracer/sleep', '30'], faultOn(/POST \S*\/containers\/\S+\/start/, 'SIGSTOP', at));
    await waitFor(() => at.ms);
    const sent = run.signal('SIGINT');
    expect(await run.exited).toBe(2);
    expect(await run.msToExit(sent)).toBeLessThan(DEADLINE_MS + SLACK_MS);
    const { line, container } = run.oneLine();
    expect(line).toMatch(
      /(stopped before functracer\/sleep started: nothing ran|during the start of \S+), and the engine did not remove container/,
    );
    run.expectNoTraceClaimed();
    await expectNamedContainer(container);
  });

  it('killed while the function runs: the run ends at once, the trace closed at its last sample', async () => {
    const run = await start(['functracer/sleep', '30']);
    const csv = await run.traceWithRows(100);
    const killed = Date.now();
    engine!.signal('SIGKILL');
    expect(await run.exited).toBe(2);
    expect(await run.msToExit(killed)).toBeLessThan(DEADLINE_MS + SLACK_MS);
    const { line, container } = run.oneLine();
    expect(line).toMatch(
      /went away \(.+\) during the wait for the exit of (functracer-\S+), and the engine did not remove container \1\. .*docker rm -f \1; the trace is kept in .*, ending at its last sample \(the engine gave no finish time\)$/,
    );
    expect(run.expectTraceNamed()).toBe(csv);
    expectClosedTrace(csv);
    // Its function outlives the engine under containerd's shim; the engine, once back, stops it, and it is the named container.
    await engine!.gone();
    await engine!.start();
    expect((await engine!.docker.getContainer(container!).inspect()).State.Running).toBe(false);
    await expectNamedContainer(container);
  });

  it('frozen while the function runs: Ctrl-C ends the run within the deadline, the trace closed', async () => {
    const run = await start(['functracer/sleep', '30']);
    const csv = await run.traceWithRows(100);
    engine!.signal('SIGSTOP');
    const sent = run.signal('SIGINT');
    expect(await run.exited).toBe(2);
    expect(await run.msToExit(sent)).toBeLessThan(DEADLINE_MS + SLACK_MS);
    const { line, container } = run.oneLine();
    expect(line).toMatch(
      /answered nothing, not even a ping, for 2 s during the (stop|wait for the exit) of \S+, and the engine did not remove/,
    );
    expect(run.expectTraceNamed()).toBe(csv);
    expectClosedTrace(csv);
    await expectNamedContainer(container);
  });

  it('frozen when the function exits: the run ends on its own, the trace ends with the function', async () => {
    const run = await start(['functracer/memshape', '8:1500']);
    const csv = await run.traceWithRows(100);
    engine!.signal('SIGSTOP');
    const frozen = Date.now();
    await waitFor(() => (processesGone(csv) ? true : undefined));
    expect(await run.exited).toBe(2);
    expect(await run.msToExit(frozen)).toBeLessThan(DEADLINE_MS + SLACK_MS);
    expect(run.oneLine().line).toMatch(/answered nothing, not even a ping, for 2 s during the wait for the exit of \S+/);
    expectClosedTrace(run.expectTraceNamed());
    // The sampler stopped with the function's processes, not at the give-up a deadline later.
    expect(traceSpanMs(csv)).toBeLessThan(1500 + 600);
  });

  it('killed when the function has exited but before the engine reports it: one line, the trace ends with the function', async () => {
    const run = await start(['functracer/memshape', '8:1500']);
    const csv = await run.traceWithRows(100);
    // Frozen first, so the function can end while the engine says nothing; then killed, as a crash in that moment.
    engine!.signal('SIGSTOP');
    await waitFor(() => (processesGone(csv) ? true : undefined));
    const killed = Date.now();
    engine!.signal('SIGKILL');
    expect(await run.exited).toBe(2);
    expect(await run.msToExit(killed)).toBeLessThan(DEADLINE_MS + SLACK_MS);
    expect(run.oneLine().line).toMatch(/during the wait for the exit of \S+, and the engine did not remove/);
    expectClosedTrace(run.expectTraceNamed());
    expect(traceSpanMs(csv)).toBeLessThan(1500 + 600);
  });

  it("frozen across the exit and thawed in time: the duration is the engine's, not the freeze's", async () => {
    proxy = new FreezingProxy(engine!.socketPath);
    await proxy.listen();
    // A deadline longer than the freeze: the engine is slow here, not lost.
    const run = new FaultRun(['--json', 'functracer/memshape', '8:1500'], {
      DOCKER_HOST: proxy.dockerHost,
      FUNCTRACER_ENGINE_TIMEOUT_MS: '10000',
    });
    runs.push(run);
    const csv = await run.traceWithRows(100);
    engine!.signal('SIGSTOP');
    await waitFor(() => (processesGone(csv) ? true : undefined));
    // Not a wait for something: the fault itself, a freeze that outlasts the function by seconds (the was 25 s).
    await new Promise((resolve) => setTimeout(resolve, 3000));
    engine!.signal('SIGCONT');
    expect(await run.exited).toBe(0);
    const record = JSON.parse(fs.readFileSync(csv.replace(/-rawresults\.csv$/, '-run.json'), 'utf8')) as {
      durationMs: number;
      durationSource: string;
    };
    // The start may be the exec the sampler saw; the finish is the engine's own stamp.
    expect(['engine', 'exec']).toContain(record.durationSource);
    expect(record.durationMs).toBeGreaterThanOrEqual(1500);
    expect(record.durationMs).toBeLessThan(1500 + 600);
    expect(traceSpanMs(csv)).toBe(record.durationMs);
  });
});
