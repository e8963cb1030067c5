/**
 * TUI benchmark: time to the first frame, ms per frame for a 100,000-sample
 * trace at 80 columns, key latency while a 1 kHz trace runs, and the TUI's
 * samples/s next to `run --json`. Prints figures; it does not pass or fail.
 * Longer than most files because it is four measurements, each with its harness.
 */
import { execFile } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { render } from 'ink';
import { createElement } from 'react';
import { App } from '../../components/App.js';
import { createShell } from '../../src/app/screens/shell/shell.js';
import { LiveTraceScreen } from '../../components/screens/LiveTraceScreen.js';
import { createAppServices } from '../../src/app/create-services.js';
import { createTrace } from '../../src/app/screens/trace/actions.js';
import { TUI_RENDER_OPTIONS } from '../../src/app/tui.js';
import { DEFAULT_SETTINGS } from '../../src/app/settings.js';
import { openSettings } from '../../src/app/settings-store.js';
import { Trace } from '../../src/core/trace.js';
import { MIB } from '../../src/core/units.js';
import { connectEngine } from '../../src/tracer/engine.js';
import { buildSamples } from '../../src/tracer/samples/builder.js';
import { TmuxTerminal } from '../e2e/tmux.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const CLI = path.join(ROOT, 'dist/src/cli.js');
const SHAPE = ['0:100', '64:4000', '16:2000', '0:100'];
const TEMP_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-bench-tui-'));
process.on('exit', () => fs.rmSync(TEMP_ROOT, { recursive: true, force: true }));
const tmp = (name: string) => fs.mkdtempSync(path.join(TEMP_ROOT, `${name}-`));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;

/** Loaded with --import into the TUI's own process: notes when the first frame is written, in ms since that process started. */
const PROBE_CODE = `import fs from 'node:fs';
const write = process.stdout.write.bind(process.stdout);
let done = false;
process.stdout.write = (chunk, ...rest) => {
  if (!done && String(chunk).includes('functracer ·')) {
    done = true;
    fs.writeFileSync(process.env.FT_FIRST_FRAME, String(performance.now()));
  }
  return write(chunk, ...rest);
};`;
const PROBE = `data:text/javascript,${encodeURIComponent(PROBE_CODE)}`;

async function firstFrame(label: string, argv: string[]): Promise<Record<string, string>> {
  const probe = [];
  const seen = [];
  for (let i = 0; i < 5; i++) {
    const out = path.join(tmp('ff'), 'first-frame');
    const tui = new TmuxTerminal(`ff${i}`);
    const started = performance.now();
    await tui.start([process.execPath, '--import', PROBE, ...argv], {
      cwd: ROOT,
      env: { FT_FIRST_FRAME: out, FUNCTRACER_CONFIG_DIR: tmp('cfg') },
    });
    await tui.waitFor((s) => s.includes('functracer ·'), 10_000, 'the first frame');
    seen.push(performance.now() - started);
    for (let t = 0; t < 100 && !fs.existsSync(out); t++) await sleep(10);
    probe.push(Number(fs.readFileSync(out, 'utf8')));
    await tui.keys('q');
    await sleep(300);
    await tui.kill();
  }
  return {
    measure: `first frame, ${label}`,
    median: `${median(probe).toFixed(0)} ms after process start`,
    spread: `${Math.min(...probe).toFixed(0)}–${Math.max(...probe).toFixed(0)} ms`,
    'seen in tmux': `${median(seen).toFixed(0)} ms`,
  };
}

/** 100,000 samples (100 s at 1 kHz) with a one-sample spike, drawn at 80×24 as a live run and as a finished one. */
function frameTimes(): Record<string, string>[] {
  const trace = new Trace();
  for (let t = 0; t < 100_000; t++) trace.append(t, (t === 61_234 ? 200 : 16 + (t % 1000) / 100) * MIB, 8192 * MIB);
  const rows: Record<string, string>[] = [];
  for (const ended of [false, true]) {
    const source = {
      rerunnable: false,
      subscribe: () => () => {},
      start: () => {},
      stop: async () => {},
      getSnapshot: () => ({
        phase: ended ? ('recorded' as const) : ('running' as const),
        title: 'bench',
        trace,
        samples: trace.length,
        status: 'bench',
        durationMs: 100_000,
      }),
    };
    const stdout = fakeStdout();
    // A model with new settings each time makes every rerender a full redraw of chart, sparkline and billing.
    const view = (n: number) => {
      const settings = { ...DEFAULT_SETTINGS, requestsPerMonth: 1_000_000 + n };
      const model = createTrace({ settings: { get: () => settings, subscribe: () => () => {} } }, source);
      return createElement(LiveTraceScreen, { model, width: 80, height: 22, color: true, active: true });
    };
    const ink = render(view(0), {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: fakeStdin() as unknown as NodeJS.ReadStream,
      debug: true,
      patchConsole: false,
      exitOnCtrlC: false,
    });
    const times: number[] = [];
    for (let i = 1; i <= 60; i++) {
      const started = performance.now();
      ink.rerender(view(i));
      times.push(performance.now() - started);
    }
    ink.unmount();
    rows.push({
      measure: `frame, 100,000 samples, 80×24, ${ended ? 'report' : 'live chart + billing'}`,
      median: `${median(times.slice(10)).toFixed(2)} ms`,
      spread: `p95 ${pct(times.slice(10), 0.95).toFixed(2)} ms`,
      'seen in tmux': '',
    });
  }
  return rows;
}

/** A terminal for Ink in this process: 80×24, TTY, every write timestamped. */
function fakeStdout() {
  const out = Object.assign(new EventEmitter(), { columns: 80, rows: 24, isTTY: true, frames: [] as { at: number; text: string }[] });
  return Object.assign(out, { write: (chunk: string) => (out.frames.push({ at: performance.now(), text: String(chunk) }), true) });
}

function fakeStdin() {
  const stdin = Object.assign(new EventEmitter(), { isTTY: true, data: null as string | null });
  return Object.assign(stdin, {
    setRawMode: () => {},
    setEncoding: () => {},
    resume: () => {},
    pause: () => {},
    ref: () => {},
    unref: () => {},
    read: () => {
      const data = stdin.data;
      stdin.data = null;
      return data;
    },
    write: (data: string) => {
      stdin.data = data;
      stdin.emit('readable');
    },
  });
}

/**
 * The whole TUI in this process, on the real engine: memshape traced from the
 * keyboard, then ? pressed every 150 ms while it samples at 1 kHz; latency is
 * from the key to the first write showing (or hiding) the help. Afterwards the
 * screen's own samples/s.
 */
async function keysWhileTracing(): Promise<{ latencies: number[]; samplesPerSecond: number }> {
  const cwd = tmp('tui');
  const stdout = fakeStdout();
  const stdin = fakeStdin();
  const services = createAppServices(openSettings(tmp('cfg')), cwd);
  const ink = render(createElement(App, { shell: createShell(services), color: true }), {
    ...TUI_RENDER_OPTIONS,
    patchConsole: false,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
  });
  const exited = ink.waitUntilExit();
  // Ink writes a frame in one chunk, between control sequences of its own.
  const screen = () => [...stdout.frames].reverse().find((f) => f.text.includes('functracer ·'))?.text ?? '';
  const waitFor = async (check: (s: string) => boolean, ms = 20_000) => {
    for (const until = Date.now() + ms; Date.now() < until; await sleep(10))
      if (
        check(
          stdout.frames
            .map((f) => f.text)
            .slice(-3)
            .join(''),
        )
      )
        return;
    throw new Error(`timed out; last frame:\n${screen()}`);
  };
  const type = async (...keys: string[]) => {
    for (const key of keys) {
      stdin.write(key);
      await sleep(40);
    }
  };
  await waitFor((s) => s.includes('engine: ready') && s.includes('functracer/memshape'));
  for (let i = 0; i < 12 && !stdout.frames.slice(-3).some((f) => f.text.includes('› functracer/memshape')); i++) await type('j');
  await type('\t', '\t', 'j', 'j', '\r', '\x15', SHAPE.join(' '), '\r', '\t', '\t', '\r');
  await waitFor((s) => s.includes('running') && s.includes('┤'));
  const latencies: number[] = [];
  for (let i = 0; i < 24 && !screen().includes('finished'); i++) {
    const want = i % 2 === 0 ? (s: string) => s.includes('Help ·') : (s: string) => s.includes('x stop');
    const from = stdout.frames.length;
    const pressed = performance.now();
    stdin.write(i % 2 === 0 ? '?' : '\x1b');
    for (let t = 0; t < 200; t++) {
      const hit = stdout.frames.slice(from).find((f) => want(f.text));
      if (hit) {
        latencies.push(hit.at - pressed);
        break;
      }
      await sleep(2);
    }
    await sleep(150);
  }
  await waitFor((s) => s.includes('finished') && s.includes('samples,'), 30_000);
  const samplesPerSecond = Number(/samples, ([\d,]+)\/s/.exec(screen())?.[1]?.replace(/,/g, '') ?? NaN);
  await type('q');
  await exited;
  return { latencies, samplesPerSecond };
}

async function runJson(): Promise<number> {
  const { stdout } = await promisify(execFile)(process.execPath, [
    CLI,
    'run',
    '--json',
    '--out',
    tmp('json'),
    'functracer/memshape',
    ...SHAPE,
  ]);
  return (JSON.parse(stdout) as { samplesPerSecond: number }).samplesPerSecond;
}

await buildSamples(await connectEngine(), { names: ['functracer/memshape'] });
const table: Record<string, string>[] = [];
table.push(await firstFrame('functracer (the CLI)', [CLI]));
table.push(
  await firstFrame('the TUI module alone', [
    '--input-type=module',
    '-e',
    `const { openTui } = await import(${JSON.stringify(path.join(ROOT, 'dist/src/app/tui.js'))}); await openTui();`,
  ]),
);
table.push(...frameTimes());
const { latencies, samplesPerSecond } = await keysWhileTracing();
table.push({
  measure: `key latency while sampling at 1 kHz (${latencies.length} presses)`,
  median: `${median(latencies).toFixed(1)} ms`,
  spread: `p95 ${pct(latencies, 0.95).toFixed(1)}, max ${Math.max(...latencies).toFixed(1)} ms`,
  'seen in tmux': '',
});
const json = await runJson();
table.push({
  measure: `samples/s, memshape ${SHAPE.join(' ')}`,
  median: `TUI ${samplesPerSecond.toFixed(0)}/s`,
  spread: `run --json ${json.toFixed(0)}/s`,
  'seen in tmux': '',
});
console.log(
  `load average ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')} on ${os.cpus().length} CPUs`,
);
console.table(table);
