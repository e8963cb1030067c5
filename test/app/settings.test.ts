import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, lazySettings, parseSetting } from '../../src/app/settings.js';
import { openSettings } from '../../src/app/settings-store.js';
import { configDir, providersDir } from '../../src/infra/provider-files.js';
import { UserError } from '../../src/core/errors.js';
import { tempDir as makeTempDir } from '../components/support/fakes.js';

const tempDir = () => makeTempDir('settings');

describe('settings', () => {
  it('round-trips through conf in a temporary folder', () => {
    const dir = tempDir();
    const store = openSettings(dir);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    store.set('provider', 'aws-lambda-2020');
    store.set('requestsPerMonth', 5000);
    store.set('freeTier', true);
    store.set('intervalMs', 2);
    store.set('outDir', '/tmp/my-traces');
    store.set('runOn', 'swarm 127.0.0.2:5000');
    expect(store.path).toBe(path.join(dir, 'settings.json'));
    expect(openSettings(dir).get()).toEqual({
      provider: 'aws-lambda-2020',
      requestsPerMonth: 5000,
      freeTier: true,
      intervalMs: 2,
      outDir: '/tmp/my-traces',
      runOn: 'swarm 127.0.0.2:5000',
    });
  });

  it('refuses a bad value, naming the setting and what was given', () => {
    const store = openSettings(tempDir());
    expect(() => store.set('requestsPerMonth', -5)).toThrow(UserError);
    expect(() => store.set('requestsPerMonth', -5)).toThrow('Requests per month got "-5"');
    expect(() => store.set('intervalMs', 0)).toThrow(/Sampling interval \(ms\) got "0"/);
    expect(store.get().requestsPerMonth).toBe(DEFAULT_SETTINGS.requestsPerMonth);
  });

  it('falls back to the default for a hand-edited bad value, keeping the rest', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ requestsPerMonth: 'lots', freeTier: true }));
    expect(openSettings(dir).get()).toEqual({ ...DEFAULT_SETTINGS, freeTier: true });
  });

  it('tells listeners about changes', () => {
    const store = openSettings(tempDir());
    const seen: number[] = [];
    const unsubscribe = store.subscribe((s) => seen.push(s.requestsPerMonth));
    store.set('requestsPerMonth', 7);
    unsubscribe();
    store.set('requestsPerMonth', 8);
    expect(seen).toEqual([7]);
  });

  it('answers with the defaults until conf has loaded, then with the saved values', async () => {
    const dir = tempDir();
    openSettings(dir).set('requestsPerMonth', 42);
    const lazy = lazySettings(async () => openSettings(dir));
    const seen: number[] = [];
    lazy.subscribe((s) => seen.push(s.requestsPerMonth));
    expect(lazy.get()).toEqual(DEFAULT_SETTINGS);
    await lazy.ready;
    expect(lazy.get().requestsPerMonth).toBe(42);
    expect(seen).toEqual([42]);
    lazy.set('freeTier', true);
    expect(openSettings(dir).get().freeTier).toBe(true);
  });

  it('keeps the defaults when the settings cannot be read, and says so on saving', async () => {
    const lazy = lazySettings(async () => {
      throw new Error('EACCES: permission denied');
    });
    await lazy.ready;
    expect(lazy.get()).toEqual(DEFAULT_SETTINGS);
    expect(() => lazy.set('freeTier', true)).toThrow(/the settings cannot be saved: EACCES/);
  });

  it('parses what the user types', () => {
    expect(parseSetting('requestsPerMonth', '1,000,000')).toBe(1_000_000);
    expect(parseSetting('requestsPerMonth', '1_000')).toBe(1000);
    expect(parseSetting('freeTier', 'yes')).toBe(true);
    expect(parseSetting('freeTier', 'off')).toBe(false);
    expect(parseSetting('intervalMs', '0.5')).toBe(0.5);
    expect(() => parseSetting('requestsPerMonth', '1.5')).toThrow(/Requests per month got "1.5"/);
    expect(() => parseSetting('outDir', '  ')).toThrow(/Output folder/);
    // Where multi-runs go, as typed or as the form shows it.
    expect(parseSetting('runOn', 'this machine')).toBe('here');
    expect(parseSetting('runOn', 'Swarm')).toBe('swarm');
    expect(parseSetting('runOn', 'swarm, registry 127.0.0.2:5000')).toBe('swarm 127.0.0.2:5000');
    expect(parseSetting('runOn', 'swarm 10.0.0.1:5000')).toBe('swarm 10.0.0.1:5000');
    expect(() => parseSetting('runOn', 'swarm nohost')).toThrow(/Multi-runs run on got "swarm nohost"/);
    expect(() => parseSetting('runOn', 'kubernetes')).toThrow(
      expect.objectContaining({ hint: expect.stringMatching(/^Use here, swarm, or swarm HOST:PORT/) }),
    );
  });

  it('lives where env-paths puts it, without the -nodejs suffix, beside the provider files', () => {
    const cases = [
      [{}, 'linux', '/home/u/.config/functracer'],
      [{ XDG_CONFIG_HOME: '/x' }, 'linux', '/x/functracer'],
      [{ FUNCTRACER_CONFIG_DIR: '/t' }, 'linux', '/t'],
      [{}, 'darwin', '/home/u/Library/Preferences/functracer'],
    ] as const;
    for (const [env, platform, expected] of cases) expect(configDir(env, platform, '/home/u')).toBe(expected);
    expect(providersDir({ FUNCTRACER_CONFIG_DIR: '/t' })).toBe('/t/providers');
  });
});
