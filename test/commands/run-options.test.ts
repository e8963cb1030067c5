import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { describeError } from '../../src/core/errors.js';
import { addRunOptions, expandQuotedRunArgs } from '../../src/commands/run-options.js';
import { splitQuotedRun, toRunSpec, type RunOptionValues } from '../../src/ops/run-spec.js';

function parse(argv: string[]) {
  const command = addRunOptions(new Command('run'))
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  command.parse(expandQuotedRunArgs(argv, command), { from: 'user' });
  const [image, ...args] = command.args;
  return toRunSpec(command.opts<RunOptionValues>(), image!, args);
}

describe('docker-run options', () => {
  it('parses options before the image and passes everything after it to the container', () => {
    const spec = parse([
      '-v',
      './in:/d',
      '-w',
      '/d',
      '-e',
      'A=1',
      '--memory=256MB',
      '--cpus',
      '0.5',
      'functracer/resize',
      'x.jpg',
      '-v',
      '50%',
    ]);
    expect(spec.image).toBe('functracer/resize');
    expect(spec.args).toEqual(['x.jpg', '-v', '50%']);
    expect(spec.binds).toEqual([`${process.cwd()}/in:/d`]);
    expect(spec.workdir).toBe('/d');
    expect(spec.env).toEqual(['A=1']);
    expect(spec.memoryBytes).toBe(256 * 1024 * 1024);
    expect(spec.nanoCpus).toBe(500_000_000);
    expect(spec.networkMode).toBe('none');
  });

  it("accepts the original testbed's single quoted string, split by shell-word rules", () => {
    const spec = parse(['-v "$HOME/my dir":/d/ --memory 1g functracer/resize \'a b.jpg\' 50%']);
    expect(spec.binds).toEqual([`${process.env.HOME}/my dir:/d/`]);
    expect(spec.memoryBytes).toBe(1024 ** 3);
    expect(spec.args).toEqual(['a b.jpg', '50%']);
  });

  it('splits a quoted string that starts with the image, and leaves arguments after the image alone', () => {
    expect(parse(['functracer/sleep 2']).args).toEqual(['2']);
    const spec = parse(['-m', '64m', 'functracer/resize', 'a b.jpg', '50%']);
    expect(spec.args).toEqual(['a b.jpg', '50%']);
    expect(parse(['-e', 'GREETING=hello world', 'img']).env).toEqual(['GREETING=hello world']);
  });

  it('refuses shell operators instead of running a shell', () => {
    expect(() => splitQuotedRun('img; rm -rf /')).toThrow(/shell operator ";"/);
    expect(() => splitQuotedRun('img > out')).toThrow(/shell operator/);
    expect(() => splitQuotedRun('img "a b')).toThrow('the quoted command has an unclosed " quote');
    expect(() => splitQuotedRun("img 'a b")).toThrow("the quoted command has an unclosed ' quote");
    // Quotes inside the other kind, and escaped ones, are closed.
    expect(splitQuotedRun(`img "it's" 'say "hi"' a\\"b`)).toEqual(['img', "it's", 'say "hi"', 'a"b']);
  });

  it('keeps named volumes and --memory-swap -1', () => {
    const spec = toRunSpec({ network: 'none', volume: ['cache:/c'], memorySwap: '-1' }, 'img', []);
    expect(spec.binds).toEqual(['cache:/c']);
    expect(spec.memorySwapBytes).toBe(-1);
  });

  it('makes a relative path with a slash absolute, and refuses a bare name that is a folder here', () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-binds-'));
    fs.mkdirSync(path.join(cwd, 'ref-data'));
    expect(toRunSpec({ network: 'none', volume: ['ref-data/in:/in:ro'] }, 'img', [], cwd).binds).toEqual([`${cwd}/ref-data/in:/in:ro`]);
    expect(toRunSpec({ network: 'none', volume: ['./ref-data:/in'] }, 'img', [], cwd).binds).toEqual([`${cwd}/ref-data:/in`]);
    let line = '';
    try {
      toRunSpec({ network: 'none', volume: ['ref-data:/in:ro'] }, 'img', [], cwd);
    } catch (error) {
      line = describeError(error);
    }
    expect(line).toBe(
      '--volume got "ref-data:/in:ro": Docker takes "ref-data" for a named volume, not the ref-data here. Write ./ref-data to mount it',
    );
    expect(toRunSpec({ network: 'none', volume: ['cache:/c'] }, 'img', [], cwd).binds).toEqual(['cache:/c']);
  });

  it('names the option and the value that are wrong', () => {
    expect(() => toRunSpec({ network: 'none', memory: 'lots' }, 'img', [])).toThrow('--memory got "lots", which is not a memory size');
    expect(() => toRunSpec({ network: 'none', memory: '1m' }, 'img', [])).toThrow(/below Docker's minimum/);
    expect(() => toRunSpec({ network: 'none', cpus: '-2' }, 'img', [])).toThrow(/--cpus got "-2"/);
    expect(() => parse(['--bogus', 'img'])).toThrow(/unknown option '--bogus'/);
  });
});
