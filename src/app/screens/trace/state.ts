import type { CostEntry } from '../../../ops/price-result.js';
import type { BillingFacts } from '../../present/billing.js';
import { lambdaReportLines } from '../../present/lambda-live.js';
import { reportLines } from '../../present/report.js';
import { billingFor, priceSnapshot, snapshotDurationMs } from '../../screen-pricing.js';
import type { Settings } from '../../settings.js';
import type { SessionSnapshot } from '../../trace-session.js';
import type { ExportState } from '../../export-state.js';

export type LowerView = 'billing' | 'report';

/** What pricing the screen draws reads of the settings. */
export type TracePricing = Pick<Settings, 'provider' | 'requestsPerMonth' | 'freeTier'>;

export interface TraceSize {
  width: number;
  height: number;
}

/**
 * What the screen was given, fixed when it opens. Keys that depend on it are left out of the table, not turned
 * off, so help lists only keys that can work here.
 */
export interface TraceCan {
  rerun: boolean;
  back: boolean;
  cost: boolean;
  /** m, h and p: the run can be made again (the route has an offer). */
  again: boolean;
  export: boolean;
}

/** The trace screen: the run as the source last said (at most 20 times a second), and what the keys chose. */
export interface TraceState {
  /** The screen of `functracer run`: no App around it, no report (it prints its own), q stops the run. */
  standalone: boolean;
  can: TraceCan;
  /** h and p train and tune on the engine: offered only while it is ready. */
  engineReady: boolean;
  snapshot: SessionSnapshot;
  pricing: TracePricing;
  /** The screen's size as last drawn: scrolling the report is clamped to it. */
  size: TraceSize;
  /** Report or billing canvas, as Tab chose; until then, whichever suits the phase. */
  chosen?: LowerView;
  /** First report line shown. */
  scroll: number;
  exported: ExportState;
  /** Where functracer started: the export's paths are shown short against it. */
  cwd: string;
}

export function initialTrace(options: {
  snapshot: SessionSnapshot;
  pricing: TracePricing;
  can: TraceCan;
  standalone: boolean;
  engineReady: boolean;
  cwd: string;
}): TraceState {
  return { ...options, size: { width: 80, height: 22 }, scroll: 0, exported: { phase: 'idle' } };
}

export const traceRunning = (s: TraceState) => s.snapshot.phase === 'running';
/** An invoked function's session: its report is the invocations', and it has no single run to bill. */
const traceInvoked = (s: TraceState) => s.snapshot.lambda !== undefined;
/** Billed per invocation (an invoked function's session, or its trace read back): no single run's bill to draw. */
export const tracePerInvocation = (s: TraceState) => traceInvoked(s) || s.snapshot.record?.lambda !== undefined;
/** Whether the trace can be priced now: an invoked function's session once it has its result (ended or stopped). */
export const tracePriceable = (s: TraceState) => !traceInvoked(s) || s.snapshot.lambda?.result !== undefined;
export const traceEnded = (s: TraceState) => s.snapshot.phase === 'finished' || s.snapshot.phase === 'recorded';

/** `functracer run` prints the report itself once its screen closes: its screen keeps the billing canvas. */
export function lowerPane(s: TraceState): LowerView {
  if (tracePerInvocation(s)) return 'report';
  return s.chosen ?? (traceEnded(s) && !s.standalone ? 'report' : 'billing');
}

/** Rows for the chart (with its axis) and for the pane under it, from the screen's height. */
export function traceRows(height: number): { chart: number; lower: number } {
  const available = Math.max(6, height - 4);
  const chart = Math.max(3, Math.floor(available / 2));
  return { chart, lower: available - chart };
}

/** Report lines a page of the pane shows (its first row is the title). */
export const traceReportPage = (s: TraceState) => traceRows(s.size.height).lower - 1;

/** What the run would cost on each provider; an invoked function is billed per invocation, which its report gives. */
export const traceCost = (s: TraceState): CostEntry[] => (traceInvoked(s) ? [] : priceSnapshot(s.snapshot, s.pricing));

export function traceReport(s: TraceState, cost = traceCost(s)): string[] {
  if (s.standalone) return [];
  const { lambda } = s.snapshot;
  if (!lambda) return reportLines(s.snapshot, cost, s.size.width - 2);
  const lines = lambdaReportLines(lambda, s.size.width - 2);
  // While it goes, the newest invocations are the ones to see.
  return lambda.result ? lines : lines.slice(-traceReportPage(s));
}

/** The chosen provider's billing for the canvas, once there is a sample to bill. */
export function traceBilling(s: TraceState, cost = traceCost(s)): BillingFacts | undefined {
  return s.snapshot.samples > 0 && !tracePerInvocation(s)
    ? billingFor(cost, s.pricing.provider, snapshotDurationMs(s.snapshot))
    : undefined;
}
