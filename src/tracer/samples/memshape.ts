import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { UserError } from '../../core/errors.js';
import { packageRoot } from '../../infra/package-root.js';
import type { RootfsKind } from './catalog.js';
import { findHostProgram, TOOLS } from './host-files.js';

const run = promisify(execFile);

/** The kinds whose program is a C file of functracer's own, compiled here: the memshape oracle and the C Lambda runtime. */
export const COMPILED_PROGRAMS: Partial<Record<RootfsKind, string>> = { memshape: 'memshape', 'lambda-c': 'lambda-c' };

/** Found from the package root, not from this module, because tsc does not copy .c files into dist/. */
function programSource(name: string): string {
  return join(packageRoot(), 'src', 'tracer', 'samples', `${name}.c`);
}

/**
 * Compiles one of functracer's sample programs statically, so its image needs no libc and its own memory is a
 * few hundred KB that never moves. The caller removes the directory with `cleanup`.
 */
export async function compileProgram(name: string, signal?: AbortSignal): Promise<{ binary: string; cleanup: () => Promise<void> }> {
  const gcc = await findHostProgram(TOOLS.gcc);
  const dir = await mkdtemp(join(tmpdir(), `functracer-${name}-`));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const binary = join(dir, name);
  try {
    await run(gcc, ['-static', '-O2', '-Wall', '-o', binary, programSource(name)], signal ? { signal } : {});
  } catch (error) {
    await cleanup();
    if (signal?.aborted) throw signal.reason;
    const stderr = (error as { stderr?: string }).stderr?.trim().split('\n').slice(-3).join(' | ') ?? String(error);
    throw new UserError(
      `gcc could not build the ${name} sample statically (${stderr})`,
      'Install the C toolchain and static libc (apt-get install gcc libc6-dev) and build the samples again',
    );
  }
  return { binary, cleanup };
}
