import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorText, screenError } from '../../src/app/screen-error.js';
import { Interrupted, UserError } from '../../src/core/errors.js';
import { errorLogPath } from '../../src/infra/error-log.js';

afterEach(() => vi.unstubAllEnvs());

describe('screenError and errorText', () => {
  it('words an error the user can fix with what to try, and logs nothing', () => {
    const config = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-config-'));
    vi.stubEnv('FUNCTRACER_CONFIG_DIR', config);
    const error = screenError(new UserError('--memory got "abc"', 'Use a size such as 256m'));
    expect(errorText(error)).toBe('✘ --memory got "abc". Try: Use a size such as 256m');
    expect(fs.existsSync(errorLogPath())).toBe(false);
  });

  it('says a bug is a bug, writes its stack to the error log and names the file', () => {
    const config = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-config-'));
    vi.stubEnv('FUNCTRACER_CONFIG_DIR', config);
    const error = screenError(new TypeError('cannot read properties of undefined'));
    expect(error).toMatchObject({ bug: true, log: path.join(config, 'errors.log') });
    expect(errorText(error)).toBe(
      `✘ functracer hit a bug: cannot read properties of undefined. Its stack is in ${error.log}; please report it.`,
    );
    expect(fs.readFileSync(error.log!, 'utf8')).toMatch(/TypeError: cannot read properties of undefined\n\s+at /);
  });

  it('shows a stop as what happened, neither a mistake nor a bug', () => {
    const error = screenError(new Interrupted('SIGINT', 'stopped by SIGINT before the first run finished'));
    expect(errorText(error)).toBe('✘ stopped by SIGINT before the first run finished');
  });
});
