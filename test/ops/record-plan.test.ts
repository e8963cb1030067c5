import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunPlan, RunSpec } from '../../src/core/run-plan.js';
import { runRecordSchema, type RunRecord } from '../../src/core/run-record.js';
import { replanRecord } from '../../src/ops/record-plan.js';

const isRoot = process.getuid?.() === 0;
const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-replan-')));
const mine = path.join(root, 'mine');
fs.mkdirSync(mine);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A record as `functracer run` writes it, with the plan given. */
function recordOf(spec: Partial<RunSpec>, extra: Partial<RunPlan> = {}): RunRecord {
  const full: RunSpec = { image: 'functracer/hello', args: [], env: [], binds: [], networkMode: 'none', ...spec };
  return {
    image: full.image,
    args: full.args,
    plan: { title: [full.image, ...full.args].join(' '), spec: full, ...extra },
    startedAt: '2026-12-02T09:00:00.000Z',
    finishedAt: '2026-12-02T09:00:00.002Z',
    durationMs: 2,
    durationSource: 'engine',
    peakBytes: 4096,
    peakSource: 'kernel',
    cpuMs: null,
    exitCode: 0,
    oomKilled: false,
    interrupted: false,
    samples: 1,
  };
}

const FILE = '/traces/functracer-1-run.json';
const replan = (record: RunRecord) => replanRecord(record, FILE);
function refusal(record: RunRecord): string {
  try {
    replan(record);
  } catch (error) {
    const { message, hint } = error as { message: string; hint?: string };
    return `${message}. ${hint}`;
  }
  throw new Error('not refused');
}

describe('a run record is re-planned, never run as it stands', () => {
  it("runs what the TUI's form and the hull's training make without a question, as they made it", () => {
    const record = recordOf(
      { image: 'functracer/resize', args: ['/in/a.jpg', '50%'], binds: [`${mine}:/in:ro`], memoryBytes: 268435456 },
      { scratch: { mountPoint: '/d' } },
    );
    expect(replan(record)).toEqual({ plan: record.plan, asks: [] });
    const tuned = recordOf({
      memoryBytes: 128 * 2 ** 20,
      memorySwapBytes: 128 * 2 ** 20,
      nanoCpus: 333_333_333,
      env: ['A=1'],
      workdir: '/d',
    });
    expect(replan(tuned)).toEqual({ plan: tuned.plan, asks: [] });
  });

  it('has nothing to run again in a record from before plans', () => {
    const { plan: _plan, ...old } = recordOf({});
    expect(replan(old)).toBeUndefined();
  });

  it('lists exactly what it asks for: another network, a user, an entrypoint', () => {
    const record = recordOf({ networkMode: 'host', user: '1000:1000', entrypoint: ['/bin/sh'], args: ['-c', 'id'] });
    expect(replan(record)!.asks).toEqual([
      "the host's network (it reaches every service on this machine)",
      'to run as user "1000:1000"',
      'the entrypoint "/bin/sh", not the image\'s own',
    ]);
    expect(replan(recordOf({ networkMode: 'container:db' }))!.asks).toEqual(['the network "container:db"']);
  });

  it("refuses mounts of the host's system, homes, keys and engine socket, links resolved", () => {
    for (const [host, why] of [
      ['/', "which is the host's whole file system"],
      ['/etc', "which is the host's system"],
      ['/etc/ssl', "which is the host's system"],
      ['/var', 'which holds /var/run'],
      ['/var/run/docker.sock', "which is the host's system"],
      ['/root', "which holds /root, users' homes"],
      ['/home', "which holds /home, users' homes"],
    ] as const) {
      expect(refusal(recordOf({ binds: [`${host}:/host`] }))).toContain(
        `will not run functracer-1-run.json again: it mounts ${host}, ${why}`,
      );
    }
    const keys = path.join(mine, '.ssh');
    fs.mkdirSync(keys);
    expect(refusal(recordOf({ binds: [`${keys}:/k:ro`] }))).toContain('where keys and tokens live');
    const link = path.join(mine, 'innocent');
    fs.symlinkSync('/etc', link);
    expect(refusal(recordOf({ binds: [`${link}:/in:ro`] }))).toContain(`it mounts ${link}, which is the host's system`);
    expect(refusal(recordOf({ binds: [`${mine}:/`] }))).toContain('not a folder in the container');
  });

  it("refuses a socket anywhere, such as an engine's", async () => {
    const socket = path.join(mine, 'engine.sock');
    const server = net.createServer().listen(socket);
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      expect(refusal(recordOf({ binds: [`${socket}:/var/run/docker.sock`] }))).toContain("is a socket, such as an engine's");
    } finally {
      server.close();
    }
  });

  it("asks before mounting what is not the user's own, and mounts a link's target, not the link", () => {
    const open = path.join(root, 'open');
    fs.mkdirSync(open);
    fs.chmodSync(open, 0o777);
    const inOpen = path.join(open, 'data');
    fs.mkdirSync(inOpen);
    const missing = path.join(mine, 'missing');
    const asks = replan(recordOf({ binds: [`${open}:/a`, `${inOpen}:/b:ro`, `${missing}:/c`, 'cache:/d', `${mine}:/e:rshared`] }))!.asks;
    expect(asks).toEqual([
      `to mount ${open} at /a: it may be changed by other users`,
      `to mount ${inOpen} at /b read-only: it lies in ${open}, which others may change`,
      `to mount ${missing} at /c: it does not exist, so the engine would make it, as root`,
      'the named volume "cache" at /d',
      'the mount option "rshared" on /e',
    ]);
    const link = path.join(root, 'to-mine');
    fs.symlinkSync(mine, link);
    expect(replan(recordOf({ binds: [`${link}:/in:ro`] }))!.plan.spec.binds).toEqual([`${mine}:/in:ro`]);
  });

  it.runIf(isRoot)("asks before mounting another user's folder", () => {
    const theirs = path.join(root, 'theirs');
    fs.mkdirSync(theirs);
    fs.chownSync(theirs, 65534, 65534);
    expect(replan(recordOf({ binds: [`${theirs}:/t`] }))!.asks).toEqual([`to mount ${theirs} at /t: it belongs to uid 65534, not to you`]);
    fs.chownSync(theirs, 0, 0);
  });

  it('refuses what functracer never makes: entrypoints of several words, another image, values its options cannot give', () => {
    expect(refusal(recordOf({ entrypoint: ['/bin/sh', '-c'], args: ['id'] }))).toContain(
      'its entrypoint has 2 words, where --entrypoint sets one',
    );
    const other = recordOf({});
    other.plan!.spec.image = 'functracer/sleep';
    expect(refusal(other)).toContain('its plan runs functracer/sleep, not the functracer/hello it names');
    expect(refusal(recordOf({ memoryBytes: 2 ** 27 + 0.5 }))).toContain('its memoryBytes is not what functracer makes');
    expect(refusal(recordOf({ binds: ['relative/x:/x'] }))).toContain('its binds is not what functracer makes');
    expect(refusal(recordOf({ memoryBytes: 1024 }))).toMatch(/again: --memory 1024 is below/);
    expect(refusal(recordOf({ env: ['=oops'] }))).toContain('--env got "=oops"');
  });

  it("refuses or asks for a scratch copy of what is not the user's", () => {
    expect(refusal(recordOf({}, { scratch: { from: '/', mountPoint: '/d' } }))).toContain(
      "it copies /, which is the host's whole file system",
    );
    expect(refusal(recordOf({}, { scratch: { mountPoint: '/' } }))).toContain('its scratch folder goes at "/"');
    expect(refusal(recordOf({}, { scratch: { from: 'ref-data', mountPoint: '/d' } }))).toContain('not an absolute path');
    const missing = path.join(root, 'gone');
    expect(replan(recordOf({}, { scratch: { from: missing, mountPoint: '/d' } }))!.asks).toEqual([
      `a copy of ${missing} at /d: it does not exist, so the engine would make it, as root`,
    ]);
  });

  it('refuses keys functracer never writes, anywhere in the record', () => {
    const record = recordOf({});
    expect(runRecordSchema.safeParse(record).success).toBe(true);
    for (const planted of [
      { ...record, privileged: true },
      { ...record, plan: { ...record.plan!, spec: { ...record.plan!.spec, Privileged: true } } },
      { ...record, plan: { ...record.plan!, spec: { ...record.plan!.spec, devices: ['/dev/sda'] } } },
      { ...record, plan: { ...record.plan!, hostConfig: {} } },
    ]) {
      expect(runRecordSchema.safeParse(planted).success).toBe(false);
    }
  });
});
