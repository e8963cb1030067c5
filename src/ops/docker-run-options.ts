import fs from 'node:fs';
import path from 'node:path';
import shellQuote from 'shell-quote';
import { UserError } from '../core/errors.js';
import { parseImageRef } from '../core/image-ref.js';
import { parseNumber, RANGES } from '../core/number-input.js';
import { MIB, parseMemorySize } from '../core/units.js';
import { homeOf, ownHome } from '../infra/user-home.js';
import { isRemoteEngine } from '../tracer/engine.js';
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

/**
 * The options as the engine's run: the image name checked, relative host paths made absolute, sizes parsed, every
 * value checked. With `hostPathExists` (the front ends pass localPathExists), a bind whose host path does not exist
 * is refused; a caller that reviews binds itself, and asks about a missing one, leaves it out.
 */
export function toRunSpec(
  values: RunOptionValues,
  image: string,
  args: string[],
  cwd = process.cwd(),
  hostPathExists?: (path: string) => boolean,
): RunSpec {
  parseImageRef(image);
  const spec: RunSpec = {
    image,
    args,
    env: values.env ?? [],
    binds: (values.volume ?? []).map((bind) => absoluteBind(bind, cwd, hostPathExists)),
    networkMode: values.network,
  };
  if (values.workdir) spec.workdir = values.workdir;
  if (values.user) spec.user = values.user;
  if (values.entrypoint !== undefined) spec.entrypoint = values.entrypoint === '' ? [''] : [values.entrypoint];
  if (values.memory !== undefined) spec.memoryBytes = memoryLimitBytes(values.memory, '--memory');
  if (values.memorySwap !== undefined) {
    spec.memorySwapBytes = values.memorySwap === '-1' ? -1 : memoryLimitBytes(values.memorySwap, '--memory-swap');
  }
  // Docker's quota is whole nanoCPUs: 1e-320 CPUs would round to 0, which the engine reads as no limit.
  if (values.cpus !== undefined) spec.nanoCpus = Math.round(parseNumber(values.cpus, '--cpus', RANGES.cpus) * 1e9);
  for (const entry of spec.env) {
    if (!/^[^=\s]+(=|$)/.test(entry)) {
      throw new UserError(`--env got ${JSON.stringify(entry)}`, 'Use KEY=value or KEY');
    }
  }
  return spec;
}

/** Docker refuses a limit under 6 MB. */
const ENGINE_MIN_BYTES = 6 * MIB;
/** 1 TiB: a bare number above this many MB is no limit anyone meant to give in MB. */
const SENSIBLE_MB = 1024 * 1024;

/**
 * A memory limit as Docker reads it. A bare number is bytes, as in `docker run`, so `--memory 256` asks for 256
 * bytes; where the same number in MB is a size people give, the hint offers it.
 */
export function memoryLimitBytes(text: string, option: string): number {
  const bytes = parseMemorySize(text, option);
  if (bytes >= ENGINE_MIN_BYTES) return bytes;
  const bare = /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : undefined;
  const meant = bare !== undefined && bare * MIB >= ENGINE_MIN_BYTES && bare <= SENSIBLE_MB;
  throw new UserError(
    `${option} ${text.trim()} is below Docker's minimum of 6 MB`,
    meant ? `Did you mean ${option} ${text.trim()}m? A number without a unit is bytes, as in docker run` : `Give at least ${option} 6m`,
  );
}

/**
 * Docker takes a host part without a slash for a named volume, so relative paths are made absolute. A bare name
 * that is also a file or folder here is refused: Docker would make an empty volume of it, the function would find
 * nothing, and the volume would outlive the run. A host path that does not exist is refused too: Docker's -v
 * would create it, as root, wherever the typo points.
 */
function absoluteBind(bind: string, cwd: string, hostPathExists?: (path: string) => boolean): string {
  const [host, ...rest] = bind.split(':');
  if (!host || rest.length === 0) {
    throw new UserError(`--volume got ${JSON.stringify(bind)}`, 'Use host-path:container-path[:ro]');
  }
  const isPath = host.startsWith('.') || host.includes('/') || host.startsWith('~');
  if (!isPath) {
    if (fs.existsSync(path.resolve(cwd, host))) {
      throw new UserError(
        `--volume got ${JSON.stringify(bind)}: Docker takes "${host}" for a named volume, not the ${host} here`,
        `Write ./${host} to mount it`,
      );
    }
    if (!VOLUME_NAME.test(host)) {
      throw new UserError(
        `--volume got ${JSON.stringify(bind)}: ${JSON.stringify(host)} is neither a path nor a volume name`,
        'Write a folder as ./name or by its absolute path; a volume name is letters, digits, _, . and -',
      );
    }
    return bind;
  }
  const resolved = host.startsWith('~') ? homePath(host, bind) : path.resolve(cwd, host);
  if (hostPathExists && !hostPathExists(resolved)) {
    throw new UserError(
      `--volume got ${JSON.stringify(bind)}, and ${resolved} does not exist`,
      'Fix the path, or create the folder first: Docker would make an empty one there, as root',
    );
  }
  return [resolved, ...rest].join(':');
}

/** Whether a bind's host path exists, where this machine can tell: a remote engine's host paths are on its own machine. */
export function localPathExists(hostPath: string): boolean {
  return isRemoteEngine() || fs.existsSync(hostPath);
}

/** What Docker takes as a volume's name. */
const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** `~` and `~/x` as the user's own home, `~user/x` as that user's, as a shell expands them; never a guess. */
function homePath(host: string, bind: string): string {
  const [, user, rest] = /^~([^/]*)(.*)$/.exec(host)!;
  if (!user) return path.join(ownHome(), rest!);
  const home = homeOf(user!);
  if (!home) {
    throw new UserError(
      `--volume got ${JSON.stringify(bind)}, and there is no user ${JSON.stringify(user)} in /etc/passwd`,
      "Write the folder's absolute path instead",
    );
  }
  return path.join(home, rest!);
}
