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
