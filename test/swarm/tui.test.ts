import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../support/cli.js';
import type { TestSwarm } from '../support/swarm.js';
import { TmuxTerminal } from '../e2e/tmux.js';
import { noContainersLeft, probeServices, swarmWithSamples } from './support.js';

/** The multi-run screen through the test swarm, in a real 80×24 terminal: the setting, the runs, each run's node. */
describe('the TUI runs a multi-run on a swarm', () => {
  let swarm: TestSwarm;
  let terminal: TmuxTerminal | undefined;
  const folders: string[] = [];
  const tempDir = (name: string) => {
    folders.push(fs.mkdtempSync(path.join(os.tmpdir(), `functracer-swarm-tui-${name}-`)));
    return folders.at(-1)!;
  };
  beforeAll(async () => {
    swarm = await swarmWithSamples(['functracer/memshape']);
  });
  afterEach(async () => {
    await terminal?.kill();
    terminal = undefined;
  });
  afterAll(async () => {
    for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    await swarm?.remove();
  });

  it('"Multi-runs run on: swarm" sends m\'s runs to the nodes, and the table names each run\'s node', async () => {
    const cwd = tempDir('cwd');
    const tui = new TmuxTerminal('swarm-tui');
    terminal = tui;
    // The TUI's engine is the manager's: the trace it opens from runs there, the multi-run on the nodes.
    await tui.start([process.execPath, CLI], { cwd, env: { FUNCTRACER_CONFIG_DIR: tempDir('config'), DOCKER_HOST: swarm.managerHost } });
    await tui.waitFor((s) => s.includes('engine: ready') && s.includes('functracer/memshape'), 30_000, 'the image list');
    await tui.keys('/');
    await tui.type('functracer/memshape');
    await tui.keys('Enter');
    await tui.waitFor((s) => s.includes('Images (1)'), 5000, 'memshape alone in the list');
    await tui.keys('Tab', 'Tab', 'j', 'j', 'Enter', 'C-u');
    await tui.type('0:50 32:300 0:50');
    await tui.keys('Enter');
    await tui.waitFor((s) => s.includes('32:300 0:50') && !s.includes('Enter saves'), 5000, 'the edited arguments');
    await tui.keys('Tab', 'Tab', 'Enter');
    await tui.waitFor((s) => s.includes('Max memory usage') && s.includes('m multi'), 60_000, 'the report');

    // The setting, on the cost screen's form: the fifth row.
    await tui.keys('c');
    await tui.waitFor((s) => s.includes('functracer · cost'), 10_000, 'the cost screen');
    await tui.keys('Tab', 'j', 'j', 'j', 'j');
    await tui.waitFor((s) => s.includes('› Multi-runs run on'), 5000, 'the setting selected');
    await tui.keys('Enter', 'C-u');
    await tui.type(`swarm ${swarm.registry}`);
    await tui.keys('Enter');
    await tui.waitFor((s) => s.includes(`swarm, registry ${swarm.registry}`) && !s.includes('Enter saves'), 5000, 'the setting saved');
    await tui.keys('Escape');
    await tui.waitFor((s) => s.includes('functracer · trace') && s.includes('m multi'), 5000, 'the trace screen again');

    await tui.keys('m');
    await tui.waitFor((s) => s.includes('functracer · multi-run') && s.includes('N = ‹ 5 ›'), 10_000, 'the multi-run screen');
    await tui.keys('2', 'Enter');
    const table = await tui.waitFor((s) => s.includes('statistics over 2 runs'), 240_000, 'two runs on the swarm');
    expect(table).toMatch(/cost \$ +net \$ node/);
    const nodes = [...table.matchAll(/^[ ›] [12] +[\d,]+\.\d +3\d .* (\S+)$/gm)].map((m) => m[1]);
    expect(nodes).toHaveLength(2);
    // One run a node: the two runs went to the two nodes.
    expect(new Set(nodes).size).toBe(2);
    for (const line of table.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);

    await tui.keys('Escape');
    await tui.waitFor((s) => s.includes('functracer · trace'), 5000, 'the trace screen again');
    await tui.keys('q');
    await tui.waitForExit(30_000);
    expect(await probeServices(swarm)).toBe(0);
    await noContainersLeft(swarm);
    const records = fs.readdirSync(path.join(cwd, 'traces')).filter((f) => f.endsWith('-run.json'));
    const noded = records.map((f) => (JSON.parse(fs.readFileSync(path.join(cwd, 'traces', f), 'utf8')) as { node?: string }).node);
    // The trace made on the manager's engine, and the two runs each naming its node.
    expect(noded.filter(Boolean)).toHaveLength(2);
  }, 300_000);
});
