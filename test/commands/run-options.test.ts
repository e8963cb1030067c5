import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { describeError } from '../../src/core/errors.js';
import { addRunOptions, dockerHabitNotes, expandQuotedRunArgs } from '../../src/commands/run-options.js';
import { homeOf } from '../../src/infra/user-home.js';
import { localPathExists, splitQuotedRun, toRunSpec, type RunOptionValues } from '../../src/ops/docker-run-options.js';

function parse(argv: string[]) {
  const command = addRunOptions(new Command('run'))
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  command.parse(expandQuotedRunArgs(argv, command), { from: 'user' });
  const [image, ...args] = command.args;
  return toRunSpec(command.opts<RunOptionValues>(), image!, args, process.cwd(), localPathExists);
}

describe('docker-run options', () => {
  it('parses options before the image and passes everything after it to the container', () => {
    const spec = parse([
      '-v',
      './src:/d',
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
    expect(spec.binds).toEqual([`${process.cwd()}/src:/d`]);
    expect(spec.workdir).toBe('/d');
    expect(spec.env).toEqual(['A=1']);
    expect(spec.memoryBytes).toBe(256 * 1024 * 1024);
    expect(spec.nanoCpus).toBe(500_000_000);
    expect(spec.networkMode).toBe('none');
  });

  it("accepts the original testbed's single quoted string, split by shell-word rules", () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-home-'));
    fs.mkdirSync(path.join(home, 'my dir'));
    process.env.FUNCTRACER_TEST_HOME = home;
    const spec = parse(['-v "$FUNCTRACER_TEST_HOME/my dir":/d/ --memory 1g functracer/resize \'a b.jpg\' 50%']);
    expect(spec.binds).toEqual([`${home}/my dir:/d/`]);
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
    fs.mkdirSync(path.join(cwd, 'ref-data', 'in'), { recursive: true });
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

  it('checks the image name before anything else', () => {
    expect(() => toRunSpec({ network: 'none' }, '../../127.0.0.1:8099/x', [])).toThrow(
      /"\.\.\/\.\.\/127\.0\.0\.1:8099\/x" is not an image name/,
    );
    expect(() => toRunSpec({ network: 'none' }, '', [])).toThrow('the image name is empty');
    expect(toRunSpec({ network: 'none' }, 'localhost:5000/team/fn:v2', []).image).toBe('localhost:5000/team/fn:v2');
  });

  it('offers 256m for --memory 256, which Docker reads as bytes', () => {
    const line = (memory: string) => {
      try {
        toRunSpec({ network: 'none', memory }, 'img', []);
      } catch (error) {
        return describeError(error);
      }
      return '';
    };
    expect(line('256')).toBe(
      "--memory 256 is below Docker's minimum of 6 MB. Did you mean --memory 256m? A number without a unit is bytes, as in docker run",
    );
    // 4m is below the minimum too, and 3000000m is no size anyone gives: the plain minimum instead.
    expect(line('4')).toMatch(/Give at least --memory 6m$/);
    expect(line('3000000')).toMatch(/Give at least --memory 6m$/);
    expect(line('1m')).toMatch(/below Docker's minimum of 6 MB\. Give at least --memory 6m$/);
    expect(line('99999999t')).toBe('--memory got "99999999t", which is more than 1 PiB. Use a size such as 256m or 1g');
    expect(toRunSpec({ network: 'none', memory: '6291456' }, 'img', []).memoryBytes).toBe(6 * 1024 * 1024);
  });

  it('refuses a CPU share so small the quota would round to no limit at all', () => {
    expect(() => toRunSpec({ network: 'none', cpus: '1e-320' }, 'img', [])).toThrow(
      '--cpus got "1e-320", which is not a number from 0.01 to 1,024',
    );
    expect(toRunSpec({ network: 'none', cpus: '0.01' }, 'img', []).nanoCpus).toBe(10_000_000);
  });

  it('refuses a bind that is neither a path nor a volume name, before the engine sees it', () => {
    expect(() => toRunSpec({ network: 'none', volume: ['a b:/c'] }, 'img', [])).toThrow(
      '--volume got "a b:/c": "a b" is neither a path nor a volume name',
    );
    expect(() => toRunSpec({ network: 'none', volume: ['x?y:/c'] }, 'img', [])).toThrow(/neither a path nor a volume name/);
  });

  it('refuses a host path that does not exist, which Docker would create as root, where the caller asks', () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-binds-'));
    expect(() => toRunSpec({ network: 'none', volume: ['./missing/x:/x'] }, 'img', [], cwd, localPathExists)).toThrow(
      `--volume got "./missing/x:/x", and ${cwd}/missing/x does not exist`,
    );
    expect(fs.existsSync(path.join(cwd, 'missing'))).toBe(false);
    // A caller that reviews binds itself (a run record's re-planning asks about a missing one) leaves the check out.
    expect(toRunSpec({ network: 'none', volume: ['./missing/x:/x'] }, 'img', [], cwd).binds).toEqual([`${cwd}/missing/x:/x`]);
  });

  it('reads ~user as a shell does, and never as a folder in our own home', () => {
    const root = homeOf('root');
    expect(root).toBeDefined();
    expect(toRunSpec({ network: 'none', volume: ['~root:/r'] }, 'img', []).binds).toEqual([`${root}:/r`]);
    expect(() => toRunSpec({ network: 'none', volume: ['~nosuchuser-ft/x:/x'] }, 'img', [])).toThrow(
      '--volume got "~nosuchuser-ft/x:/x", and there is no user "nosuchuser-ft" in /etc/passwd',
    );
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-home-'));
    fs.mkdirSync(path.join(home, 'in'));
    const saved = process.env.HOME;
    process.env.HOME = home;
    try {
      expect(toRunSpec({ network: 'none', volume: ['~/in:/in', '~:/h'] }, 'img', []).binds).toEqual([`${home}/in:/in`, `${home}:/h`]);
    } finally {
      process.env.HOME = saved;
    }
  });
});

describe("Docker's habits", () => {
  function notes(argv: string[]): string[] {
    const command = addRunOptions(new Command('run'))
      .option('--json')
      .option('--out <dir>')
      .exitOverride()
      .configureOutput({ outputError: () => {} });
    command.parse(expandQuotedRunArgs(argv, command), { from: 'user' });
    return dockerHabitNotes(command);
  }

  it('takes --rm as what functracer always does, and says -i and -t do nothing', () => {
    expect(notes(['--rm', 'img'])).toEqual([]);
    const noted = ['functracer: -i and -t do nothing here: a function runs with no terminal and no input, as on a FaaS platform'];
    expect(notes(['--rm', '-it', 'img']).map((n) => `functracer: ${n}`)).toEqual(noted);
    expect(notes(['-ti', 'img'])).toHaveLength(1);
    expect(notes(['-it img'])).toHaveLength(1);
    expect(notes(['-t', 'img'])[0]).toMatch(/^-t does nothing here/);
  });

  it("warns of functracer's own options after the image, which go to the function", () => {
    expect(notes(['functracer/x', 'a', '--memory', '64m'])).toEqual([
      '--memory 64m comes after the image, so it goes to the function; put it before functracer/x if it is meant for functracer',
    ]);
    expect(notes(['functracer/x', '--memory=64m', '--json', '--out', 'd'])).toEqual([
      '--memory=64m and --json and --out d come after the image, so they go to the function; put them before functracer/x if they are meant for functracer',
    ]);
    // A function's own short flags are its business, and so is a value that only looks like an option.
    expect(notes(['functracer/resize', 'x.jpg', '-v', '50%', '-m', '1', '--memoryless'])).toEqual([]);
    expect(notes(['--memory', '64m', 'functracer/x', 'a'])).toEqual([]);
  });

  it('shows what the user typed after the image, never obeys it', () => {
    expect(notes(['img', '--out', '\x1b]0;owned\x07'])[0]).toContain('--out ^[]0;owned^G comes after the image');
  });
});
