import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configDir, loadProviders, loadUserProviders } from '../../src/infra/provider-files.js';
import { PROVIDERS } from '../../src/core/cost/providers.js';

describe('configDir', () => {
  it("follows env-paths' folders, and FUNCTRACER_CONFIG_DIR overrides them", () => {
    expect(configDir({ FUNCTRACER_CONFIG_DIR: '/tmp/ft' }, 'linux', '/home/u')).toBe('/tmp/ft');
    expect(configDir({}, 'linux', '/home/u')).toBe('/home/u/.config/functracer');
    expect(configDir({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/u')).toBe('/xdg/functracer');
    expect(configDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Preferences/functracer');
  });
});

describe('loadUserProviders', () => {
  const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-providers-'));
  const write = (folder: string, name: string, value: unknown) => fs.writeFileSync(path.join(folder, name), JSON.stringify(value));

  it('reads nothing from a folder that does not exist', () => {
    expect(loadUserProviders('/nonexistent/functracer/providers')).toEqual([]);
    expect(loadProviders('/nonexistent/functracer/providers')).toHaveLength(PROVIDERS.length);
  });

  it('reads only regular files: a FIFO or a link named .json is one line, never a hang', () => {
    const fifoFolder = dir();
    execFileSync('mkfifo', [path.join(fifoFolder, 'fifo.json')]);
    expect(() => loadUserProviders(fifoFolder)).toThrow(/^cannot read the provider file \S+fifo\.json: it is a named pipe \(FIFO\)/);
    const linkFolder = dir();
    fs.symlinkSync('/etc/passwd', path.join(linkFolder, 'passwd.json'));
    expect(() => loadUserProviders(linkFolder)).toThrow(/passwd\.json: it is a symbolic link/);
  });

  it('reads every .json file, one provider or an array each', () => {
    const folder = dir();
    write(folder, 'a.json', { ...PROVIDERS[0]!, id: 'a' });
    write(folder, 'b.json', [
      { ...PROVIDERS[0]!, id: 'b1' },
      { ...PROVIDERS[0]!, id: 'b2' },
    ]);
    write(folder, 'notes.txt', 'ignored');
    expect(loadUserProviders(folder).map((p) => [p.model.id, path.basename(p.origin)])).toEqual([
      ['a', 'a.json'],
      ['b1', 'b.json'],
      ['b2', 'b.json'],
    ]);
  });

  it('refuses two files with one id, and a file that is not JSON', () => {
    const folder = dir();
    write(folder, 'a.json', { ...PROVIDERS[0]!, id: 'same' });
    write(folder, 'b.json', { ...PROVIDERS[0]!, id: 'same' });
    expect(() => loadUserProviders(folder)).toThrow(/b\.json defines provider same, which .*a\.json defines too/);
    fs.writeFileSync(path.join(folder, 'c.json'), '{');
    fs.rmSync(path.join(folder, 'b.json'));
    expect(() => loadUserProviders(folder)).toThrow(/c\.json is not a readable JSON file/);
  });
});
