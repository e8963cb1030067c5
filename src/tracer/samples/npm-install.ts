import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { UserError } from '../../core/errors.js';
import { findHostProgram, LAMBDA_RIC_TOOLS, TOOLS } from './host-files.js';

/** A compile on a busy 2-core machine takes about 2 minutes; this bounds a hung one (a registry that never answers). */
const INSTALL_LIMIT_MS = 20 * 60_000;

export interface NpmInstall {
  /** The host's node: npm runs on it, and so do the package's scripts and node-gyp, so the addon fits its ABI. */
  node: string;
  /** A folder of functracer's own, empty; the package lands in its node_modules. */
  prefix: string;
  /** `name@version`, exact. */
  spec: string;
  signal?: AbortSignal;
}

/**
 * Runs `npm install --prefix PREFIX SPEC` with the package's install scripts (they compile its addon), from the
 * npm registry the user's npm is set up for. npm and everything it starts run in a process group of their own,
 * which a stop or the time limit kills whole, so no compiler is left running. Resolves with npm's output.
 */
export async function npmInstall({ node, prefix, spec, signal }: NpmInstall): Promise<string> {
  await requireTools();
  const npm = await findHostProgram(TOOLS.npm);
  const args = [npm, 'install', '--prefix', prefix, '--no-save', '--no-package-lock', '--omit=dev'];
  args.push('--no-audit', '--no-fund', '--no-update-notifier', '--foreground-scripts', '--loglevel=error', spec);
  signal?.throwIfAborted();
  const child = spawn(node, args, { cwd: prefix, env: installEnv(node), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-64_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const killGroup = () => {
    if (child.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  };
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, INSTALL_LIMIT_MS);
  signal?.addEventListener('abort', killGroup, { once: true });
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
    signal?.throwIfAborted();
    if (timedOut) throw new UserError(`npm install ${spec} did not finish within ${INSTALL_LIMIT_MS / 60_000} minutes`, REACH_HINT);
    if (code !== 0) throw Object.assign(new Error(`npm install ${spec} failed (exit ${code})`), { output });
    return output;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', killGroup);
    killGroup();
  }
}

/** Every missing compiler or build tool in one line, with the one apt-get that installs them all. */
async function requireTools(): Promise<void> {
  const found = await Promise.all(
    LAMBDA_RIC_TOOLS.map((tool) =>
      findHostProgram(tool).then(
        () => true,
        () => false,
      ),
    ),
  );
  const missing = LAMBDA_RIC_TOOLS.filter((_tool, i) => !found[i]);
  if (missing.length === 0) return;
  throw new UserError(
    `${missing.map((tool) => tool.names[0]).join(', ')} ${missing.length === 1 ? 'is' : 'are'} needed for ${COMPILING}, but not on PATH`,
    `Install them (apt-get install ${missing.map((tool) => tool.debPackage).join(' ')}) and build the sample again`,
  );
}

const COMPILING = "compiling aws-lambda-ric's addon (curl and aws-lambda-cpp)";

const REACH_HINT = 'Check that npm reaches its registry (npm ping), then build the sample again';

/**
 * The host node first on PATH, for the package's scripts (`node -p` in binding.gyp) and node-gyp. node-gyp takes
 * the headers installed beside that node (/usr/include/node) when they are there, instead of downloading them.
 */
function installEnv(node: string): NodeJS.ProcessEnv {
  const prefix = dirname(dirname(node));
  const headers = existsSync(join(prefix, 'include', 'node', 'node.h'));
  // Not functracer's own Node flags (a loader under tsx or vitest): npm and the compile get a plain node.
  const { NODE_OPTIONS: _ours, ...env } = process.env;
  return {
    ...env,
    PATH: [dirname(node), process.env.PATH ?? '/usr/bin:/bin'].join(delimiter),
    ...(headers ? { npm_config_nodedir: prefix } : {}),
  };
}
