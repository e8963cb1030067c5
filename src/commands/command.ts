import type { Command, CommandOptions } from 'commander';
import { colorAllowed } from '../core/half-blocks.js';
import { jsonLine } from '../core/json.js';
import { outputWidth } from '../core/text-width.js';

/** Where a command's text goes, looked up once for every command. */
export interface TextOutput {
  /** Columns to fit: COLUMNS, else the terminal's, else 80. */
  width: number;
  /** The terminal's rows, 24 when unknown. */
  rows: number;
  /** Colour codes allowed: stdout is a terminal, and neither NO_COLOR nor TERM=dumb says otherwise. */
  color: boolean;
}

/**
 * A command as data: its flags, the use case it calls, and what it prints as JSON and as text. `addCommand` does the
 * rest the same way for every command: flags → request → run → JSON or text on stdout → exit code. Errors are thrown,
 * never printed here: the entry (src/cli.tsx) prints every one as one line and picks its exit code.
 */
export interface CommandSpec<Args extends unknown[], Options, Request, Result> {
  name: string;
  /** commander's own settings for it, such as `isDefault` for the subcommand a bare group runs. */
  settings?: CommandOptions;
  summary?: string;
  description: string;
  /** Its arguments and flags, on commander's builder. */
  flags(command: Command): Command;
  /** Every flag checked and parsed, before anything runs, into what the use case takes; a bad one throws a UserError. */
  parse(args: Args, options: Options, command: Command): Request | Promise<Request>;
  /** The use case, through src/ops. */
  run(request: Request): Result | Promise<Result>;
  /** What `--json` prints, as one line; a command without `--json` has none. */
  json?(result: Result, request: Request): unknown;
  /** `samples list --json` has always printed indented JSON; every other command prints one line. */
  jsonIndented?: boolean;
  /** The text report, from src/report: lines (each may hold several), each printed with a newline. */
  text(result: Result, request: Request, out: TextOutput): string[];
  /** How the process exits once the output is printed: 0 unless the command says otherwise. */
  exitCode?(result: Result, request: Request): number;
}

/** Declares a command with its types inferred from its parts; `addCommand` registers it. */
export function declareCommand<Args extends unknown[], Options, Request, Result>(
  spec: CommandSpec<Args, Options, Request, Result>,
): CommandSpec<Args, Options, Request, Result> {
  return spec;
}

/** Registers `spec` under `parent` (the program, or a group such as `samples`), and returns the new command. */
export function addCommand<Args extends unknown[], Options, Request, Result>(
  parent: Command,
  spec: CommandSpec<Args, Options, Request, Result>,
): Command {
  const command = parent.command(spec.name, spec.settings).description(spec.description);
  if (spec.summary !== undefined) command.summary(spec.summary);
  return spec.flags(command).action(async (...values: unknown[]) => {
    // commander hands the positional arguments, then the options, then the command itself.
    const args = values.slice(0, -2) as Args;
    const options = values.at(-2) as Options;
    const request = await spec.parse(args, options, command);
    const result = await spec.run(request);
    process.stdout.write(outputOf(spec, result, request, (options as { json?: boolean }).json === true));
    process.exitCode = spec.exitCode?.(result, request) ?? 0;
  });
}

function outputOf<Args extends unknown[], Options, Request, Result>(
  spec: CommandSpec<Args, Options, Request, Result>,
  result: Result,
  request: Request,
  json: boolean,
): string {
  if (json && spec.json) {
    const value = spec.json(result, request);
    return spec.jsonIndented ? `${JSON.stringify(value, null, 2)}\n` : jsonLine(value);
  }
  return spec
    .text(result, request, textOutput())
    .map((line) => `${line}\n`)
    .join('');
}

/** The width, rows and colour of stdout, looked up here and nowhere else. */
export function textOutput(stdout: NodeJS.WriteStream = process.stdout, env: NodeJS.ProcessEnv = process.env): TextOutput {
  return {
    width: outputWidth(env, stdout.columns),
    rows: stdout.rows || 24,
    color: Boolean(stdout.isTTY) && colorAllowed(env),
  };
}
