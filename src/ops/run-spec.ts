import fs from 'node:fs';
import path from 'node:path';
import shellQuote from 'shell-quote';
import { UserError } from '../core/errors.js';
import { parseMemorySize } from '../core/units.js';
import type { RunSpec } from '../core/run-plan.js';

/** The docker-run options functracer understands, as given on a command line or in the TUI's form. */
export interface RunOptionValues {
  volume?: string[];
  workdir?: string;
  env?: string[];
  memory?: string;
  memorySwap?: string;
  cpus?: string;
  network: string;
  entrypoint?: string;
  user?: string;
}

/**
 * Splits the original testbed's single quoted form ("-v $PWD:/d/ image arg")
 * with shell-word rules. Variables come from the environment; nothing runs in a shell.
 */
export function splitQuotedRun(line: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const open = unclosedQuote(line);
  if (open) {
    throw new UserError(
      `the quoted command has an unclosed ${open} quote`,
      open === '"' ? "Close it, or quote the whole command in ' instead" : 'Close it, or quote the whole command in " instead',
    );
  }
  const words = shellQuote.parse(line, (key) => env[key] ?? '');
  return words.map((word) => {
    if (typeof word === 'string') return word;
    if ('op' in word && word.op === 'glob') return word.pattern;
    throw new UserError(
      `the quoted command holds the shell operator ${JSON.stringify('op' in word ? word.op : word)}`,
      'functracer never runs a shell: pass plain docker-run options, the image and its arguments',
    );
  });
}

/** The quote left open at the end of `line`, by shell rules; shell-quote reads the rest as quoted without a word. */
function unclosedQuote(line: string): "'" | '"' | undefined {
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
    } else if (c === '\\') {
      i += 1;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
    } else if (c === "'" || c === '"') {
      quote = c;
    }
  }
  return quote;
}

/** The options as the engine's run: relative host paths made absolute, sizes parsed, every value checked. */
export function toRunSpec(values: RunOptionValues, image: string, args: string[], cwd = process.cwd()): RunSpec {
  const spec: RunSpec = {
    image,
    args,
    env: values.env ?? [],
    binds: (values.volume ?? []).map((bind) => absoluteBind(bind, cwd)),
    networkMode: values.network,
  };
  if (values.workdir) spec.workdir = values.workdir;
  if (values.user) spec.user = values.user;
  if (values.entrypoint !== undefined) spec.entrypoint = values.entrypoint === '' ? [''] : [values.entrypoint];
  if (values.memory !== undefined) spec.memoryBytes = parseMemorySize(values.memory, '--memory');
  if (values.memorySwap !== undefined) {
    spec.memorySwapBytes = values.memorySwap === '-1' ? -1 : parseMemorySize(values.memorySwap, '--memory-swap');
  }
  if (values.cpus !== undefined) {
    const cpus = Number(values.cpus);
    if (!Number.isFinite(cpus) || cpus <= 0) {
      throw new UserError(`--cpus got ${JSON.stringify(values.cpus)}, which is not a positive number`, 'Use a number such as 0.5 or 2');
    }
    spec.nanoCpus = Math.round(cpus * 1e9);
  }
  if (spec.memoryBytes !== undefined && spec.memoryBytes < 6 * 1024 * 1024) {
    throw new UserError(`--memory ${values.memory} is below Docker's minimum of 6 MB`, 'Give at least --memory 6m');
  }
  for (const entry of spec.env) {
    if (!/^[^=\s]+(=|$)/.test(entry)) {
      throw new UserError(`--env got ${JSON.stringify(entry)}`, 'Use KEY=value or KEY');
    }
  }
  return spec;
}

/**
 * Docker takes a host part without a slash for a named volume, so relative paths are made absolute. A bare name
 * that is also a file or folder here is refused: Docker would make an empty volume of it, the function would find
 * nothing, and the volume would outlive the run.
 */
function absoluteBind(bind: string, cwd: string): string {
  const [host, ...rest] = bind.split(':');
  if (!host || rest.length === 0) {
    throw new UserError(`--volume got ${JSON.stringify(bind)}`, 'Use host-path:container-path[:ro]');
  }
  const isPath = host.startsWith('.') || host.includes('/') || host.startsWith('~');
  if (!isPath && fs.existsSync(path.resolve(cwd, host))) {
    throw new UserError(
      `--volume got ${JSON.stringify(bind)}: Docker takes "${host}" for a named volume, not the ${host} here`,
      `Write ./${host} to mount it`,
    );
  }
  const resolved = host.startsWith('~') ? path.join(process.env.HOME ?? '/', host.slice(1)) : path.resolve(cwd, host);
  return [isPath ? resolved : host, ...rest].join(':');
}
