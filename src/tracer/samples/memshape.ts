import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { UserError } from '../../core/errors.js';
import { packageRoot } from '../../infra/package-root.js';
import { findHostProgram, TOOLS } from './host-files.js';

const run = promisify(execFile);

/** Found from the package root, not from this module, because tsc does not copy .c files into dist/. */
function memshapeSource(): string {
  return join(packageRoot(), 'src', 'tracer', 'samples', 'memshape.c');
}

/**
 * Compiles memshape statically, so its image needs no libc and its own memory is a
 * few hundred KB that never moves. The caller removes the directory with `cleanup`.
 */
export async function compileMemshape(signal?: AbortSignal): Promise<{ binary: string; cleanup: () => Promise<void> }> {
  const gcc = await findHostProgram(TOOLS.gcc);
  const dir = await mkdtemp(join(tmpdir(), 'functracer-memshape-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const binary = join(dir, 'memshape');
  try {
    await run(gcc, ['-static', '-O2', '-Wall', '-o', binary, memshapeSource()], signal ? { signal } : {});
  } catch (error) {
    await cleanup();
    if (signal?.aborted) throw signal.reason;
    const stderr = (error as { stderr?: string }).stderr?.trim().split('\n').slice(-3).join(' | ') ?? String(error);
    throw new UserError(
      `gcc could not build the memshape sample statically (${stderr})`,
      'Install the C toolchain and static libc (apt-get install gcc libc6-dev) and build the samples again',
    );
  }
  return { binary, cleanup };
}
