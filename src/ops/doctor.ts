import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { SAMPLE_JPEGS } from '../core/sample-jpeg.js';
import { packageRoot, refDataDir } from '../infra/package-root.js';
import { detectCgroupLayout } from '../tracer/cgroup/mounts.js';
import { connectEngine, isRemoteEngine } from '../tracer/engine.js';
import { findHostProgram, TOOLS, type HostTool } from '../tracer/samples/host-files.js';
import { listSampleStatus } from '../tracer/samples/builder.js';
import { isWanted, needsBuild } from '../tracer/samples/catalog.js';

const run = promisify(execFile);

/** `ok` works; `missing` stops functracer or part of it; `note` works in a lesser way (or matters only for npm test). */
export type CheckState = 'ok' | 'missing' | 'note';

export interface Check {
  name: string;
  state: CheckState;
  detail: string;
  /** The exact command that fixes it, when there is one. */
  fix?: string;
  /** A Debian package that fixes it, so the report can give one apt-get line for all of them. */
  debPackage?: string;
}

export interface DoctorContext {
  env: NodeJS.ProcessEnv;
  isRoot: boolean;
}

const defaultContext = (): DoctorContext => ({ env: process.env, isRoot: process.getuid?.() === 0 });

/** Root runs a fix as it is; anyone else needs sudo for system packages and services. */
const asAdmin = (context: DoctorContext, command: string) => (context.isRoot ? command : `sudo ${command}`);

/** Every prerequisite, checked in the order a fresh machine meets them; never installs or starts anything. */
export async function runDoctor(context: DoctorContext = defaultContext()): Promise<Check[]> {
  const checks: Check[] = [checkNode(), checkOnPath(context)];
  const engine = await checkEngine(context);
  checks.push(engine.check, checkCgroups(context));
  for (const tool of [TOOLS.busybox, TOOLS.convert, TOOLS.gcc]) checks.push(await checkTool(tool, context));
  checks.push(await checkStaticLibc(context));
  if (engine.docker) checks.push(await checkSampleImages(engine.docker));
  checks.push(checkSampleInputs());
  checks.push(await checkTool({ names: ['tmux'], debPackage: 'tmux', purpose: 'npm test' }, context, 'note'));
  return checks;
}

function checkNode(): Check {
  const major = Number(process.versions.node.split('.')[0]);
  return major >= 20
    ? { name: 'node', state: 'ok', detail: `Node ${process.versions.node}` }
    : {
        name: 'node',
        state: 'missing',
        detail: `Node ${process.versions.node}; functracer needs 20 or later`,
        fix: 'Install Node 20 or later',
      };
}

function checkOnPath(context: DoctorContext): Check {
  const candidates = (context.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'functracer'));
  const found = candidates.find((file) => isExecutable(file));
  if (found) return { name: 'functracer', state: 'ok', detail: `on PATH as ${found}` };
  // A link to a build without its executable bit (a build older than the build script's chmod) is there but cannot run.
  const stuck = candidates.find((file) => existsSync(file));
  if (stuck) return { name: 'functracer', state: 'missing', detail: `${stuck} cannot be run`, fix: `cd ${packageRoot()} && npm run build` };
  return { name: 'functracer', state: 'missing', detail: 'not on PATH', fix: `cd ${packageRoot()} && ${asAdmin(context, 'npm link')}` };
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function checkEngine(context: DoctorContext): Promise<{ check: Check; docker?: Docker }> {
  let docker: Docker;
  try {
    docker = await connectEngine(3000);
  } catch (error) {
    return { check: { name: 'engine', state: 'missing', detail: (error as Error).message, ...(await engineFix(error, context)) } };
  }
  const version = await docker.version().then(
    (v) => `${v.Version ?? '?'}`,
    () => '?',
  );
  return { check: { name: 'engine', state: 'ok', detail: `Docker ${version} answers` }, docker };
}

/** The fix depends on why the engine did not answer: not installed, not started, or not this user's. */
async function engineFix(error: unknown, context: DoctorContext): Promise<Pick<Check, 'fix' | 'debPackage'>> {
  if (context.env.DOCKER_HOST) return { fix: `Check DOCKER_HOST (${context.env.DOCKER_HOST}), or unset it for the local engine` };
  if (/EACCES/.test((error as Error).message)) return { fix: asAdmin(context, 'usermod -aG docker $USER, then log in again') };
  const installed = await findHostProgram({ names: ['dockerd'], debPackage: 'docker.io', purpose: 'the engine' }).then(
    () => true,
    () => false,
  );
  if (!installed) return { fix: asAdmin(context, 'apt-get install -y docker.io'), debPackage: 'docker.io' };
  const start = existsSync('/run/systemd/system') ? 'systemctl start docker' : 'dockerd --bridge=none --iptables=false &';
  return { fix: asAdmin(context, start) };
}

/** 1 kHz sampling reads the containers' cgroup files; without them the stats API gives about one sample a second. */
function checkCgroups(context: DoctorContext): Check {
  const name = 'cgroup files';
  if (isRemoteEngine(context.env)) {
    return {
      name,
      state: 'note',
      detail: 'the engine is remote: the stats API gives about 1 sample/s',
      fix: 'Run functracer on the engine host for 1 kHz',
    };
  }
  try {
    const layout = detectCgroupLayout();
    accessSync(layout.memoryMount.mountPoint, constants.R_OK);
    return { name, state: 'ok', detail: `cgroup v${layout.version} at ${layout.memoryMount.mountPoint}: 1 kHz sampling` };
  } catch (error) {
    return {
      name,
      state: 'note',
      detail: `cannot read them (${(error as NodeJS.ErrnoException).code ?? 'no cgroup mount'}): the stats API gives about 1 sample/s`,
      fix: 'Run as root, or as a user who can read /sys/fs/cgroup',
    };
  }
}

async function checkTool(tool: HostTool, context: DoctorContext, whenMissing: CheckState = 'missing'): Promise<Check> {
  const name = tool.names.at(-1)!;
  try {
    return { name, state: 'ok', detail: await findHostProgram(tool, { elf: tool !== TOOLS.gcc }) };
  } catch {
    return {
      name,
      state: whenMissing,
      detail: `not found; needed for ${tool.purpose}`,
      fix: asAdmin(context, `apt-get install -y ${tool.debPackage}`),
      debPackage: tool.debPackage,
    };
  }
}

/** memshape is linked statically, so gcc alone is not enough: libc.a comes with libc6-dev. */
async function checkStaticLibc(context: DoctorContext): Promise<Check> {
  const name = 'libc.a';
  const fix = { fix: asAdmin(context, 'apt-get install -y libc6-dev'), debPackage: 'libc6-dev' };
  try {
    const gcc = await findHostProgram(TOOLS.gcc);
    const file = resolve((await run(gcc, ['-print-file-name=libc.a'])).stdout.trim());
    // gcc prints the bare name when it has no such file.
    if (file !== resolve('libc.a') && existsSync(file)) return { name, state: 'ok', detail: file };
  } catch {
    // No gcc: the gcc line already says so, and this one still needs libc6-dev.
  }
  return { name, state: 'missing', detail: 'no static C library; needed to compile memshape', ...fix };
}

async function checkSampleImages(docker: Docker): Promise<Check> {
  const name = 'sample images';
  try {
    const status = await listSampleStatus(docker);
    const notReady = status.filter(needsBuild).map((s) => s.sample.name);
    if (notReady.length === 0) return { name, state: 'ok', detail: `${status.filter(isWanted).length} built and current` };
    return { name, state: 'missing', detail: `not built or stale: ${notReady.join(', ')}`, fix: 'functracer samples build' };
  } catch (error) {
    return { name, state: 'missing', detail: (error as Error).message, fix: 'functracer samples build' };
  }
}

function checkSampleInputs(): Check {
  const missing = SAMPLE_JPEGS.filter((spec) => !existsSync(join(refDataDir(), spec.fileName))).map((spec) => spec.fileName);
  if (missing.length === 0) return { name: 'sample inputs', state: 'ok', detail: `${SAMPLE_JPEGS.length} JPEGs in ${refDataDir()}` };
  return { name: 'sample inputs', state: 'missing', detail: `missing: ${missing.join(', ')}`, fix: 'functracer samples inputs' };
}
