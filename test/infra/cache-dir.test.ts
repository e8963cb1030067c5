import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { cacheDir, ownCacheFolder } from '../../src/infra/cache-dir.js';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-cache-test-'));
  vi.stubEnv('FUNCTRACER_CACHE_DIR', path.join(root, 'cache'));
});
afterEach(() => {
  vi.unstubAllEnvs();
  fs.rmSync(root, { recursive: true, force: true });
});

const refusal = (parts: string[]) => {
  try {
    ownCacheFolder(...parts);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).message;
  }
  throw new Error(`ownCacheFolder(${parts.join(', ')}) was not refused`);
};

describe("functracer's cache folder", () => {
  it('is ~/.cache/functracer unless XDG_CACHE_HOME or FUNCTRACER_CACHE_DIR says otherwise', () => {
    expect(cacheDir({}, '/home/ada')).toBe('/home/ada/.cache/functracer');
    expect(cacheDir({ XDG_CACHE_HOME: '/var/cache/ada' }, '/home/ada')).toBe('/var/cache/ada/functracer');
    expect(cacheDir({ FUNCTRACER_CACHE_DIR: '/tmp/c', XDG_CACHE_HOME: '/x' }, '/home/ada')).toBe('/tmp/c');
  });

  it('makes its folders, and makes them no one else may write to', () => {
    const made = ownCacheFolder('aws-lambda-ric');
    expect(made).toBe(path.join(root, 'cache', 'aws-lambda-ric'));
    for (const folder of [path.dirname(made), made]) {
      const stats = fs.lstatSync(folder);
      expect(stats.isDirectory()).toBe(true);
      expect(stats.uid).toBe(process.getuid!());
      expect(stats.mode & 0o022).toBe(0);
    }
    expect(ownCacheFolder('aws-lambda-ric')).toBe(made);
  });

  it('follows no link planted at any level, the cache itself included', () => {
    const elsewhere = fs.mkdtempSync(path.join(root, 'elsewhere-'));
    fs.mkdirSync(path.join(root, 'cache'));
    fs.symlinkSync(elsewhere, path.join(root, 'cache', 'aws-lambda-ric'));
    expect(refusal(['aws-lambda-ric'])).toMatch(/aws-lambda-ric is a symbolic link/);
    expect(fs.readdirSync(elsewhere)).toEqual([]);
    fs.rmSync(path.join(root, 'cache'), { recursive: true });
    fs.symlinkSync(elsewhere, path.join(root, 'cache'));
    expect(refusal(['aws-lambda-ric'])).toMatch(/cache is a symbolic link/);
    expect(fs.readdirSync(elsewhere)).toEqual([]);
  });

  it('refuses a folder others may write to, or another user owns', () => {
    const shared = path.join(root, 'cache', 'aws-lambda-ric');
    fs.mkdirSync(shared, { recursive: true });
    fs.chmodSync(shared, 0o777);
    expect(refusal(['aws-lambda-ric'])).toMatch(/may be changed by other users/);
    fs.chmodSync(shared, 0o755);
    // Only root may give a folder away; functracer runs as root on the machines it is made for.
    if (process.getuid!() !== 0) return;
    fs.chownSync(shared, 4321, 4321);
    expect(refusal(['aws-lambda-ric'])).toMatch(/belongs to uid 4321/);
  });
});
