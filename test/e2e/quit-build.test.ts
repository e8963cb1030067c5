import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { buildSamples } from '../../src/tracer/samples/builder.js';
import { SAMPLE_FUNCTIONS } from '../../src/tracer/samples/catalog.js';
import { CLI, spawnCli } from '../support/cli.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';
import { waitFor } from '../support/leftovers.js';
import { PrivateEngine } from '../support/private-engine.js';
import { TmuxTerminal, watched } from './tmux.js';

// The shared engine only says whether engine tests run here; the builds go to a dockerd of the test's own,
// so removing functracer/resize never takes it from a test running beside this one.
const shared = await engineForTests();
const engine = new PrivateEngine();
let docker: Docker;
let terminal: TmuxTerminal | undefined;
const folders: string[] = [];
const tempDir = (name: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `functracer-quit-build-${name}-`));
  folders.push(dir);
  return dir;
};

afterEach(async () => {
  await terminal?.kill();
  terminal = undefined;
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

afterAll(async () => {
  await engine.remove();
});

/**
 * What the engine holds: every image (dangling ones included) and every layer its layer database refers to.
 * A folder under overlay2 that the database does not name is not counted: the engine can leave one when an
 * upload is cut at the instant it registers the layer, no API request can reach or remove it, and it holds no
 * image (moby/moby#45939: orphan overlay2 layers that prune cannot reach). It is reported, so a run that leaves
 * one says so.
 */
async function holdings(): Promise<{ images: string[]; layers: string[] }> {
  const images = (await docker.listImages({ all: true })).map((i) => `${i.Id} ${(i.RepoTags ?? []).join(',')}`).sort();
  const known = knownLayerFolders();
  // The samples built beforehand have layers: an empty set would mean the database moved, not that it is empty.
  if (known.size === 0) throw new Error(`no layer database found beside ${engine.layerDir}`);
  const orphans = fs.readdirSync(engine.layerDir).filter((name) => name !== 'l' && !known.has(name));
  if (orphans.length > 0) console.warn(`quit-build: overlay2 folders no layer refers to: ${orphans.join(' ')}`);
  return { images, layers: [...known].sort() };
}

/** The overlay2 folders the engine's layer database names: the cache of each layer, the mounts of each container. */
function knownLayerFolders(): Set<string> {
  const db = path.join(engine.layerDir, '..', 'image', 'overlay2', 'layerdb');
  const read = (dir: string, files: string[]) =>
    (fs.existsSync(dir) ? fs.readdirSync(dir) : []).flatMap((entry) =>
      files.flatMap((file) => {
        const target = path.join(dir, entry, file);
        return fs.existsSync(target) ? [fs.readFileSync(target, 'utf8').trim()] : [];
      }),
    );
  return new Set([...read(path.join(db, 'sha256'), ['cache-id']), ...read(path.join(db, 'mounts'), ['mount-id', 'init-id'])]);
}

/**
 * What the engine holds once it has surely finished with the cancelled upload: the daemon is stopped (no request
 * of it is in flight any more) and started again on the same data, so what it lists is what it kept.
 */
async function holdingsAfterRestart(): Promise<{ images: string[]; layers: string[] }> {
  await engine.stop();
  docker = await engine.start();
  return holdings();
}

describeWithEngine('a quit while sample images are being built', shared, () => {
  beforeAll(async () => {
    docker = await engine.start();
    // Every sample but resize, which each test then has to build (and is stopped building).
    const others = SAMPLE_FUNCTIONS.map((s) => s.name).filter((name) => name !== 'functracer/resize');
    await buildSamples(docker, { names: others });
  }, 300_000);

  for (const stop of ['q', 'closed terminal'] as const) {
    it(`${stop} while functracer/resize is imported: exits at once, cleanly, and the engine keeps nothing of it`, async () => {
      const before = await holdings();
      const cwd = tempDir('cwd');
      const files = { CODE_FILE: path.join(cwd, 'exit-code'), ERR_FILE: path.join(cwd, 'stderr') };
      const tui = new TmuxTerminal(`quit-build-${stop === 'q' ? 'q' : 'closed'}`);
      terminal = tui;
      const env = { FUNCTRACER_CONFIG_DIR: tempDir('config'), DOCKER_HOST: engine.dockerHost, ...files };
      await tui.start(watched([process.execPath, CLI]), { cwd, env });
      await tui.waitFor((s) => /functracer\/resize +importing/.test(s), 60_000, 'the resize image importing');
      const stopped = Date.now();
      if (stop === 'q') await tui.keys('q');
      else await tui.closeSession();
      const code = await waitFor(
        () => (fs.existsSync(files.CODE_FILE) ? fs.readFileSync(files.CODE_FILE, 'utf8').trim() : undefined),
        10_000,
      );
      const took = Date.now() - stopped;
      const stderr = fs.readFileSync(files.ERR_FILE, 'utf8');
      expect(stderr).not.toMatch(/Error|Assertion|at \S+ \(/);
      expect(code, stderr).toBe(stop === 'q' ? '0' : '129');
      expect(took).toBeLessThan(1000);
      expect(await holdingsAfterRestart()).toEqual(before);
      expect(await docker.listImages({ filters: { reference: ['functracer/resize'] } })).toHaveLength(0);
    }, 120_000);
  }

  it('samples build in a terminal, Ctrl-C during the import: its last frame, then one line that fits beside the echoed ^C, exit 130', async () => {
    const before = await holdings();
    const cwd = tempDir('cwd');
    const files = { CODE_FILE: path.join(cwd, 'exit-code'), ERR_FILE: '/dev/stderr' };
    const tui = new TmuxTerminal('quit-build-ctrl-c');
    terminal = tui;
    await tui.start(watched([process.execPath, CLI, 'samples', 'build', 'resize']), {
      cwd,
      env: { DOCKER_HOST: engine.dockerHost, ...files },
    });
    await tui.waitFor((s) => /functracer\/resize +importing/.test(s), 60_000, 'the resize image importing');
    await tui.keys('C-c');
    const code = await waitFor(
      () => (fs.existsSync(files.CODE_FILE) ? fs.readFileSync(files.CODE_FILE, 'utf8').trim() : undefined),
      10_000,
    );
    expect(code).toBe('130');
    const lines = (await tui.scrollback()).trimEnd().split('\n');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    expect(lines.slice(-2)).toEqual([
      'functracer: stopped building the sample images on SIGINT. Nothing half-built was',
      '  kept; functracer builds what is missing next time',
    ]);
    expect(await holdingsAfterRestart()).toEqual(before);
  }, 120_000);

  for (const signal of ['SIGINT', 'SIGHUP'] as const) {
    it(`samples build on ${signal} during the import: one line, exit ${signal === 'SIGINT' ? 130 : 129}, nothing half-built kept`, async () => {
      const before = await holdings();
      const child = spawnCli(['samples', 'build', 'resize'], { env: { DOCKER_HOST: engine.dockerHost } });
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      await waitFor(() => (/functracer\/resize: importing/.test(stdout) ? true : undefined), 60_000);
      child.kill(signal);
      expect(await exited).toBe(signal === 'SIGINT' ? 130 : 129);
      expect(stderr).toBe(
        `functracer: stopped building the sample images on ${signal}. Nothing half-built was kept; functracer builds what is missing next time\n`,
      );
      expect(await holdingsAfterRestart()).toEqual(before);
    }, 120_000);
  }

  it('samples build whose reader goes away (`| head -3`) stops as on SIGHUP: exit 129, nothing half-built kept', async () => {
    const before = await holdings();
    const child = spawnCli(['samples', 'build', 'resize'], { env: { DOCKER_HOST: engine.dockerHost } });
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await waitFor(() => (/functracer\/resize: importing/.test(stdout) ? true : undefined), 60_000);
    // The reader closes its end: the next progress line meets EPIPE.
    child.stdout!.destroy();
    expect(await exited).toBe(129);
    expect(await holdingsAfterRestart()).toEqual(before);
  }, 120_000);
});
