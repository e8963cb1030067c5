/** What each guest brought back, judged against what its kind of host must do. */
import fs from 'node:fs';
import path from 'node:path';
import type { BootOutcome } from './boot-guest.js';
import type { Target } from './recipes.js';

interface Leftovers {
  containers: string[];
  cgroups: string[];
}

interface ScenarioResult {
  scenario: string;
  user?: string;
  kernel?: string;
  cgroup?: string;
  engine?: { name: string; version: string; driver: string };
  run?: {
    sampler: string;
    samplesPerSecond: number;
    firstSampleLatencyMs: number | null;
    peakSource: string;
    peakMiB: number;
    spikesCaught: number;
    spikes: number;
    notes?: string[];
  };
  autotune?: { exitCode?: number; oomKilled?: boolean; updates?: { outcome: string; setMb: number }[]; error?: string };
  interrupted?: { code: number | null; closedTrace: boolean };
  invoke?: {
    exitCode?: number;
    network?: string;
    networkWhy?: string;
    apiAddress?: string;
    sampler?: string;
    notes?: string[];
    inits?: number;
    invocations?: { askedMiB: number; peakMiB: number | null; cold: boolean; outcome: string }[];
    error?: string;
  };
  afterRun?: Leftovers;
  afterAutotune?: Leftovers;
  afterInvoke?: Leftovers;
  afterInterrupt?: Leftovers;
  error?: string;
}

export interface GuestReport {
  guest: string;
  title: string;
  minutes: number;
  bootSeconds: number;
  scenarios: ScenarioResult[];
  vitest?: { rc: number; summary: string };
  failures: string[];
}

function readJson(file: string): ScenarioResult | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as ScenarioResult;
  } catch {
    return undefined;
  }
}

function checkScenario(recipe: Target, result: ScenarioResult): string[] {
  const failures: string[] = [];
  const fail = (what: string) => failures.push(`${result.scenario}: ${what}`);
  if (result.error) fail(result.error);
  if (result.run) {
    if (result.run.sampler !== 'cgroup') fail(`sampled with ${result.run.sampler}, not the cgroup files`);
    // Where the mark only rises (an old kernel, or no right to reset it), only the first of equal spikes is certain.
    const saysRising = result.run.notes?.some((note) => note.includes('cannot be reset')) ?? false;
    const need = saysRising ? 1 : result.run.spikes;
    if (result.run.spikesCaught < need) fail(`caught ${result.run.spikesCaught} of ${result.run.spikes} spikes (needs ${need})`);
    // Reset or only rising, the peak is a mark the kernel kept, never the highest of instant reads.
    if (result.run.peakSource !== 'kernel') fail(`the peak came from ${result.run.peakSource} samples, not the kernel's mark`);
    // Each engine and layout's path is predicted before the start; a wrong one is mended late, and says so.
    const moved = result.run.notes?.find((note) => note.includes('as expected: sampling began'));
    if (moved) fail(moved);
    if (recipe.spikes === 'new-highs' && !saysRising) fail('the report does not say the mark cannot be reset here');
    if (recipe.spikes === 'all' && result.user === 'root' && saysRising) fail('root could not reset the mark on a kernel that allows it');
  } else if (!result.error) fail('no run');
  failures.push(...invokeFailures(result));
  if (recipe.autotune === 'refused') {
    // An engine without the update route must say so in one line, never "hit a bug".
    if (!/cannot change a running container's memory limit/.test(result.autotune?.error ?? ''))
      fail(`autotuning should be refused clearly, got: ${result.autotune?.error ?? 'a run'}`);
    return failures.concat(leftoversIn(result));
  }
  if (result.autotune?.error) fail(`autotuned run: ${result.autotune.error}`);
  if (result.autotune?.oomKilled) fail('the autotuned run was OOM-killed');
  const changed = result.autotune?.updates?.filter((u) => u.outcome !== 'refused').length ?? 0;
  if (result.autotune && !result.autotune.error && changed === 0) fail('the autotuned run never changed its limit');
  return failures.concat(leftoversIn(result));
}

/**
 * The C runtime served three events: one init, the first invocation cold, each answered, and each invocation's peak
 * the kernel's mark over it alone (what it asked for plus the runtime's few MiB). Where the mark cannot be reset, a
 * phase's peak is as sampled or the mark so far: only the largest ask is then certain.
 */
function invokeFailures(result: ScenarioResult): string[] {
  const invoke = result.invoke;
  if (!invoke) return result.error ? [] : [`${result.scenario}: no invoke`];
  const fail = (what: string) => [`${result.scenario}: invoke: ${what}`];
  if (invoke.error) return fail(invoke.error);
  if (invoke.exitCode !== 0) return fail(`exit ${invoke.exitCode}`);
  const invocations = invoke.invocations ?? [];
  const failures: string[] = [];
  // A default Docker install has a bridge: invoke must take it there, and reach the API through it.
  if (result.engine?.name === 'docker' && invoke.network !== 'bridge')
    failures.push(...fail(`ran on the ${invoke.network} network (${invoke.networkWhy}), not the bridge`));
  if (invoke.sampler !== 'cgroup') failures.push(...fail(`sampled with ${invoke.sampler}, not the cgroup files`));
  if (invoke.inits !== 1 || invocations.length !== 3 || !invocations[0]?.cold || invocations.slice(1).some((i) => i.cold))
    failures.push(...fail(`expected one init and 3 invocations, the first cold: ${JSON.stringify(invocations)}`));
  const rising = invoke.notes?.some((note) => note.includes('cannot be reset')) ?? false;
  for (const i of invocations) {
    if (i.outcome !== 'response') failures.push(...fail(`an invocation ended in ${i.outcome}`));
    const exact = i.peakMiB !== null && i.peakMiB >= i.askedMiB && i.peakMiB < i.askedMiB + 8;
    const certain = !rising || i.askedMiB === Math.max(...invocations.map((j) => j.askedMiB));
    if (certain && !exact) failures.push(...fail(`asked for ${i.askedMiB} MiB, peaked at ${i.peakMiB ?? 'n/a'} MiB`));
  }
  return failures;
}

/** The invocations' peaks against what each asked, MiB: `16→16.5 64→64.7 32→32.5`. */
function invokeLine(invoke: NonNullable<ScenarioResult['invoke']>): string {
  if (invoke.error) return 'failed';
  const peaks = (invoke.invocations ?? []).map((i) => `${i.askedMiB}→${i.peakMiB ?? 'n/a'}`).join(' ');
  return `${invoke.inits ?? 0} init, MiB asked→peak ${peaks} (${invoke.sampler ?? '?'}, ${invoke.network ?? '?'} network)`;
}

function leftoversIn(result: ScenarioResult): string[] {
  const failures: string[] = [];
  if (result.interrupted && result.interrupted.code !== 130)
    failures.push(`${result.scenario}: SIGINT run exited ${result.interrupted.code}, not 130`);
  if (result.interrupted && !result.interrupted.closedTrace)
    failures.push(`${result.scenario}: SIGINT run left its trace without a finish row`);
  for (const step of ['afterRun', 'afterAutotune', 'afterInvoke', 'afterInterrupt'] as const) {
    const left = result[step];
    if (left && left.containers.length + left.cgroups.length > 0)
      failures.push(`${result.scenario}: ${step}: left ${[...left.containers, ...left.cgroups].join(', ')}`);
  }
  return failures;
}

export function judge(recipe: Target, exchange: string, boot: BootOutcome): GuestReport {
  const failures: string[] = [];
  if (boot.timedOut) failures.push(`did not power off within the time limit (${boot.seconds.toFixed(0)} s)`);
  const scenarios: ScenarioResult[] = [];
  for (const scenario of recipe.scenarios) {
    const result = readJson(path.join(exchange, `result-${scenario}.json`));
    if (!result) failures.push(`${scenario}: brought back no result (see ${path.join(exchange, 'guest.log')})`);
    else {
      scenarios.push(result);
      failures.push(...checkScenario(recipe, result));
    }
  }
  let vitest: GuestReport['vitest'];
  const rcFile = path.join(exchange, 'vitest-docker-root.rc');
  if (fs.existsSync(path.join(exchange, 'vitest'))) {
    const logFile = path.join(exchange, 'vitest-docker-root.log');
    const text = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
    // eslint-disable-next-line no-control-regex
    const plain = text.replace(/\x1b\[[0-9;]*m/g, '');
    const summary = plain.match(/^\s*Tests\s+.*$/m)?.[0].trim() ?? 'no summary';
    const rc = fs.existsSync(rcFile) ? Number(fs.readFileSync(rcFile, 'utf8')) : NaN;
    vitest = { rc, summary };
    if (rc !== 0) failures.push(`engine tests in the guest: exit ${rc}, ${summary} (see ${logFile})`);
  }
  return {
    guest: recipe.name,
    title: recipe.title,
    minutes: 0,
    bootSeconds: boot.seconds,
    scenarios,
    ...(vitest ? { vitest } : {}),
    failures,
  };
}

/** Long lines go on, indented, rather than being cut: a failure must be read whole. */
function wrap(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const lead = line.search(/\S|$/);
  const indent = ' '.repeat(lead + 2);
  const out: string[] = [];
  let current = line.slice(0, lead);
  for (const word of line.slice(lead).split(' ')) {
    const next = current.trim() ? `${current} ${word}` : `${current}${word}`;
    if (next.length > width && current.trim()) {
      out.push(current);
      current = `${indent}${word}`;
    } else current = next;
  }
  out.push(current);
  return out;
}

/** One block a guest, wrapped to the terminal's width. */
export function summaryLines(reports: GuestReport[], width: number): string[] {
  const lines: string[] = ['', 'test:vm summary'];
  for (const report of reports) {
    lines.push('', `${report.failures.length === 0 ? 'PASS' : 'FAIL'} ${report.guest}: ${report.title} (${report.minutes.toFixed(1)} min)`);
    for (const s of report.scenarios) {
      const engine = s.engine ? `${s.engine.name} ${s.engine.version} (${s.engine.driver})` : 'no engine';
      lines.push(`  ${s.scenario} as ${s.user ?? '?'}: kernel ${s.kernel ?? '?'}, cgroup ${s.cgroup ?? '?'}, ${engine}`);
      if (s.run) {
        const first = s.run.firstSampleLatencyMs === null ? 'none' : `${s.run.firstSampleLatencyMs.toFixed(1)} ms`;
        lines.push(
          `    ${s.run.sampler} sampler, ${s.run.samplesPerSecond}/s, first sample ${first}, spikes ${s.run.spikesCaught}/${s.run.spikes}, peak ${s.run.peakMiB} MiB (${s.run.peakSource})`,
        );
      }
      if (s.invoke) lines.push(`    invoke ${invokeLine(s.invoke)}`);
      const left = [s.afterRun, s.afterAutotune, s.afterInvoke, s.afterInterrupt].reduce(
        (n, l) => n + (l ? l.containers.length + l.cgroups.length : 0),
        0,
      );
      const changes = s.autotune?.updates?.filter((u) => u.outcome !== 'refused').length ?? 0;
      const refused = /cannot change a running container's memory limit/.test(s.autotune?.error ?? '');
      const autotune = !s.autotune
        ? 'not run'
        : refused
          ? 'refused in one line'
          : s.autotune.error
            ? 'failed'
            : s.autotune.oomKilled
              ? 'OOM-killed'
              : `${changes} limit changes`;
      lines.push(`    autotune ${autotune}, SIGINT exit ${s.interrupted?.code ?? '?'}, leftovers ${left}`);
    }
    if (report.vitest) lines.push(`  engine tests: ${report.vitest.summary}`);
    for (const failure of report.failures) lines.push(`  ✘ ${failure}`);
  }
  return lines.flatMap((line) => wrap(line, width));
}
