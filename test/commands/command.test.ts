import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { addCommand, declareCommand, textOutput } from '../../src/commands/command.js';
import { numberFlag } from '../../src/commands/flags.js';

/** `twice N`: doubles N; --json prints it as an object; an odd result exits 3, as a command's own code would. */
const twice = declareCommand({
  name: 'twice',
  description: 'double a number',
  flags: (command) => command.argument('<n>').option('--json', 'one JSON object'),
  parse: ([n]: [string], options: { json?: boolean }) => ({
    n: numberFlag(n, 'N', { kind: 'non-negative integer', max: 100, example: '2' }),
    json: options.json === true,
  }),
  run: ({ n }) => ({ doubled: n * 2, at: 0.1 + 0.2 }),
  json: (result) => result,
  text: (result, _request, { width }) => [`doubled: ${result.doubled}`, `width ${width}\nsecond line`],
  exitCode: (result) => (result.doubled % 4 === 2 ? 3 : 0),
});

let written: string[];

beforeEach(() => {
  written = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
  vi.stubEnv('COLUMNS', '37');
  process.exitCode = undefined;
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  process.exitCode = undefined;
});

async function call(...args: string[]): Promise<void> {
  const program = new Command('functracer').exitOverride();
  addCommand(program, twice);
  await program.parseAsync(['node', 'functracer', 'twice', ...args]);
}

describe('addCommand', () => {
  it('prints the text, each line with its newline, at the width looked up once, and exits 0', async () => {
    await call('2');
    expect(written.join('')).toBe('doubled: 4\nwidth 37\nsecond line\n');
    expect(process.exitCode).toBe(0);
  });

  it('prints one JSON line with --json, its fractions without noise, and exits with the code the command picks', async () => {
    await call('3', '--json');
    expect(written.join('')).toBe('{"doubled":6,"at":0.3}\n');
    expect(process.exitCode).toBe(3);
  });

  it('throws a bad flag to the entry before anything runs or prints, leaving the exit code to it', async () => {
    const run = vi.spyOn(twice, 'run');
    const failure = call('x');
    await expect(failure).rejects.toBeInstanceOf(UserError);
    await expect(failure).rejects.toThrow('N got "x"');
    expect(run).not.toHaveBeenCalled();
    expect(written).toEqual([]);
    expect(process.exitCode).toBeUndefined();
  });

  it('prints text when the command has no JSON form, even if --json was given', async () => {
    const plain = declareCommand({ ...twice, json: undefined, exitCode: undefined });
    const program = new Command('functracer').exitOverride();
    addCommand(program, plain);
    await program.parseAsync(['node', 'functracer', 'twice', '5', '--json']);
    expect(written.join('')).toBe('doubled: 10\nwidth 37\nsecond line\n');
    expect(process.exitCode).toBe(0);
  });
});

describe('textOutput', () => {
  const stream = (fields: Partial<NodeJS.WriteStream>) => fields as NodeJS.WriteStream;

  it("takes COLUMNS over the terminal's width, then the terminal's, then 80", () => {
    expect(textOutput(stream({ columns: 120, rows: 40, isTTY: true }), { COLUMNS: '60' })).toEqual({ width: 60, rows: 40, color: true });
    expect(textOutput(stream({ columns: 120, rows: 40, isTTY: true }), {}).width).toBe(120);
    expect(textOutput(stream({}), {})).toEqual({ width: 80, rows: 24, color: false });
  });

  it('allows colour only on a terminal without NO_COLOR', () => {
    expect(textOutput(stream({ isTTY: true }), { NO_COLOR: '1' }).color).toBe(false);
  });
});
