import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIB } from '../../src/core/units.js';
import { runCli } from '../support/cli.js';
import type { TestSwarm } from '../support/swarm.js';
import { noContainersLeft, outFolder, probeServices, removeOutFolders, swarmWithSamples } from './support.js';

interface Session {
  node?: string;
  invocations: { invocation: number; outcome: string; maxMemoryUsedBytes: number }[];
  runs: { rawCsv: string; node?: string }[];
}

/** Each warm invocation of functracer/lambda-c peaks at what its event asked, plus the runtime's own few MiB. */
const ASKED = [16, 64, 32];
function expectPeaksFollow(session: Session): void {
  expect(session.invocations).toHaveLength(4);
  for (const i of session.invocations) {
    expect(i.outcome).toBe('response');
    const mb = ASKED[(i.invocation - 1) % ASKED.length]!;
    expect(i.maxMemoryUsedBytes).toBeGreaterThanOrEqual(mb * MIB);
    expect(i.maxMemoryUsedBytes).toBeLessThan((mb + 4) * MIB);
  }
}

describe('invoke, multi --event and tune --event on a swarm', () => {
  let swarm: TestSwarm;
  let env: NodeJS.ProcessEnv;
  let events: string;
  let on: string[];
  beforeAll(async () => {
    swarm = await swarmWithSamples(['functracer/lambda-c']);
    env = { DOCKER_HOST: swarm.managerHost };
    on = ['--on', 'swarm', '--registry', swarm.registry];
    events = path.join(outFolder(), 'events.jsonl');
    fs.writeFileSync(events, ASKED.map((mb) => JSON.stringify({ mb, ms: 150 })).join('\n'));
  });
  afterAll(async () => {
    removeOutFolders();
    await swarm?.remove();
  });

  it('invoke --on swarm serves the Runtime API on the node: the peaks follow the events, the record names the node', async () => {
    const out = outFolder();
    const args = ['invoke', ...on, '--json', '--memory', '256m', '--event', events, '-n', '4', '--out', out, 'functracer/lambda-c'];
    const { code, stdout, stderr } = await runCli(args, { env, timeoutMs: 280_000 });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const session = JSON.parse(stdout) as Session;
    expectPeaksFollow(session);
    const record = JSON.parse(fs.readFileSync(session.runs[0]!.rawCsv.replace('-rawresults.csv', '-run.json'), 'utf8')) as {
      node?: string;
      image: string;
    };
    expect(record.node).toMatch(/\S/);
    expect(record.image).toBe('functracer/lambda-c');
    expect(path.dirname(session.runs[0]!.rawCsv)).toBe(out);
    expect(await probeServices(swarm)).toBe(0);
  });

  it('multi --event --on swarm invokes a session a run, on both nodes; tune --event does too', async () => {
    const multi = await runCli(
      ['multi', ...on, '--parallel', '2', '--json', '-n', '2', '--memory', '256m', '--event', events, '--invocations', '4'].concat([
        '--out',
        outFolder(),
        'functracer/lambda-c',
      ]),
      { env, timeoutMs: 280_000 },
    );
    expect(multi.stderr).toBe('');
    expect(multi.code).toBe(0);
    const runs = (JSON.parse(multi.stdout) as { runs: Session[] }).runs;
    expect(runs).toHaveLength(2);
    for (const run of runs) expectPeaksFollow(run);
    expect(runs.every((r) => r.node)).toBe(true);

    const tune = await runCli(
      ['tune', ...on, '--json', '--sizes', '256,512', '--runs', '1', '--event', events, '--invocations', '4', '--out', outFolder()].concat(
        'functracer/lambda-c',
      ),
      { env, timeoutMs: 280_000 },
    );
    expect(tune.stderr).toBe('');
    expect(tune.code).toBe(0);
    const sizes = (JSON.parse(tune.stdout) as { sizes: { mb: number; sessions: Session[] }[] }).sizes;
    expect(sizes.map((s) => s.mb)).toEqual([256, 512]);
    for (const size of sizes) {
      expectPeaksFollow(size.sessions[0]!);
      expect(size.sessions[0]!.runs[0]!.node).toMatch(/\S/);
    }
    expect(await probeServices(swarm)).toBe(0);
    await noContainersLeft(swarm);
  });
});
