import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const packageJson = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };

describe('functracer --version', () => {
  it.each([['--version'], ['-V']])('%s prints the package version alone, exit 0', async (flag) => {
    const result = await runCli([flag]);
    expect(result).toMatchObject({ code: 0, stdout: `${packageJson.version}\n`, stderr: '' });
  });

  it('is listed in --help', async () => {
    expect((await runCli(['--help'])).stdout).toMatch(/^ {2}-V, --version +print the version$/m);
  });
});
