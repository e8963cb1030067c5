import { describe, expect, it } from 'vitest';
import { Trace } from '../../src/core/trace.js';
import { MIB } from '../../src/core/units.js';
import { plotTrace, sparkline, sparklineTopMb } from '../../src/app/present/chart.js';
import { timeAxis, traceColumns as chartSeries } from '../../src/core/ascii-chart.js';
import { billingCanvas, billingLegend } from '../../src/app/present/billing.js';
import { costTable } from '../../src/report/cost-rows.js';
import { keyBar } from '../../src/app/present/key-bar.js';
import { moveSelection, visibleRange } from '../../src/app/present/list-window.js';
import { imageRows } from '../../src/app/present/image-rows.js';
import { fit, fitStart } from '../../src/report/fit.js';
import type { CostEntry } from '../../src/ops/price-result.js';
import { memshapeTrace, sampleStatuses } from '../components/support/fakes.js';

describe('chart', () => {
  it('keeps a one-sample spike when 100,000 samples are squeezed into 80 columns', () => {
    const trace = new Trace();
    for (let t = 0; t < 100_000; t++) trace.append(t, (t === 61_234 ? 200 : 16) * MIB, 0);
    const series = chartSeries(trace, 80, 100_000);
    expect(series).toHaveLength(80);
    expect(Math.max(...series)).toBe(200);
    expect(series.filter((mb) => mb === 200)).toHaveLength(1);
    const lines = plotTrace(trace, { width: 80, height: 10, toMs: 100_000, color: false });
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatch(/^ +200\.0 [┤┼].*[╭╮│]/);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('grows from the left while the run is young; a gap in the sampling takes the next sample, its window peak', () => {
    const trace = new Trace();
    trace.append(0, 10 * MIB, 0);
    trace.append(200, 20 * MIB, 0);
    const series = chartSeries(trace, 50, 1000);
    // Samples up to 200 ms of a 1 s axis fill the first fifth of the columns; the 20 MB sample is the peak of
    // its window since the one before, so it covers the whole gap rather than the 10 MB before it.
    expect(series).toHaveLength(11);
    expect(series[0]).toBe(10);
    expect(series.slice(1).every((mb) => mb === 20)).toBe(true);
  });

  it('fills the columns of a sampler gap on the billing canvas and the sparkline, at the next sample', () => {
    // 1 kHz with a 30 ms gap before a 60 MiB sample, as a busy host leaves; 16 MiB elsewhere.
    const trace = new Trace();
    for (let t = 0; t < 950; t++) if (t <= 400 || t >= 430) trace.append(t, (t === 430 ? 60 : 16) * MIB, 0);
    const facts = { provider: 'aws-lambda-2020', durationMs: 950, billedMs: 1000, usedMb: 60, allocatedMb: 128 };
    const lines = billingCanvas(trace, facts, 200, 8);
    const bottom = [...lines[7]!.slice(lines[7]!.indexOf('┤') + 1)];
    const ran = [...lines[1]!.slice(lines[1]!.indexOf('┤') + 1)].indexOf('┆');
    // Every column up to the run's end has a bar: none is left blank in the gap.
    expect(bottom.slice(0, ran).every((cell) => cell !== ' ' && cell !== '╌')).toBe(true);
    // The gap's columns stand at the 60 MiB of the sample after it: as tall as that sample's own column.
    const heights = lines.slice(0, 8).map((line) => [...line.slice(line.indexOf('┤') + 1)]);
    const tall = (x: number) => heights.filter((row) => row[x] === '█').length;
    const gap = Array.from({ length: ran }, (_, x) => x).filter((x) => tall(x) >= 3);
    expect(gap.length).toBeGreaterThanOrEqual(4);
    expect(sparkline(trace, 200, 2000)).not.toMatch(/\S +\S/);
  });

  it('labels the time axis in seconds under the plot', () => {
    const axis = timeAxis(71, 12_500);
    expect(axis).toMatch(/^ {8}└0 s +6\.25 s +12\.5 s$/);
    expect([...axis].length).toBe(80);
  });

  it('labels a run shorter than a second in ms, with decimals enough to tell the labels apart', () => {
    expect(timeAxis(71, 4)).toMatch(/^ {8}└0 ms +2 ms +4 ms$/);
    expect(timeAxis(71, 1)).toMatch(/^ {8}└0 ms +0\.5 ms +1\.0 ms$/);
    expect(timeAxis(71, 470)).toMatch(/^ {8}└0 ms +235 ms +470 ms$/);
    expect(timeAxis(71, 999)).toMatch(/└0 ms +500 ms +999 ms$/);
    expect(timeAxis(71, 1000)).toMatch(/└0 s +0\.50 s +1\.00 s$/);
  });

  it('gives the y labels the decimals a tall chart of a small run needs, so neighbours differ', () => {
    // Under 1 MB on a 120×40 terminal: one decimal read 0.9, 0.9, 0.7, 0.7.
    const trace = new Trace();
    for (let t = 0; t < 1000; t++) trace.append(t, (0.2 + 0.75 * Math.sin(t / 300) ** 2) * MIB, 0);
    for (const rows of [10, 20, 38]) {
      const labels = plotTrace(trace, { width: 120, height: rows, toMs: 1000, color: false })
        .slice(0, -1)
        .map((line) => line.slice(0, 7).trim())
        .filter(Boolean);
      expect(labels.length, `${rows} rows`).toBeGreaterThanOrEqual(rows - 2);
      for (let i = 1; i < labels.length; i++) expect(labels[i], `${rows} rows: ${labels.join(', ')}`).not.toBe(labels[i - 1]);
    }
    // Whole MB charts keep their one decimal.
    expect(plotTrace(memshapeTrace(), { width: 80, height: 10, toMs: 1000, color: false })[0]).toMatch(/^ +128\.0 /);
  });

  it("draws a sparkline of the last two seconds against the run's scale, not the window's", () => {
    // 16 MiB with a 128 MiB spike at 3.9 s: the scale is 200 MB, the spike most of it, the rest low.
    const spiked = memshapeTrace(4000, 3900);
    expect(sparklineTopMb(spiked)).toBe(200);
    const line = sparkline(spiked, 20);
    expect([...line]).toHaveLength(20);
    expect(line).toContain('▅');
    expect(line.replace('▅', '')).toMatch(/^▂+$/);
    // A flat 16 MiB tail after the spike stays at the bottom instead of filling the line.
    const tail = memshapeTrace(4000, 500);
    expect(sparkline(tail, 20)).toMatch(/^▂+$/);
    expect(sparklineTopMb(tail)).toBe(200);
  });

  it('rounds the sparkline scale up to 1, 2 or 5 × 10ⁿ MB', () => {
    const flat = (mb: number) => {
      const trace = new Trace();
      trace.append(0, mb * MIB, 0);
      return trace;
    };
    expect([0.3, 1, 1.5, 16, 50, 51, 730].map((mb) => sparklineTopMb(flat(mb)))).toEqual([0.5, 1, 2, 20, 50, 100, 1000]);
  });
});

describe('billing canvas', () => {
  const facts = { provider: 'aws-lambda-2020', durationMs: 950, billedMs: 1000, usedMb: 97, allocatedMb: 128 };

  it('draws allocated and billed solid, used and ran dashed, inside the width', () => {
    // 16 MiB with a 97 MiB spike: the used line runs through the spike's top.
    const trace = new Trace();
    for (let t = 0; t < 950; t++) trace.append(t, (t === 400 ? 97 : 16) * MIB, 0);
    const lines = billingCanvas(trace, facts, 60, 6);
    expect(lines).toHaveLength(8);
    expect(lines[0]).toMatch(/^ {2}128 MB┤─+│$/);
    // Measured memory in MiB, the provider's tier in MB, as each names it.
    expect(lines.some((line) => line.startsWith('  97 MiB┤') && line.includes('╌'))).toBe(true);
    // The run's end is dashed over empty cells; the trace's own bars stay on top of it.
    expect(lines.slice(1, 5).every((line) => line.includes('┆'))).toBe(true);
    expect(lines.at(-1)).toContain('ran 950 ms ┆ billed 1,000 ms │');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(60);
    expect(billingLegend(facts, 100)).toBe('aws-lambda-2020: ─ allocated 128 MB  ╌ used 97 MiB  ┆ ran 950 ms  │ billed 1,000 ms');
  });

  it('keeps every mark of the legend in a narrow terminal, dropping the figures the canvas shows anyway', () => {
    const long = { provider: 'cloud-run-functions', durationMs: 12_345, billedMs: 12_400, usedMb: 1_000, allocatedMb: 1_024 };
    expect(billingLegend(long, 78)).toBe('cloud-run-functions: ─ allocated 1,024 MB  ╌ used 1,000 MiB  ┆ ran  │ billed');
    expect(billingLegend(long, 60)).toBe('cloud-run-functions: ─ allocated  ╌ used  ┆ ran  │ billed');
    for (const width of [30, 50, 78, 120]) expect([...billingLegend(long, width)].length).toBeLessThanOrEqual(width);
  });
});

describe('cost table', () => {
  const entries = [
    {
      provider: 'aws-lambda-x86',
      model: 'wall',
      requests: 1e6,
      usedMb: 129,
      allocatedMb: 129,
      billedDurationMs: 990,
      totalCost: 2.28,
      netCost: 2.28,
      overheadCost: 0,
      wastedMemoryPct: 0,
      wastedTimePct: 0.1,
      wastedMs: 1,
      wastedMb: 0,
    },
    { provider: 'cloudflare-workers', error: '129 MB is more than cloudflare-workers allows' },
  ] as CostEntry[];

  it('keeps as many columns as fit, and explains providers that cannot host the run', () => {
    const wide = costTable(entries, 120);
    expect(wide.header).toMatch(/provider +total +MB used\/alloc +billed ms +overhead +\+mem +\+time +net/);
    expect(wide.rows[0]!.text).toMatch(/^aws-lambda-x86 +\$2\.28 +129\/129 +990 +\$0\.00 +\+0\.0% +\+0\.1% +\$2\.28$/);
    expect(wide.rows[1]).toEqual({
      provider: 'cloudflare-workers',
      text: expect.stringContaining('cannot host this run: 129 MB'),
      error: true,
    });
    const narrow = costTable(entries, 50);
    expect(narrow.header).not.toContain('overhead');
    expect(narrow.rows[0]!.text.length).toBeLessThanOrEqual(50);
  });
});

describe('key bar and lists', () => {
  it('tightens before it drops a key, and always keeps help and quit', () => {
    const hints = [
      { key: '↑↓', label: 'move' },
      { key: 'Enter', label: 'trace' },
      { key: '/', label: 'filter' },
      { key: '?', label: 'help' },
      { key: 'q', label: 'quit' },
    ];
    expect(keyBar(hints, 80)).toBe('↑↓ move  Enter trace  / filter  ? help  q quit');
    expect(keyBar(hints, 42)).toBe('↑↓ move Enter trace / filter ? help q quit');
    expect(keyBar(hints, 32)).toBe('↑↓ move Enter trace / filter ? q');
    // Past that a hint goes, and help says there is more than the bar shows.
    expect(keyBar(hints, 30)).toBe('↑↓ move Enter trace ? more q');
    expect(keyBar(hints, 20)).toBe('↑↓ move ? more q');
    // `? more` keeps its word when the bar tightens: it is what says a key is missing.
    expect(keyBar([...hints.slice(0, 3), { key: '?', label: 'more' }, hints[4]!], 37)).toBe('↑↓ move Enter trace / filter ? more q');
  });

  it('scrolls a list only as far as the selection needs', () => {
    expect(visibleRange(100, 0, 10)).toEqual({ start: 0, end: 10 });
    expect(visibleRange(100, 15, 10)).toEqual({ start: 6, end: 16 });
    expect(visibleRange(5, 4, 10)).toEqual({ start: 0, end: 5 });
    expect(moveSelection(0, -1, 5)).toBe(0);
    expect(moveSelection(4, 1, 5)).toBe(4);
  });

  it('lists samples before local images, filtered and sorted the same way', () => {
    const local = [
      { ref: 'alpine:3.20', sizeBytes: 8 * MIB, createdMs: 1 },
      { ref: 'busybox:latest', sizeBytes: 2 * MIB, createdMs: 2 },
    ];
    const rows = imageRows(sampleStatuses(['functracer/resize']), local, '', 'newest');
    expect(rows.map((r) => r.ref).slice(-2)).toEqual(['busybox:latest', 'alpine:3.20']);
    expect(rows.find((r) => r.ref === 'functracer/resize')?.state).toBe('missing');
    expect(imageRows(undefined, [], 'gzip', 'name').map((r) => r.ref)).toEqual(['functracer/compress']);
    expect(imageRows(undefined, [], '', 'name').every((r) => r.state === 'unknown')).toBe(true);
  });

  it('cuts text to the width, keeping the end of paths', () => {
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(fitStart('/a/long/path/ref-data', 10)).toBe('…/ref-data');
  });
});
