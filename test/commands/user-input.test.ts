import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDERS } from '../../src/core/cost/providers.js';
import { buildSamples } from '../../src/tracer/samples/builder.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';
import { runCli } from '../support/cli.js';
import { containersOf } from '../support/leftovers.js';

const docker = await engineForTests();
const TRACE = path.resolve(import.meta.dirname, '../fixtures/traces/cost-sample-rawresults.csv');
// eslint-disable-next-line no-control-regex -- what a terminal would act on
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-input-'));
}

/** The one line a user error gets: exit 2, no stack trace, nothing a terminal would act on. */
function refused(result: { code: number; stderr: string }): string {
  const lines = result.stderr.trim().split('\n');
  expect({ code: result.code, lines: lines.length }).toEqual({ code: 2, lines: 1 });
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(lines[0]).not.toMatch(CONTROL);
  return lines[0]!;
}

describe('image names as the engine reads them', () => {
  let server: net.Server;
  let port = 0;
  const connections: string[] = [];

  beforeAll(async () => {
    // Stands where ../../127.0.0.1:PORT/x once sent the engine's request: any connection here is a leak.
    server = net.createServer((socket) => {
      connections.push(String(socket.remoteAddress));
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('refuses a name outside the grammar with one line, and no request leaves for another host', async () => {
    const names = [`../../127.0.0.1:${port}/x`, '../../x', 'functracer/../hello', '/abs/path', 'functracer/hello:../../x', ''];
    for (const name of names) {
      const line = refused(await runCli(['run', name]));
      expect(line).toMatch(name === '' ? /^functracer: the image name is empty\./ : /^functracer: ".*" is not an image name\. An image is/);
    }
    // Every command that takes an image checks it the same way, before any engine is asked.
    const leak = `../../127.0.0.1:${port}/x`;
    refused(await runCli(['multi', '-n', '1', leak]));
    refused(await runCli(['tune', '--runs', '1', leak]));
    expect(refused(await runCli(['run', 'Functracer/Hello']))).toMatch(/has capitals\. Image names are lowercase: functracer\/hello$/);
    expect(connections).toEqual([]);
  });
});

describe('numbers no one means, refused by name', () => {
  it('refuses counts that cannot be run and fractions that round to nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['tune', '--runs', '99999999999', 'functracer/hello'], /--runs got "99999999999", which is more than 10,000\. Give --runs/],
      [['multi', '-n', '1e10', 'functracer/hello'], /-n got "1e10", which is more than 10,000/],
      [['hull', '--from', TRACE, '--step', '1e-320'], /--step got "1e-320", which is not a number from 0\.001 to 3,600/],
      [['hull', '--from', TRACE, '--buffer', '1e300'], /--buffer got "1e300", which is more than 1,000/],
      [['run', '--cpus', '1e-320', 'functracer/hello'], /--cpus got "1e-320", which is not a number from 0\.01 to 1,024/],
      [['tune', '--cpu-scale', '1e-320', 'functracer/hello'], /--cpu-scale got "1e-320", which is not a number from 0\.01 to 100/],
      [['cost', '--duration-ms', '1e300', '--memory-mb', '128'], /--duration-ms got "1e300", which is not a number from 0\.001 to/],
      [['cost', '--duration-ms', '100', '--memory-mb', '1e300'], /--memory-mb got "1e300", which is more than 1,073,741,824/],
      [['run', '--memory', '99999999t', 'functracer/hello'], /--memory got "99999999t", which is more than 1 PiB/],
    ];
    for (const [args, pattern] of cases) expect(refused(await runCli(args))).toMatch(pattern);
  });

  it('offers 256m for --memory 256', async () => {
    expect(refused(await runCli(['run', '--memory', '256', 'functracer/hello']))).toBe(
      "functracer: --memory 256 is below Docker's minimum of 6 MB. Did you mean --memory 256m? A number without a unit is bytes, as in docker run",
    );
  });

  it('refuses a uhull of values no machine has before any container', async () => {
    const file = path.join(tempDir(), 'uhull.json');
    fs.writeFileSync(file, '{"0.0": 64, "0.1": 1e300, "0.2": 0}');
    const result = await runCli(['run', '--uhull', file, 'functracer/hello']);
    expect(refused(result)).toMatch(/asks for 1e\+300 MB at "0\.1", more than any machine has \(1 PiB\)/);
    if (docker) expect(await containersOf(docker, result.pid)).toBe(0);
  });
});

describe('provider files with figures no provider has', () => {
  const aws = PROVIDERS.find((p) => p.id === 'aws-lambda-x86')!;

  async function withProvider(value: unknown, args: string[]) {
    const config = tempDir();
    fs.mkdirSync(path.join(config, 'providers'));
    fs.writeFileSync(path.join(config, 'providers', 'mine.json'), JSON.stringify(value));
    return runCli(args, { env: { FUNCTRACER_CONFIG_DIR: config } });
  }

  it('refuses a huge price, a million tiers, minMb above maxMb and a denormal granularity by field', async () => {
    const mine = { ...aws, id: 'mine' };
    const cases: [unknown, RegExp][] = [
      [{ ...mine, pricePerGbSecond: 1e300 }, /mine\.json: field pricePerGbSecond: expected at most \$1 a second/],
      [
        { ...mine, memory: { tiersMb: Array.from({ length: 300_000 }, (_, i) => 128 + i) } },
        /field memory\.tiersMb: expected at most 20000 sizes/,
      ],
      [{ ...mine, memory: { minMb: 4096, maxMb: 128, stepMb: 1 } }, /field memory\.maxMb: expected at least minMb \(4096\), got 128/],
      [{ ...mine, granularityMs: 1e-320 }, /field granularityMs: expected at least 0\.001 ms/],
    ];
    for (const [value, pattern] of cases) {
      expect(refused(await withProvider(value, ['cost', '--duration-ms', '100', '--memory-mb', '100']))).toMatch(pattern);
    }
    expect(refused(await withProvider(cases[1]![0], ['providers']))).toMatch(/expected at most 20000 sizes/);
  });
});

describe('binds', () => {
  it("refuses a name with a space, another user's home that is not there, and a host path that does not exist", async () => {
    expect(refused(await runCli(['run', '-v', 'a b:/c', 'functracer/hello']))).toMatch(
      /--volume got "a b:\/c": "a b" is neither a path nor a volume name/,
    );
    const home = process.env.HOME ?? '/root';
    expect(refused(await runCli(['run', '-v', '~nosuchuser-ft/x:/x', 'functracer/hello']))).toMatch(
      /there is no user "nosuchuser-ft" in \/etc\/passwd/,
    );
    expect(fs.existsSync(path.join(home, 'nosuchuser-ft'))).toBe(false);
    const missing = path.join(tempDir(), 'not', 'here');
    expect(refused(await runCli(['run', '-v', `${missing}:/x`, 'functracer/hello']))).toMatch(
      /and .*\/not\/here does not exist\. Fix the path, or create the folder first/,
    );
    expect(fs.existsSync(path.dirname(missing))).toBe(false);
  });
});

describe('foreign text on the terminal', () => {
  it('shows a hostile title and file name, never obeys them', async () => {
    const title = 'T\x1b]0;owned\x07\x1b[2J';
    const plot = await runCli(['plot', TRACE, '--title', title]);
    expect(plot.code).toBe(0);
    expect(plot.stdout.split('\n')[0]).toBe('T^[]0;owned^G^[[2J');
    for (const line of plot.stdout.split('\n')) expect(line).not.toMatch(CONTROL);
    const file = path.join(tempDir(), 'x\x1b[31m.csv');
    expect(refused(await runCli(['cost', '--trace', file]))).toContain('x^[[31m.csv');
  });
});

describeWithEngine("Docker's habits", docker, (docker) => {
  beforeAll(() => buildSamples(docker, { names: ['functracer/hello'] }));

  it('takes --rm and -it, notes what -it cannot do, and warns of options after the image', async () => {
    const result = await runCli(['run', '--rm', '-it', '--out', tempDir(), 'functracer/hello', '--memory', '64m']);
    expect(result.code).toBe(0);
    expect(result.stderr.trim().split('\n')).toEqual([
      'functracer: -i and -t do nothing here: a function runs with no terminal and no input, as on a FaaS platform',
      'functracer: --memory 64m comes after the image, so it goes to the function; put it before functracer/hello if it is meant for functracer',
    ]);
    // The function still got it, as docker run passes it on.
    expect(result.stdout).toMatch(/^Image +functracer\/hello$/m);
    const json = await runCli(['run', '--json', '--rm', '-t', '--out', tempDir(), 'functracer/hello']);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as { image: string }).image).toBe('functracer/hello');
    expect(await containersOf(docker, json.pid)).toBe(0);
  });
});
