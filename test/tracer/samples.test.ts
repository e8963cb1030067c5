import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sampleJpeg } from '../../src/core/sample-jpeg.js';
import { FUNCTRACER_LABEL } from '../../src/tracer/labels.js';
import { buildSamples, listSampleStatus } from '../../src/tracer/samples/builder.js';
import { SAMPLE_FUNCTIONS } from '../../src/tracer/samples/catalog.js';
import { planRootfs } from '../../src/tracer/samples/rootfs.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';
import { runToCompletion } from '../support/run-container.js';

const docker = await engineForTests();
const scratch: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'functracer-samples-test-'));
  scratch.push(dir);
  return dir;
}
afterEach(() => scratch.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('sample root filesystems', () => {
  it('are the same bytes every time, so images of one kind share a layer', async () => {
    const digest = async () => {
      const hash = createHash('sha256');
      for await (const chunk of (await planRootfs('busybox')).stream()) hash.update(chunk as Buffer);
      return hash.digest('hex');
    };
    expect(await digest()).toBe(await digest());
  });
});

describeWithEngine('sample images on the engine', docker, (docker) => {
  beforeAll(async () => {
    await buildSamples(docker);
  }, 300_000);

  it('are all built, current and labelled functracer=sample, but for those built on demand', async () => {
    const statuses = await listSampleStatus(docker);
    const everyBuild = (s: { onDemand?: string }) => s.onDemand === undefined;
    expect(statuses.filter((s) => everyBuild(s.sample)).map((s) => [s.sample.name, s.built, s.stale])).toEqual(
      SAMPLE_FUNCTIONS.filter(everyBuild).map((s) => [s.name, true, false]),
    );
    // One built on demand is left alone until asked for, then kept current with the rest.
    expect(statuses.filter((s) => s.built && s.stale)).toEqual([]);
    for (const status of statuses.filter((s) => s.built)) {
      const info = await docker.getImage(status.image).inspect();
      expect(info.Config.Labels?.[FUNCTRACER_LABEL]).toBe('sample');
    }
  });

  it('hello prints a line and exits 0', async () => {
    const run = await runToCompletion(docker, 'functracer/hello', []);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/hello/i);
  });

  it('sleep 1 runs for at least a second', async () => {
    const run = await runToCompletion(docker, 'functracer/sleep', ['1']);
    expect(run.exitCode).toBe(0);
    // Docker stamps StartedAt once runc's start returns, when the process has already run for a moment (tens of ms
    // on a busy host), so a run of exactly a second can measure a little under it.
    expect(run.runMs).toBeGreaterThanOrEqual(900);
  });

  it('resize writes a smaller copy beside the input', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'in.jpg'), sampleJpeg({ fileName: 'in.jpg', width: 640, height: 480, seed: 9 }));
    const run = await runToCompletion(docker, 'functracer/resize', ['in.jpg', '50%'], [`${dir}:/d`]);
    expect(run, run.stderr).toMatchObject({ exitCode: 0 });
    const out = jpeg.decode(readFileSync(join(dir, 'in-50.jpg')));
    expect([out.width, out.height]).toEqual([320, 240]);
  });

  it('monochrome writes a grey copy', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'in.jpg'), sampleJpeg({ fileName: 'in.jpg', width: 320, height: 240, seed: 4 }));
    const run = await runToCompletion(docker, 'functracer/monochrome', ['in.jpg', 'Gray'], [`${dir}:/d`]);
    expect(run, run.stderr).toMatchObject({ exitCode: 0 });
    const out = jpeg.decode(readFileSync(join(dir, 'in-Gray.jpg')), { useTArray: true });
    expect([out.width, out.height]).toEqual([320, 240]);
    const [r, g, b] = [out.data[4000], out.data[4001], out.data[4002]];
    expect(r).toBe(g);
    expect(g).toBe(b);
  });

  it('compress gzips every file under the mounted directory', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'a.txt'), 'functracer '.repeat(1000));
    writeFileSync(join(dir, 'sub', 'b.txt'), 'memory '.repeat(1000));
    const run = await runToCompletion(docker, 'functracer/compress', [], [`${dir}:/d`]);
    expect(run, run.stderr).toMatchObject({ exitCode: 0 });
    expect(existsSync(join(dir, 'a.txt'))).toBe(false);
    expect(gunzipSync(readFileSync(join(dir, 'a.txt.gz'))).toString()).toBe('functracer '.repeat(1000));
    expect(gunzipSync(readFileSync(join(dir, 'sub', 'b.txt.gz'))).toString()).toBe('memory '.repeat(1000));
  });

  it('memshape runs a short shape silently and exits 0', async () => {
    const run = await runToCompletion(docker, 'functracer/memshape', ['8:50', '32:50', '0:10']);
    expect(run).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(run.runMs).toBeGreaterThanOrEqual(110);
  });

  it('memshape exits with the code exit:N asks for, and talks only with -v', async () => {
    expect((await runToCompletion(docker, 'functracer/memshape', ['4:10', 'exit:3'])).exitCode).toBe(3);
    const verbose = await runToCompletion(docker, 'functracer/memshape', ['-v', '4:10']);
    expect(verbose.stdout).toMatch(/4 MiB reached/);
  });

  it('memshape refuses a malformed step with exit 2', async () => {
    const run = await runToCompletion(docker, 'functracer/memshape', ['64MB:10']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/MiB must be a whole number/);
  });
});
