/**
 * Runs inside a test:vm guest, once per scenario (an engine and a user): what
 * a lab user would do with functracer there, measured. Prints one JSON object
 * for the host's summary; the pass or fail is the host's to judge.
 *
 *   node dist/test/vm/guest/checks.js SCENARIO
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { connectEngine } from '../../../src/tracer/engine.js';
import { detectCgroupLayout } from '../../../src/tracer/cgroup/mounts.js';
import { OWNER_LABEL } from '../../../src/tracer/labels.js';
import { ownLeftoverCgroups } from './own-leftovers.js';
import { spikeTrainArgs, spikesCaught } from '../../support/spike-train.js';

const execFileP = promisify(execFile);
const MIB = 2 ** 20;
const SPIKES = 5;
const SHAPE = spikeTrainArgs(SPIKES);
/** What autotuning replays: seconds-long plateaus, the first above the room the runtime gets to start in. */
const TUNE_SHAPE = ['48:3000', '64:3000', '24:3000', '0:100'];
const CLI = path.resolve('dist/src/cli.js');

interface RunJson {
  sampler: string;
  samples: number;
  samplesPerSecond: number;
  peakBytes: number;
  peakSource: string;
  sampledPeakBytes: number;
  firstSampleLatencyMs: number | null;
  oomKilled: boolean;
  exitCode: number;
  rawCsv: string;
  autotune: unknown;
  samplingNotes: string[];
}

/** The functracer processes this scenario started and the containers they made: only what they leave is its leftover. */
const owners: { pids: number[]; containerIds: string[] } = { pids: [], containerIds: [] };

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = execFileP(process.execPath, [CLI, ...args], { maxBuffer: 64 * MIB });
  if (run.child.pid !== undefined) owners.pids.push(run.child.pid);
  try {
    const { stdout, stderr } = await run;
    noteContainer(stdout);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    noteContainer(e.stdout ?? '');
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(error) };
  }
}

/** A run's --json names its container. */
function noteContainer(stdout: string): void {
  if (!stdout.startsWith('{')) return;
  const id = (JSON.parse(stdout) as { containerId?: string }).containerId;
  if (id) owners.containerIds.push(id);
}

/** The bytes column of a raw trace's sample rows. */
function* bytesIn(csvPath: string): Iterable<number> {
  for (const line of fs.readFileSync(csvPath, 'utf8').split('\n')) {
    const fields = line.split(',');
    if (fields.length >= 3) yield Number(fields[1]);
  }
}

/**
 * Every container and cgroup this scenario's runs left: both must be none after each step. On a host (Podman beside
 * the guests) other functracer processes have runs of their own going, and the shared functracer folder stays.
 */
async function leftovers(): Promise<{ containers: string[]; cgroups: string[] }> {
  const docker = await connectEngine();
  const labels = owners.pids.map((pid) => `${OWNER_LABEL}=${pid}`);
  const lists = await Promise.all(labels.map((label) => docker.listContainers({ all: true, filters: { label: [label] } })));
  return { containers: lists.flat().map((c) => c.Names[0] ?? c.Id), cgroups: ownLeftoverCgroups('/sys/fs/cgroup', owners) };
}

async function engine(): Promise<{ name: string; version: string; driver: string }> {
  const docker = await connectEngine();
  const version = (await docker.version()) as { Version: string; Components?: { Name: string }[] };
  const info = (await docker.info()) as { CgroupDriver?: string };
  const podman = version.Components?.some((c) => /podman/i.test(c.Name)) ?? false;
  return { name: podman ? 'podman' : 'docker', version: version.Version, driver: info.CgroupDriver ?? 'unknown' };
}

/** What the C sample's events ask for, MiB: the invocations' peaks must follow them. */
const INVOKE_ASKS = [16, 64, 32];

interface InvokeJson {
  network: string;
  networkWhy: string;
  apiAddress: string;
  invocations: { cold: boolean; outcome: string; maxMemoryUsedBytes: number | null }[];
  inits: unknown[];
  runs: { sampler: string; samplingNotes: string[] }[];
}

/** A Lambda-style function served by functracer's Runtime API, as `invoke` does for a user: init, then three events. */
async function invokeCheck(out: string, network: string[]): Promise<Record<string, unknown>> {
  const events = path.join(out, 'events.jsonl');
  // Each event holds its memory 400 ms: on cgroup v2 the worker takes a boundary's reading when it is next scheduled,
  // and an invocation over within that lag is not its own phase (the README says so); emulated, the lag is long.
  fs.writeFileSync(events, INVOKE_ASKS.map((mb) => JSON.stringify({ mb, ms: 400 })).join('\n') + '\n');
  // Emulated and on a loaded host, touching 64 MiB took over Lambda's default 3 s (Debian 13, as a docker-group user):
  // what is checked is the phases and their peaks, not the speed, so the timeout is far off.
  const invoked = await cli(['invoke', '--json', '--timeout', '300', '--out', out, '--event', events, ...network, 'functracer/lambda-c']);
  if (!invoked.stdout.startsWith('{')) return { error: `exit ${invoked.code}: ${invoked.stderr.trim()}` };
  const result = JSON.parse(invoked.stdout) as InvokeJson;
  return {
    exitCode: invoked.code,
    network: result.network,
    networkWhy: result.networkWhy,
    apiAddress: result.apiAddress,
    sampler: result.runs[0]?.sampler,
    notes: result.runs.flatMap((run) => run.samplingNotes),
    inits: result.inits.length,
    invocations: result.invocations.map((i, n) => ({
      askedMiB: INVOKE_ASKS[n],
      peakMiB: i.maxMemoryUsedBytes === null ? null : +(i.maxMemoryUsedBytes / MIB).toFixed(2),
      cold: i.cold,
      outcome: i.outcome,
    })),
  };
}

/** A run stopped with SIGINT part-way: exit 130, a closed trace, nothing left behind. */
async function interrupted(out: string): Promise<{ code: number | null; closedTrace: boolean }> {
  const child = spawn(process.execPath, [CLI, 'run', '--json', '--out', out, 'functracer/memshape', '0:100', '32:20000', '0:100'], {
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (child.pid !== undefined) owners.pids.push(child.pid);
  const csv = () => fs.readdirSync(out).find((f) => f.endsWith('-rawresults.csv'));
  const lines = () => {
    const file = csv();
    return file ? fs.readFileSync(path.join(out, file), 'utf8').trim().split('\n') : [];
  };
  // Under emulation node takes seconds to load: interrupt only once samples flow, as a user would mid-run.
  for (const end = Date.now() + 120_000; lines().length < 50 && Date.now() < end;) await new Promise((r) => setTimeout(r, 100));
  // Its container, while it runs: its --json goes nowhere, and a cgroup it leaves is named by the container's id.
  const docker = await connectEngine();
  const running = await docker.listContainers({ all: true, filters: { label: [`${OWNER_LABEL}=${child.pid}`] } });
  owners.containerIds.push(...running.map((c) => c.Id));
  child.kill('SIGINT');
  const code = await exited;
  return { code, closedTrace: lines().at(-1)?.split(',').length === 2 };
}

const scenario = process.argv[2] ?? 'unnamed';
const out = fs.mkdtempSync(path.join(os.tmpdir(), `functracer-vm-${scenario}-`));
const layout = detectCgroupLayout();
const summary: Record<string, unknown> = {
  scenario,
  user: os.userInfo().username,
  kernel: os.release(),
  cgroup: `v${layout.version}`,
};
try {
  summary.engine = await engine();
  const spikes = await cli(['run', '--json', '--out', out, 'functracer/memshape', ...SHAPE]);
  if (spikes.code !== 0) throw new Error(`run: exit ${spikes.code}: ${spikes.stderr.trim()}`);
  const traced = JSON.parse(spikes.stdout) as RunJson;
  summary.run = {
    sampler: traced.sampler,
    samplesPerSecond: Math.round(traced.samplesPerSecond),
    firstSampleLatencyMs: traced.firstSampleLatencyMs,
    peakSource: traced.peakSource,
    peakMiB: +(traced.peakBytes / MIB).toFixed(2),
    spikesCaught: spikesCaught(bytesIn(traced.rawCsv)),
    spikes: SPIKES,
    notes: traced.samplingNotes,
  };
  summary.afterRun = await leftovers();
  // Under emulation the engine takes seconds to change a limit, so the autotuned shape starts above the runtime's
  // start-up room, changes in steps of seconds, and its hull moves the limit 3 s ahead: what is proven is that the
  // limit follows, not how fast. The first plateau is the first step's whole limit; without a buffer a replay that
  // charges a few pages more than its training run is killed there (seen in the Debian 13 guest), before any step.
  const plain = await cli(['run', '--json', '--out', out, 'functracer/memshape', ...TUNE_SHAPE]);
  if (plain.code !== 0) throw new Error(`run: exit ${plain.code}: ${plain.stderr.trim()}`);
  const hullDir = path.join(out, 'hull');
  const trained = JSON.parse(plain.stdout) as RunJson;
  const trainedOn = trained.rawCsv;
  const hull = await cli(['hull', '--json', '--lookahead', '30', '--buffer', '10', '--from', trainedOn, '--out', hullDir]);
  if (hull.code !== 0) throw new Error(`hull --from: exit ${hull.code}: ${hull.stderr.trim()}`);
  const tuned = await cli([
    'run',
    '--json',
    '--out',
    out,
    '--uhull',
    path.join(hullDir, 'uhull.json'),
    'functracer/memshape',
    ...TUNE_SHAPE,
  ]);
  // An OOM-killed function is still a result: its exit code is the run's, and the JSON says what happened.
  const autotuned = tuned.stdout.startsWith('{') ? (JSON.parse(tuned.stdout) as RunJson) : undefined;
  // What the limit followed, so a failure here can be read without booting the guest again.
  const uhull = JSON.parse(fs.readFileSync(path.join(hullDir, 'uhull.json'), 'utf8')) as Record<string, number>;
  const trainedWith = {
    peakMiB: +(trained.peakBytes / MIB).toFixed(2),
    samples: trained.samples,
    uhull: Object.entries(uhull).filter((_, i) => i % 10 === 0),
  };
  summary.autotune = autotuned
    ? { exitCode: autotuned.exitCode, oomKilled: autotuned.oomKilled, trainedWith, ...(autotuned.autotune as object) }
    : { error: `exit ${tuned.code}: ${tuned.stderr.trim()}` };
  summary.afterAutotune = await leftovers();
  // On this host, Podman's bridge is a private-range address of a shared machine: its invoke stays on the host's network.
  const network = scenario === 'podman-host' ? ['--network', 'host'] : [];
  summary.invoke = await invokeCheck(fs.mkdtempSync(path.join(out, 'invoke-')), network);
  summary.afterInvoke = await leftovers();
  summary.interrupted = await interrupted(fs.mkdtempSync(path.join(out, 'int-')));
  summary.afterInterrupt = await leftovers();
} catch (error) {
  summary.error = error instanceof Error ? error.message : String(error);
}
fs.rmSync(out, { recursive: true, force: true });
console.log(JSON.stringify(summary));
