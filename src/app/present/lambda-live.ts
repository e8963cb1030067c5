import { formatInvokeReport } from '../../report/invoke-report.js';
import type { LambdaSnapshot, PhaseMark } from '../invoke-session.js';

/** The marks of the container the chart shows: the newest. */
export function currentMarks(lambda: LambdaSnapshot): PhaseMark[] {
  const container = lambda.marks.at(-1)?.container;
  return lambda.marks.filter((mark) => mark.container === container);
}

const answeredOf = (marks: readonly PhaseMark[]) => marks.filter((m) => m.name === 'idle' && m.outcome === 'response').length;
const failedOf = (marks: readonly PhaseMark[]) => marks.filter((m) => m.name === 'idle' && m.outcome && m.outcome !== 'response').length;

/**
 * The header's words for an invoked function: the phase in course (init, invocation N of M, idle) and how many
 * invocations were answered, live from the marks; at the end, from the session's figures, as its report counts them.
 */
export function lambdaStatus(lambda: LambdaSnapshot, status: string, running: boolean): string {
  const of = lambda.invocations;
  if (lambda.result) {
    const answered = lambda.result.invocations.filter((i) => i.outcome === 'response').length;
    return `${status} · ${answered} of ${of} answered`;
  }
  const last = lambda.marks.at(-1);
  if (!running || !last) return status;
  const phase = last.name === 'invoke' ? `invocation ${last.invocation} of ${of}` : last.name;
  const failed = failedOf(lambda.marks);
  return `${phase} · ${answeredOf(lambda.marks)} of ${of} answered${failed > 0 ? `, ${failed} failed` : ''}`;
}

/** Under the chart while the session goes: each init and invocation so far, and how each ended; the figures come at the end. */
export function liveLines(lambda: LambdaSnapshot): string[] {
  const { marks } = lambda;
  const ends = new Map(marks.flatMap((m) => (m.name === 'idle' && m.invocation !== undefined ? [[m.invocation, m.outcome]] : [])));
  const lines = ['   #  start  result (Duration and Max Memory Used at the end)'];
  // A container's first invocation is its cold one.
  const warm = new Set<number>();
  marks.forEach((mark, i) => {
    const newest = i === marks.length - 1;
    if (mark.name === 'init') lines.push(`init         ${newest ? 'in course' : 'done'}`);
    if (mark.name !== 'invoke') return;
    const cold = !warm.has(mark.container);
    warm.add(mark.container);
    const outcome = ends.get(mark.invocation!) ?? (newest ? 'in course' : '');
    lines.push(`${String(mark.invocation).padStart(4)}  ${cold ? 'cold' : 'warm'}   ${outcome}`);
  });
  return lines;
}

/** The report once the session ended: `functracer invoke`'s own, line by line, so the screen and the CLI never disagree. */
export function lambdaReportLines(lambda: LambdaSnapshot, width: number): string[] {
  return lambda.result ? formatInvokeReport(lambda.result, width, lambda.prices ?? null).split('\n') : liveLines(lambda);
}
