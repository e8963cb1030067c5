import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { readRawCsv } from '../../src/core/raw-csv-reader.js';
import { ensureSamplesReady } from '../../src/ops/samples.js';
import { refDataDir } from '../../src/infra/package-root.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';
import { runCli, spawnCli } from '../support/cli.js';
import { containersOf, expectClosedTrace, runCgroupsOf, waitFor } from '../support/leftovers.js';

const docker = await engineForTests();

/** One line, no stack trace. */
function expectOneLineError(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^functracer: /);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/^\s+at /m);
}

describeWithEngine('functracer run', docker, () => {
  let out: string;
  beforeAll(async () => {
    await ensureSamplesReady(docker!);
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-cli-'));
  });

  it('prints exactly one JSON object with the run, its sampler and its cost', async () => {
    const { code, stdout } = await runCli([
      'run',
      '--json',
      '--out',
      out,
      '--network',
      'none',
      'functracer/memshape',
      '0:100',
      '40:1200',
      '0:100',
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Record<string, unknown>;
    for (const key of [
      'image',
      'container',
      'exitCode',
      'oomKilled',
      'startedAt',
      'finishedAt',
      'durationMs',
      'samples',
      'samplesPerSecond',
      'sampler',
      'peakBytes',
      'sampledPeakBytes',
      'rawCsv',
      'cost',
    ]) {
      expect(report).toHaveProperty(key);
    }
    // The cgroup sampler, not the stats API's one a second; the rate itself is bench:tracer's to measure, not a test's.
    expect(report.samplesPerSecond).toBeGreaterThan(100);
    expect(report.firstSampleLatencyMs).toBeLessThan(50);
    // Touching 40 MiB of pages takes CPU time, which the cgroup counts from the function's exec on.
    expect(report.cpuMs).toBeGreaterThan(1);
    expect(report.sampler).toBe('cgroup');
    // RFC 3339 with up to nine digits: Docker drops trailing zeros.
    expect(report.startedAt).toMatch(/T\d{2}:\d{2}:\d{2}\.\d{1,9}Z$/);
    const cost = report.cost as { provider: string; allocatedMb: number; totalCost: number }[];
    expect(cost.map((c) => c.provider)).toEqual(
      expect.arrayContaining(['aws-lambda-2020', 'aws-lambda-x86', 'gcf-gen1', 'cloudflare-workers']),
    );
    expect(cost.find((c) => c.provider === 'aws-lambda-2020')!.allocatedMb).toBe(128);
    const priced = cost.filter((c) => Number.isFinite(c.totalCost)).map((c) => c.totalCost);
    expect(priced).toEqual([...priced].sort((a, b) => a - b));
    const csv = readRawCsv(fs.readFileSync(report.rawCsv as string, 'utf8'), 'csv');
    expect(csv.trace.length).toBe(report.samples);
    // The CSV starts at the function's exec, not at runc's setup before it (which once put it up to half a second early).
    expect(Math.abs(csv.durationMs - (report.durationMs as number))).toBeLessThan(100);
  });

  it("takes the original testbed's quoted form and prints its report: a table in 80 columns, or every figure with --long", async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-resize-'));
    fs.copyFileSync(path.join(refDataDir(), 'sample-1mb.jpg'), path.join(work, 'in.jpg'));
    const quoted = `-v ${work}:/d/ --memory=256MB functracer/resize in.jpg 50%`;
    const short = await runCli(['run', '--out', out, quoted], { env: { COLUMNS: '80' } });
    expect(short.code).toBe(0);
    expect(fs.existsSync(path.join(work, 'in-50.jpg'))).toBe(true);
    const lines = short.stdout.trimEnd().split('\n');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    expect(lines.length).toBeLessThanOrEqual(23);
    expect(short.stdout).toMatch(/^Max memory usage +[\d,]+ bytes, [\d.]+ MiB \(kernel's mark\)$/m);
    expect(short.stdout).toMatch(/^Container runtime +[\d,.]+ ms$/m);
    expect(short.stdout).toMatch(/^provider +alloc MB +billed ms +\$ per 1M +overhead +wasted MB$/m);
    // --memory=256MB emulates a 256 MB allocation, as in the original.
    expect(short.stdout).toMatch(/^aws-lambda-2020 +256 +[\d,]+ +[\d.]+ +[\d.]+ % +\d+$/m);
    expect(lines.at(-1)).toMatch(/^Cheapest: [a-z0-9-]+, \$[\d.,]+ per 1M requests at [\d,]+ MB$/);

    const { code, stdout } = await runCli(['run', '--long', '--out', out, quoted]);
    expect(code).toBe(0);
    for (const label of [
      'Max memory usage',
      'Container runtime',
      'Memory used / allocated',
      'Total cost',
      'Net / overhead cost',
      'unused memory',
      'unused time',
      'Wasted time',
      'Wasted memory',
    ]) {
      expect(stdout).toContain(label);
    }
    // --memory=256MB emulates a 256 MB allocation, as in the original.
    expect(stdout).toMatch(/Memory used \/ allocated\s+\d+ MiB \/ 256 MB/);
    // The last line answers the question here too.
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(/^Cheapest: [a-z0-9-]+, \$[\d.]+ per 1M requests at [\d,]+ MB$/);
  });

  it('runs every sample function', async () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-gz-'));
    fs.writeFileSync(path.join(scratch, 'a.txt'), 'functracer '.repeat(10_000));
    const runs = [
      ['functracer/hello'],
      ['functracer/sleep', '1'],
      ['-v', `${refDataDir()}:/d:ro`, '-w', '/tmp', 'functracer/monochrome', '/d/sample-1mb.jpg', 'Gray'],
      ['-v', `${scratch}:/d`, 'functracer/compress', '.'],
      ['functracer/memshape', '8:50'],
    ];
    for (const args of runs) {
      const { code, stdout, stderr } = await runCli(['run', '--json', '--out', out, ...args]);
      expect({ args, code, stderr }).toEqual({ args, code: 0, stderr: '' });
      expect((JSON.parse(stdout) as { exitCode: number }).exitCode).toBe(0);
    }
    expect(fs.existsSync(path.join(scratch, 'a.txt.gz'))).toBe(true);
  });

  it("exits with the function's code, and 137 after an out-of-memory kill", async () => {
    expect((await runCli(['run', '--out', out, 'functracer/memshape', '4:20', 'exit:3'])).code).toBe(3);
    const oom = await runCli(['run', '--out', out, '--memory', '32m', '--memory-swap', '32m', 'functracer/memshape', '100:100']);
    expect(oom.code).toBe(137);
    expect(oom.stdout).toMatch(/killed: out of memory/);
  });

  it('keeps what the function printed beside its trace, and shows the lines that tell why a failing one failed', async () => {
    const failed = await runCli(['run', '--out', out, 'functracer/memshape', '-v', '4:20', 'oops'], { env: { COLUMNS: '200' } });
    expect(failed.code).toBe(2);
    const saved = /^Its output +(\S+-output\.txt)$/m.exec(failed.stdout)?.[1];
    expect(saved).toBeDefined();
    expect(fs.readFileSync(saved!, 'utf8')).toContain("memshape: expected MiB:ms or exit:N: 'oops'");
    // The line that says what was wrong, not the usage line after it.
    expect(failed.stdout).toMatch(/^It said +memshape: expected MiB:ms or exit:N: 'oops'$/m);
    expect(failed.stdout).not.toContain('usage: memshape');
    // ImageMagick's convert without its input: the reason comes first, other lines after it.
    const resize = await runCli(['run', '--out', out, 'functracer/resize', '/in/sample-1mb.jpg', '50%'], { env: { COLUMNS: '80' } });
    expect(resize.code).toBe(1);
    expect(resize.stdout).toMatch(/^It said +convert: unable to open image `\/in\/sample-1mb\.jpg': No such$/m);
    for (const line of resize.stdout.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);

    const fine = JSON.parse((await runCli(['run', '--json', '--out', out, 'functracer/memshape', '-v', '4:20'])).stdout) as Record<
      string,
      unknown
    >;
    expect(fine.exitCode).toBe(0);
    expect(fs.readFileSync(fine.outputFile as string, 'utf8')).toMatch(/memshape: t=[\d.]+ ms 4 MiB reached/);
    expect(fine.lastOutputLine).toMatch(/^memshape: t=[\d.]+ ms done, exit 0$/);
    expect(fine.outputFile).toBe((fine.rawCsv as string).replace(/-rawresults\.csv$/, '-output.txt'));

    const quiet = await runCli(['run', '--out', out, 'functracer/memshape', '4:20']);
    expect(quiet.stdout).not.toMatch(/^(Its output|It said)/m);
  });

  for (const [signal, exitCode] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    // What a dropped SSH session or a closed terminal sends, and the quit key of a terminal.
    ['SIGHUP', 129],
    ['SIGQUIT', 131],
  ] as const) {
    it(`stops on ${signal}, removes the container and keeps the partial trace`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `functracer-${signal}-`));
      const child = spawnCli(['run', '--out', dir, 'functracer/sleep', '30']);
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      let stdout = '';
      child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const csvPath = await waitFor(() => {
        const file = fs.readdirSync(dir).find((f) => f.endsWith('-rawresults.csv'));
        return file && fs.readFileSync(path.join(dir, file), 'utf8').split('\n').length > 200 ? path.join(dir, file) : undefined;
      });
      child.kill(signal);
      expect(await exited).toBe(exitCode);
      expect(stdout).toMatch(/interrupted/);
      expect(await containersOf(docker!, child.pid!)).toBe(0);
      expect(runCgroupsOf(child.pid!)).toEqual([]);
      expectClosedTrace(csvPath);
      const partial = readRawCsv(fs.readFileSync(csvPath, 'utf8'), csvPath);
      expect(partial.trace.length).toBeGreaterThan(150);
      expect(partial.durationMs).toBeLessThan(30_000);
    });
  }
});

describeWithEngine('functracer run with bad input', docker, () => {
  it('says where the samples are listed for an unknown sample name, without asking a registry', async () => {
    const { code, stdout, stderr } = await runCli(['run', 'functracer/nonexistent-sample']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('functracer: there is no image functracer/nonexistent-sample. functracer samples list shows the sample images\n');
  });

  it('a mistyped sample name is one line, printed once, with the name it was likely meant to be', async () => {
    const { code, stdout, stderr } = await runCli(['run', 'functracer/helo']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('functracer: there is no image functracer/helo. Did you mean functracer/hello?\n');
  });

  it("a mistyped name of one of the engine's images, after its pull failed, is met with that image's name", async () => {
    const repo = `localhost:1/functracer-typo-${process.pid}`;
    await docker!.getImage('functracer/hello').tag({ repo, tag: 'latest' });
    try {
      // Two letters swapped: one edit. The pull is tried first (the name may be right), and refused by nothing listening.
      const { code, stderr } = await runCli(['run', `localhost:1/functracer-tyop-${process.pid}`]);
      expect(code).toBe(2);
      expectOneLineError(
        stderr,
        new RegExp(`pulling it failed: the registry localhost:1 refused the connection\\. Did you mean ${repo}\\?$`),
      );
    } finally {
      // Only the tag made here goes; the image keeps its own name.
      await docker!.getImage(`${repo}:latest`).remove();
    }
  });

  it('makes no output folder for an image that does not exist, and makes it for one that does', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-nofolder-'));
    const out = path.join(base, 'new', 'traces');
    expect((await runCli(['run', '--out', out, 'functracer/doesnotexist'])).code).toBe(2);
    expect((await runCli(['multi', '-n', '2', '--out', out, 'functracer/doesnotexist'])).code).toBe(2);
    expect(fs.readdirSync(base)).toEqual([]);
    expect((await runCli(['run', '--out', out, 'functracer/hello'])).code).toBe(0);
    expect(fs.readdirSync(out).filter((f) => f.endsWith('-rawresults.csv'))).toHaveLength(1);
  });

  it('says when an image can be neither found nor pulled, without reaching outside this machine', async () => {
    const { code, stderr } = await runCli(['run', 'localhost:1/functracer-missing:latest']);
    expect(code).toBe(2);
    expectOneLineError(
      stderr,
      /image localhost:1\/functracer-missing:latest is not on the engine, and pulling it failed: the registry localhost:1 refused the connection\. Check the name/,
    );
  });

  it('refuses a bare --volume name that is neither a folder here nor a volume, and makes no volume', async () => {
    const name = `functracer-novolume-${process.pid}`;
    const { code, stderr, pid } = await runCli(['run', '-v', `${name}:/x`, 'functracer/hello']);
    expect(code).toBe(2);
    expectOneLineError(
      stderr,
      new RegExp(`--volume ${name}:/x: there is no folder or volume called ${name}\\. Mount a folder as \\./${name}`),
    );
    expect((await docker!.listVolumes()).Volumes?.map((v) => v.Name) ?? []).not.toContain(name);
    expect(await containersOf(docker!, pid)).toBe(0);
  });

  it('reports a container that cannot start, and leaves neither container nor file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-nostart-'));
    const { code, stderr, pid } = await runCli(['run', '--out', dir, '--entrypoint', '/nonexistent', 'functracer/hello']);
    expect(code).toBe(2);
    expectOneLineError(stderr, /the container could not start: .*\/nonexistent/);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(await containersOf(docker!, pid)).toBe(0);
  });

  it('refuses an output folder it cannot write before any container runs', async () => {
    const { code, stderr, pid } = await runCli(['run', '--out', '/proc/1', 'functracer/hello']);
    expect(code).toBe(2);
    expectOneLineError(stderr, /--out \/proc\/1 cannot be used as an output folder/);
    expect(await containersOf(docker!, pid)).toBe(0);
  });

  it('refuses an image name the engine cannot take, in one line, before asking it', async () => {
    const { code, stderr } = await runCli(['run', 'UPPER/Case']);
    expect(code).toBe(2);
    expectOneLineError(stderr, /the image name "UPPER\/Case" has capitals\. Image names are lowercase: upper\/case$/);
  });

  it('takes --debug after the command too', async () => {
    const { code, stderr } = await runCli(['run', '--debug', 'UPPER/Case']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^functracer: the image name "UPPER\/Case" has capitals/);
    expect(stderr).toMatch(/^\s+at /m);
  });

  it('rejects unknown options and bad memory sizes before touching the engine', async () => {
    const unknown = await runCli(['run', '--bogus', 'functracer/hello']);
    expect(unknown.code).toBe(2);
    expectOneLineError(unknown.stderr, /unknown option '--bogus'\. See functracer run --help$/);
    const providers = await runCli(['providers', '--bogus']);
    expectOneLineError(providers.stderr, /unknown option '--bogus'\. See functracer providers --help$/);
    expectOneLineError((await runCli(['--bogus'])).stderr, /unknown option '--bogus'\. See functracer --help$/);
    const memory = await runCli(['run', '--memory', '12 parsecs', 'functracer/hello']);
    expect(memory.code).toBe(2);
    expectOneLineError(memory.stderr, /--memory got "12 parsecs"/);
  });
});

it('says that no engine answers, in one line', async () => {
  const { code, stderr } = await runCli(['run', 'functracer/hello'], { env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } });
  expect(code).toBe(2);
  expectOneLineError(stderr, /no Docker engine answers at unix:\/\/\/nonexistent\/docker\.sock/);
});

it('says what DOCKER_HOST should look like when it is no address at all', async () => {
  for (const value of ['foo bar', 'http//x']) {
    const { code, stderr } = await runCli(['run', 'functracer/hello'], { env: { DOCKER_HOST: value } });
    expect({ value, code }).toEqual({ value, code: 2 });
    expectOneLineError(stderr, /DOCKER_HOST is ".*", which is not an engine address\. Set it to unix:\/\/\/var\/run\/docker\.sock/);
  }
});

it('prints the stack trace only with --debug', async () => {
  const { stderr } = await runCli(['--debug', 'run', 'functracer/hello'], { env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } });
  expect(stderr).toMatch(/^\s+at /m);
});
