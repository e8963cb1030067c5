import { hangingWrap, wrapWords } from '../core/text-width.js';
import type { Check, CheckState } from '../ops/doctor.js';

const MARK: Record<CheckState, string> = { ok: '✓', missing: '✘', note: '!' };
const NAME_WIDTH = 15;

/** Each check on a line with its fix, then the answer: ready, or what is missing and, as `root` or not, the command that installs it. */
export function formatDoctor(checks: readonly Check[], width: number, root: boolean): string {
  const indent = ' '.repeat(NAME_WIDTH + 2);
  const lines = checks.flatMap((check) => [
    ...hangingWrap(`${MARK[check.state]} ${check.name.padEnd(NAME_WIDTH)} `, check.detail, width),
    ...(check.fix && check.state !== 'ok' ? hangingWrap(`${indent} fix: `, check.fix, width) : []),
  ]);
  return [...lines, '', ...summary(checks, width, root)].join('\n');
}

/** The last lines answer the question: ready or not, and the one command that installs every missing package. */
function summary(checks: readonly Check[], width: number, root: boolean): string[] {
  const missing = checks.filter((c) => c.state === 'missing');
  if (missing.length === 0) return wrapWords('Ready. Try: functracer run functracer/memshape 0:100 64:300 16:200', width, '  ');
  const packages = [...new Set(missing.flatMap((c) => (c.debPackage ? [c.debPackage] : [])))];
  const sudo = root ? '' : 'sudo ';
  return [
    `${missing.length} missing: ${missing.map((c) => c.name).join(', ')}.`,
    ...(packages.length > 1 ? wrapWords(`All the packages at once: ${sudo}apt-get install -y ${packages.join(' ')}`, width, '  ') : []),
  ];
}
