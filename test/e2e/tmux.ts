import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A tmux server of our own (its own socket, no user config) running one
 * program in an 80×24 pane: a real terminal for the TUI, driven with keys
 * and read back as text. Only this server is ever killed.
 */
export class TmuxTerminal {
  readonly socket: string;

  constructor(
    name: string,
    private readonly size = { columns: 80, rows: 24 },
  ) {
    this.socket = `functracer-test-${name}-${process.pid}`;
  }

  private tmux(...args: string[]) {
    return run('tmux', ['-L', this.socket, '-f', '/dev/null', ...args]);
  }

  /** Starts `argv` in the pane; `env` is added to the pane's environment. */
  async start(argv: string[], options: { cwd: string; env?: Record<string, string> }): Promise<void> {
    const env = Object.entries(options.env ?? {}).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
    await this.tmux('new-session', '-d', '-x', String(this.size.columns), '-y', String(this.size.rows), '-c', options.cwd, ...env, ...argv);
    // Keep the pane after the program exits, so its last screen and exit status can be read.
    await this.tmux('set-option', '-g', 'remain-on-exit', 'on').catch(() => undefined);
  }

  /**
   * Every byte the program writes to the pane from now on, appended to `file`:
   * what a terminal would be asked to do, escape sequences included.
   */
  async record(file: string): Promise<void> {
    // tmux runs the pipe command with sh; the file is a temporary path of the test's own.
    await this.tmux('pipe-pane', '-O', `cat >> '${file.replace(/'/g, '')}'`);
  }

  /** Keys by tmux name (Enter, Escape, Tab, BSpace, C-u) or single characters. */
  async keys(...keys: string[]): Promise<void> {
    await this.tmux('send-keys', ...keys);
  }

  /** Text typed as is, in one burst, as a paste or a fast typist sends it. */
  async type(text: string): Promise<void> {
    await this.tmux('send-keys', '-l', text);
  }

  /** Resizes the terminal, as a user dragging its window does; the program gets SIGWINCH. */
  async resize(columns: number, rows: number): Promise<void> {
    await this.tmux('resize-window', '-x', String(columns), '-y', String(rows));
  }

  async screen(): Promise<string> {
    return withoutDeadNotice((await this.tmux('capture-pane', '-p')).stdout);
  }

  /** The screen with up to `lines` of scrollback above it. */
  async scrollback(lines = 500): Promise<string> {
    return withoutDeadNotice((await this.tmux('capture-pane', '-p', '-S', String(-lines))).stdout);
  }

  /** Like scrollback, with the rows of each line the terminal wrapped joined again: how long the program's lines were. */
  async joinedScrollback(lines = 500): Promise<string> {
    return withoutDeadNotice((await this.tmux('capture-pane', '-p', '-J', '-S', String(-lines))).stdout);
  }

  async pid(): Promise<number> {
    return Number((await this.tmux('list-panes', '-F', '#{pane_pid}')).stdout.trim());
  }

  /** True once the program in the pane has exited. */
  async exited(): Promise<boolean> {
    const { stdout } = await this.tmux('list-panes', '-F', '#{pane_dead}').catch(() => ({ stdout: '1' }));
    return stdout.trim() === '1';
  }

  /** Waits for the program to exit; fails with the last screen after `timeoutMs`, so a hang shows what it waited on. */
  async waitForExit(timeoutMs: number, what = 'the program to exit'): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (await this.exited()) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting for ${what}; the screen was:\n${await this.screen()}`);
  }

  /** Polls the screen until `check` holds; fails with the last screen after `timeoutMs`. */
  async waitFor(check: (screen: string) => boolean, timeoutMs = 10_000, what = 'the screen'): Promise<string> {
    const until = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < until) {
      last = await this.screen();
      if (check(last)) return last;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`timed out waiting for ${what}; the screen was:\n${last}`);
  }

  /** Closes the terminal as a dropped SSH session does: the session goes, and the program's terminal hangs up under it. */
  async closeSession(): Promise<void> {
    await this.tmux('kill-session');
  }

  /** Stops this server only, and removes the socket file a server that exited on its own leaves behind. */
  async kill(): Promise<void> {
    await this.tmux('kill-server').catch(() => undefined);
    // tmux keeps sockets in TMUX_TMPDIR, else /tmp (not TMPDIR).
    const dir = path.join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`);
    fs.rmSync(path.join(dir, this.socket), { force: true });
  }
}

/**
 * `argv` behind a shell that ignores the terminal's hang-up and Ctrl-C (Node resets both for the program it starts)
 * and stays to write the program's exit code to
 * `$CODE_FILE`, with the program's stderr in `$ERR_FILE` (so a stack trace or a Node assertion is seen even
 * after the terminal is gone). `detached` starts it in a session of its own (setsid): no SIGHUP reaches it
 * when the terminal closes, only the terminal it writes to and reads from is gone.
 */
export function watched(argv: string[], detached = false): string[] {
  const run = detached ? 'setsid -w "$@"' : '"$@"';
  return ['sh', '-c', `trap "" HUP INT; ${run} 2>"$ERR_FILE"; echo $? >"$CODE_FILE"`, 'sh', ...argv];
}

/**
 * remain-on-exit keeps the pane to read after the program exits, and tmux 3.3 writes "Pane is dead (status 2, …)"
 * on its last row once it notices: a line the program never printed, there or not depending on timing.
 */
function withoutDeadNotice(text: string): string {
  return text.replace(/^Pane is dead \(.*\)\s*$/m, '');
}
