import { hullSchedule, type Hull } from './hull.js';
import { downsampleMinMax, type Trace } from './trace.js';
import { MIB } from './units.js';

export interface PlotTrace {
  name: string;
  trace: Trace;
  /** From the start row to the finish row, so the line can close at 0 as the raw file does. */
  durationMs: number;
}

/** The provider's billing canvas: what is billed, and (dashed) what the run used. */
export interface BillingCanvas {
  provider: string;
  allocatedMb: number;
  billedDurationMs: number;
  usedMb: number;
  durationMs: number;
}

export interface PlotInput {
  title: string;
  traces: readonly PlotTrace[];
  /** A limit column this high means the container had none (the recorder writes the host's memory there), so no limit line is drawn. */
  noLimitBytes?: number;
  hull?: Hull;
  uhull?: Hull;
  canvas?: BillingCanvas;
}

export type SeriesKind = 'trace' | 'limit' | 'hull' | 'canvas';

export interface SeriesStyle {
  name: string;
  kind: SeriesKind;
  color: string;
  dashed: boolean;
}

/** One vertex of a line; `i` keeps the drawing order where a canvas line doubles back. */
export interface PlotPoint {
  series: string;
  /** Which line the vertex is on: one legend entry can hold many (all traces past 8, every limit). */
  line: string;
  kind: SeriesKind;
  t: number;
  mb: number;
  i: number;
}

// Tableau 10 without its red and grey, which the upscaling hull and the canvas use.
const TRACE_COLORS = ['#4e79a7', '#f28e2b', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f'];
/** Past this many traces, colours would repeat; the traces are drawn alike under one entry, as the original did. */
const MOST_COLORED_TRACES = TRACE_COLORS.length;
const GROUP_COLOR = '#9aa5b1';
const LIMIT_COLOR = '#b0b0b0';
export const HULL = 'hull';
export const UHULL = 'upscaling hull';
export const LIMIT = 'memory limit';
const seconds = (ms: number) => Number((ms / 1000).toFixed(3));

/** Whether the traces share one neutral legend entry. */
export function tracesGrouped(input: PlotInput): boolean {
  return input.traces.length > MOST_COLORED_TRACES;
}

/** The limit in force at each sample that had one, or undefined where the trace has no limit to show. */
export function limitSteps(t: PlotTrace, noLimitBytes = Infinity): [number, number][] | undefined {
  const steps: [number, number][] = [];
  for (let i = 0; i < t.trace.length; i++) {
    const limit = t.trace.limitAt(i);
    if (!(limit > 0 && limit < noLimitBytes)) continue;
    if (steps.at(-1)?.[1] !== limit / MIB) steps.push([t.trace.timeAt(i), limit / MIB]);
  }
  if (steps.length === 0) return undefined;
  steps.push([Math.max(t.durationMs, t.trace.lastTime ?? 0), steps.at(-1)![1]]);
  return steps;
}

/** Legend names and styles, shared by the SVG and the terminal chart so both say the same. */
export function seriesStyles(input: PlotInput): SeriesStyle[] {
  return traceStyles(input).concat(otherStyles(input));
}

/** One style a trace, in order; past 8 traces, one style they all share. */
function traceStyles(input: PlotInput): SeriesStyle[] {
  if (tracesGrouped(input)) return [{ name: `${input.traces.length} traces`, kind: 'trace', color: GROUP_COLOR, dashed: false }];
  // A trace file called hull.csv must not share its legend entry with the hull.
  const seen = new Map<string, number>([HULL, UHULL, LIMIT].map((name) => [name, 1]));
  return input.traces.map((t, i) => {
    const count = (seen.get(t.name) ?? 0) + 1;
    seen.set(t.name, count);
    return { name: count > 1 ? `${t.name} (${count})` : t.name, kind: 'trace', color: TRACE_COLORS[i]!, dashed: false };
  });
}

function otherStyles(input: PlotInput): SeriesStyle[] {
  const styles: SeriesStyle[] = [];
  if (input.traces.some((t) => limitSteps(t, input.noLimitBytes)))
    styles.push({ name: LIMIT, kind: 'limit', color: LIMIT_COLOR, dashed: false });
  if (input.hull) styles.push({ name: HULL, kind: 'hull', color: '#222222', dashed: false });
  if (input.uhull) styles.push({ name: UHULL, kind: 'hull', color: '#e15759', dashed: false });
  const c = input.canvas;
  if (c) {
    styles.push({
      name: `${c.provider}: ${c.allocatedMb} MB, ${seconds(c.billedDurationMs)} s billed`,
      kind: 'canvas',
      color: '#7f7f7f',
      dashed: false,
    });
    styles.push({ name: `used: ${c.usedMb} MiB, ${seconds(c.durationMs)} s`, kind: 'canvas', color: '#7f7f7f', dashed: true });
  }
  return styles;
}

/**
 * Every line as points in seconds and MB. A trace longer than `maxPoints` keeps
 * the lowest and highest sample of each time bucket, so a 1 ms spike in a
 * 100 s trace still reaches its height.
 */
export function plotPoints(input: PlotInput, maxPoints = 2000): PlotPoint[] {
  const styles = seriesStyles(input);
  const byName = (name: string) => styles.find((st) => st.name === name)!;
  const traceStyle = (n: number) => styles[tracesGrouped(input) ? 0 : n]!;
  const points: PlotPoint[] = [];
  const add = (style: SeriesStyle, line: string, vertices: [number, number][]) =>
    vertices.forEach(([ms, mb], i) => points.push({ series: style.name, line, kind: style.kind, t: seconds(ms), mb, i }));
  input.traces.forEach((t, n) => add(traceStyle(n), `trace ${n + 1}`, traceVertices(t, maxPoints)));
  input.traces.forEach((t, n) => {
    const steps = limitSteps(t, input.noLimitBytes);
    if (steps) add(byName(LIMIT), `limit ${n + 1}`, steps);
  });
  if (input.hull) add(byName(HULL), HULL, hullVertices(input.hull, maxPoints));
  if (input.uhull) add(byName(UHULL), UHULL, hullVertices(input.uhull, maxPoints));
  const c = input.canvas;
  if (c) {
    const [allocated, used] = styles.filter((st) => st.kind === 'canvas');
    add(allocated!, 'allocated', [
      [0, c.allocatedMb],
      [c.billedDurationMs, c.allocatedMb],
      [c.billedDurationMs, 0],
    ]);
    add(used!, 'used', [
      [0, c.usedMb],
      [c.durationMs, c.usedMb],
      [c.durationMs, 0],
    ]);
  }
  return points;
}

function traceVertices({ trace, durationMs }: PlotTrace, maxPoints: number): [number, number][] {
  const end = Math.max(durationMs, trace.lastTime ?? 0);
  const vertices: [number, number][] = [[0, 0]];
  if (trace.length <= maxPoints) {
    // Each sample is the peak of the window since the one before: after a gap in the sampling, its height
    // holds over the whole gap, so the line steps up (or down) where the gap starts instead of sloping across it.
    const gap = 2 * typicalInterval(trace);
    for (let i = 0; i < trace.length; i++) {
      const mb = trace.bytesAt(i) / MIB;
      if (i > 0 && trace.timeAt(i) - trace.timeAt(i - 1) > gap) vertices.push([trace.timeAt(i - 1), mb]);
      vertices.push([trace.timeAt(i), mb]);
    }
  } else {
    const buckets = Math.max(1, Math.floor(maxPoints / 2));
    const { min, max } = downsampleMinMax(trace, buckets, 0, end);
    let gapFrom: number | undefined;
    for (let b = 0; b < buckets; b++) {
      const at = ((b + 0.5) / buckets) * end;
      if (Number.isNaN(max[b]!)) {
        gapFrom ??= vertices.at(-1)![0];
        continue;
      }
      // Buckets no sample fell in belong to the next sample's window, which holds their peak.
      if (gapFrom !== undefined) vertices.push([gapFrom, max[b]! / MIB]);
      gapFrom = undefined;
      vertices.push([at, min[b]! / MIB], [at, max[b]! / MIB]);
    }
  }
  vertices.push([end, 0]);
  return vertices;
}

/** The usual time between samples (their median), so that a gap can be told from the sampler's own pace. */
function typicalInterval(trace: Trace): number {
  if (trace.length < 2) return Infinity;
  const steps = Array.from({ length: trace.length - 1 }, (_, i) => trace.timeAt(i + 1) - trace.timeAt(i)).sort((a, b) => a - b);
  return steps[Math.floor(steps.length / 2)]!;
}

/** Steps where each bucket's allocation starts; a hull finer than maxPoints keeps each group's maximum. */
function hullVertices(hull: Hull, maxPoints: number): [number, number][] {
  const steps = hullSchedule(hull);
  const last = steps.pop();
  const group = Math.max(1, Math.ceil(steps.length / maxPoints));
  const vertices: [number, number][] = [];
  for (let i = 0; i < steps.length; i += group) {
    const slice = steps.slice(i, i + group);
    vertices.push([slice[0]!.atMs, Math.max(...slice.map((s) => s.mb))]);
  }
  // The closing step is kept apart so grouping never hides the drop to 0 at the end.
  if (last) vertices.push([last.atMs, last.mb]);
  return vertices;
}

/** The right end of the time axis, in ms. */
export function plotEndMs(input: PlotInput): number {
  const ends = input.traces.map((t) => Math.max(t.durationMs, t.trace.lastTime ?? 0));
  for (const hull of [input.hull, input.uhull]) if (hull) ends.push((hull.buckets.at(-1) ?? 0) * hull.stepMs);
  if (input.canvas) ends.push(input.canvas.billedDurationMs, input.canvas.durationMs);
  return Math.max(1, ...ends);
}
