/* eslint-disable no-control-regex -- these tests check terminal escape sequences, which are control characters */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSamples } from '../../src/tracer/samples/builder.js';
import { runCli } from '../support/cli.js';
import { describeWithEngine, engineForTests } from '../support/engine.js';
import { parseSvg } from '../support/svg.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/traces');
const OURS = path.join(FIXTURES, 'plot-memshape-rawresults.csv');
const ORIGINAL = path.join(FIXTURES, 'plot-original-rawresults.csv');
const MALFORMED = path.join(FIXTURES, 'plot-malformed-rawresults.csv');
const docker = await engineForTests();

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-plot-'));
});

/** The SVG parses, and its size and legend; the PNG is a PNG twice that size. */
async function checkPicture(files: { svg: string; png: string }, legend: string[]): Promise<string[]> {
  const svg = parseSvg(fs.readFileSync(files.svg, 'utf8'));
  expect(svg.root.tag).toBe('svg');
  const width = Number(svg.root.width);
  const height = Number(svg.root.height);
  expect(width).toBeGreaterThan(400);
  expect(height).toBeGreaterThan(200);
  for (const text of ['time (s)', 'memory (MiB)', 'series', ...legend]) expect(svg.texts).toContain(text);
  const png = await sharp(fs.readFileSync(files.png)).metadata();
  expect(png.format).toBe('png');
  expect(png.width).toBe(width * 2);
  expect(png.height).toBe(height * 2);
  return svg.texts;
}

describe('functracer plot', () => {
  it('draws both trace formats with the hull, upscaling hull and billing canvas to SVG and PNG', async () => {
    const out = path.join(dir, 'pictures', 'plot.svg');
    const { code, stdout, stderr } = await runCli([
      'plot',
      OURS,
      ORIGINAL,
      '--hull',
      '--uhull',
      '--canvas',
      'aws-lambda-2020',
      '--out',
      out,
      '--title',
      'Two traces',
    ]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const files = { svg: out, png: path.join(dir, 'pictures', 'plot.png') };
    expect(stdout.trim()).toBe(`Wrote ${files.svg} and ${files.png}`);
    const texts = await checkPicture(files, ['plot-memshape', 'plot-original', 'hull', 'upscaling hull', 'Two traces']);
    // The memshape fixture peaks at 90 MiB: 90 MiB used, a 128 MB tier, 2,031 ms billed as 2,100.
    expect(texts).toContain('aws-lambda-2020: 128 MB, 2.1 s billed');
    expect(texts).toContain('used: 90 MiB, 2.031 s');
  });

  it('writes the SVG beside a PNG named with --out, and prints JSON when asked', async () => {
    const out = path.join(dir, 'one.png');
    const { code, stdout } = await runCli(['plot', ORIGINAL, '--out', out, '--json']);
    expect(code).toBe(0);
    const files = JSON.parse(stdout) as { plot: { svg: string; png: string } };
    expect(files.plot).toEqual({ svg: path.join(dir, 'one.svg'), png: out });
    await checkPicture(files.plot, ['plot-original', 'Memory of plot-original']);
  });

  it('draws a title and a trace name with control characters in them, shown as the terminal shows them', async () => {
    const odd = path.join(dir, 'odd\u001b[31mname-rawresults.csv');
    fs.copyFileSync(ORIGINAL, odd);
    const out = path.join(dir, 'odd.svg');
    const { code, stderr } = await runCli(['plot', odd, '--out', out, '--title', '\u001b]0;PWNED\u0007 red']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    await checkPicture({ svg: out, png: path.join(dir, 'odd.png') }, ['^[]0;PWNED^G red', 'odd^[[31mname']);
    expect(fs.readFileSync(out, 'utf8')).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });

  it('draws in the terminal with asciichart without --out', async () => {
    const { code, stdout } = await runCli(['plot', OURS, '--hull', '--canvas', 'aws-lambda-2020']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Memory of plot-memshape');
    expect(stdout).toMatch(/^ +\d+\.\d ┤/m);
    expect(stdout).toMatch(/─── plot-memshape$/m);
    expect(stdout).toMatch(/━━━ hull$/m);
    expect(stdout).toMatch(/┄┄┄ aws-lambda-2020: 128 MB, 1\.3 s billed$/m);
    // Not a terminal here: 80 columns, and no colour codes in a pipe.
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    expect(stdout).not.toMatch(/\x1b/);
  });

  it('fits the terminal drawing to COLUMNS, as every text output does', async () => {
    const { code, stdout } = await runCli(['plot', OURS, '--hull'], { env: { COLUMNS: '50' } });
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(50);
    expect(Math.max(...lines.map((line) => [...line].length))).toBeGreaterThan(40);
  });

  it('refuses bad input in one line with exit code 2', async () => {
    const underFile = path.join(ORIGINAL, 'plot.svg');
    const cases: [string[], RegExp][] = [
      [
        ['plot', MALFORMED, '--out', path.join(dir, 'x.svg')],
        /plot-malformed-rawresults\.csv line 3 has the bytes lots, which is not a memory size/,
      ],
      [['plot', path.join(dir, 'missing.csv')], /cannot read the trace .*missing\.csv: no such file/],
      [['plot', dir], /cannot read the trace .*: it is a folder/],
      [
        ['plot', ORIGINAL, '--out', '/proc/nope/plot.svg'],
        /cannot write the picture \/proc\/nope\/plot\.svg: no such file or folder \(ENOENT\)/,
      ],
      [
        ['plot', ORIGINAL, '--out', underFile],
        /cannot write the picture .*plot-original-rawresults\.csv\/plot\.svg: a file stands where a folder should be \(ENOTDIR\)/,
      ],
      [['plot', ORIGINAL, '--out', path.join(dir, 'plot.pdf')], /--out got ".*plot\.pdf", which does not end in \.svg or \.png/],
      [['plot', ORIGINAL, '--canvas', 'nowhere'], /unknown provider "nowhere"/],
      [['plot', ORIGINAL, '--uhull', '--lookahead', '-1'], /--lookahead got "-1"/],
      [['plot'], /missing required argument 'files'/],
      // Flags that would change nothing are refused rather than ignored.
      [['plot', ORIGINAL, '--json'], /--json names the files --out writes.* Add --out plot\.svg, or drop --json$/],
      [['plot', ORIGINAL, '--step', '0.2'], /--step shapes the hulls, and none is drawn\. Add --hull or --uhull$/],
    ];
    for (const [args, pattern] of cases) {
      const { code, stdout, stderr } = await runCli(args);
      expect({ args, code, stdout }).toEqual({ args, code: 2, stdout: '' });
      const lines = stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^functracer: /);
      expect(lines[0]).toMatch(pattern);
    }
    expect(fs.existsSync(path.join(dir, 'x.svg'))).toBe(false);
  });

  it('hull and plot refuse the same bad hull flag with the same line', async () => {
    const cases: [string[], string][] = [
      [['--buffer', '-5'], '--buffer got "-5", which is not a non-negative number. Give --buffer a value such as 10'],
      [['--buffer', 'lots'], '--buffer got "lots", which is not a non-negative number. Give --buffer a value such as 10'],
      [['--lookahead', '1.5'], '--lookahead got "1.5", which is not a non-negative integer. Give --lookahead a value such as 2'],
      [['--step', '0'], '--step got "0", which is not a positive number. Give --step a value such as 0.1'],
      [['--step', '0.0001'], '--step got "0.0001", which is not a number from 0.001 to 3,600. Give --step a value such as 0.1'],
      [['--step', '0.0015'], '--step got "0.0015", which is not a whole number of milliseconds. Give --step a value such as 0.1'],
    ];
    for (const [flag, line] of cases) {
      const hull = await runCli(['hull', '--from', ORIGINAL, '--out', path.join(dir, 'bad-flags'), ...flag]);
      const plot = await runCli(['plot', ORIGINAL, '--uhull', ...flag]);
      expect({ flag, hull: [hull.code, hull.stderr], plot: [plot.code, plot.stderr] }).toEqual({
        flag,
        hull: [2, `functracer: ${line}\n`],
        plot: [2, `functracer: ${line}\n`],
      });
    }
    expect(fs.existsSync(path.join(dir, 'bad-flags'))).toBe(false);
  });

  it('draws the upscaling hull as hull writes it, floored at the engine minimum of 6 MB', async () => {
    const tiny = path.join(dir, 'tiny-rawresults.csv');
    fs.writeFileSync(tiny, '12:00:00.000,0\n12:00:00.100,1048576\n12:00:00.200,2097152\n12:00:00.300,1048576\n12:00:00.400,0\n');
    const plain = await runCli(['plot', tiny]);
    const floored = await runCli(['plot', tiny, '--uhull']);
    expect([plain.code, floored.code]).toEqual([0, 0]);
    const top = (text: string) => Number(/^ +([\d.]+) [┼┤]/m.exec(text)?.[1]);
    expect(top(plain.stdout)).toBe(2);
    expect(top(floored.stdout)).toBe(6);
    const out = fs.mkdtempSync(path.join(dir, 'tiny-hull-'));
    expect((await runCli(['hull', '--from', tiny, '--out', out])).code).toBe(0);
    expect(Math.min(...Object.values(JSON.parse(fs.readFileSync(path.join(out, 'uhull.json'), 'utf8')) as number[]).slice(0, -1))).toBe(6);
  });

  it('hull --from --plot writes hull-plot.svg and .png beside hull.json', async () => {
    const out = path.join(dir, 'hull');
    const { code, stdout } = await runCli(['hull', '--from', OURS, ORIGINAL, '--out', out, '--plot', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { plot: { svg: string; png: string } };
    expect(report.plot).toEqual({ svg: path.join(out, 'hull-plot.svg'), png: path.join(out, 'hull-plot.png') });
    await checkPicture(report.plot, ['plot-memshape', 'plot-original', 'hull', 'upscaling hull']);
    const text = await runCli(['hull', '--from', OURS, '--out', out, '--plot']);
    expect(text.stdout).toContain(`Plot: ${report.plot.svg}\n  and ${report.plot.png}`);
  });
});

describeWithEngine('multi --plot on the real engine', docker, (docker) => {
  beforeAll(async () => {
    await buildSamples(docker, { names: ['functracer/memshape'] });
  });

  it('overlays every run on the billing canvas in <name>-plot.svg and .png', async () => {
    const out = path.join(dir, 'multi');
    const { code, stdout } = await runCli(['multi', '-n', '2', '--plot', '--json', '--out', out, 'functracer/memshape', '0:50', '24:150']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { dat: string; plot: { svg: string; png: string } };
    expect(report.plot.svg).toBe(report.dat.replace(/-results\.dat$/, '-plot.svg'));
    expect(report.plot.png).toBe(report.dat.replace(/-results\.dat$/, '-plot.png'));
    const texts = await checkPicture(report.plot, ['run 1', 'run 2']);
    expect(texts.some((t) => /^aws-lambda-2020: 128 MB, 0\.3 s billed$/.test(t))).toBe(true);
  });
});
