import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, runCli } from '../support/cli.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** Every module a CLI invocation loads, as Node's loader hooks see them (stderr lines "LOAD url"). */
async function loadedModules(args: string[]): Promise<string[]> {
  const hook = 'export async function load(url, context, next) { process.stderr.write(`LOAD ${url}\\n`); return next(url, context); }';
  const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${hook}`)});`;
  const { stderr } = await promisify(execFile)(process.execPath, ['--import', `data:text/javascript,${register}`, CLI, ...args]).catch(
    (error: { stderr: string }) => error,
  );
  return stderr.split('\n').flatMap((line) => (line.startsWith('LOAD ') ? [line.slice(5)] : []));
}

const packageJson = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };

describe('functracer --version', () => {
  it.each([['--version'], ['-V']])('%s prints the package version alone, exit 0', async (flag) => {
    const result = await runCli([flag]);
    expect(result).toMatchObject({ code: 0, stdout: `${packageJson.version}\n`, stderr: '' });
  });

  it('is listed in --help', async () => {
    expect((await runCli(['--help'])).stdout).toMatch(/^ {2}-V, --version +print the version$/m);
  });

  // Start-up is mostly loading modules: a command loads its own and what it uses, never every command's.
  it('loads no command, use case or schema library', async () => {
    const loaded = await loadedModules(['--version']);
    expect(loaded.some((url) => url.endsWith('/src/cli.js'))).toBe(true);
    expect(
      loaded.filter((url) => /\/src\/(ops|tracer|report|app)\/|\/commands\/(?!main|program)|node_modules\/(?!commander)/.test(url)),
    ).toEqual([]);
  });

  it('cost loads cost alone of the commands, and nothing of the engine', async () => {
    const loaded = await loadedModules(['cost', '--duration-ms', '100', '--memory-mb', '128']);
    const commands = loaded.flatMap((url) => /\/src\/commands\/([a-z-]+)\.js$/.exec(url)?.[1] ?? []);
    expect(commands).toContain('cost');
    expect(commands).not.toContain('run');
    expect(loaded.filter((url) => /node_modules\/(dockerode|docker-modem|ink|react)\//.test(url))).toEqual([]);
  });
});
