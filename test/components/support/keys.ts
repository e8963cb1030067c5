import { vi } from 'vitest';

/** What terminals send for the keys the TUI uses. */
export const KEY = {
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  enter: '\r',
  escape: '\x1b',
  backspace: '\x7f',
  tab: '\t',
  ctrlC: '\x03',
  ctrlD: '\x04',
  ctrlU: '\x15',
  home: '\x1b[H',
  end: '\x1b[F',
  pageDown: '\x1b[6~',
} as const;

/** One turn of the event loop: Ink hands a lone Esc on after one (it may start a sequence), React draws in the next. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
/** Turns a key is given to be drawn, however slow the machine: turns are counted, not timed. */
const TURNS_PER_KEY = 5;

interface Typist {
  stdin: { write: (data: string) => void };
  /** Every frame Ink has written (ink-testing-library's `frames`): one more for each render. */
  frames: readonly string[];
}

/**
 * One key at a time, as a person types, each once it has been drawn: a key the
 * screen handles is drawn in the next frame, so the last frame then shows it. A
 * key that changes nothing may draw nothing: after a few turns of the event loop
 * without a frame the next key goes, since whatever it did has been done by then.
 */
export async function press(app: Typist, ...keys: string[]): Promise<void> {
  for (const key of keys) {
    const drawn = app.frames.length;
    app.stdin.write(key);
    for (let turn = 0; turn < TURNS_PER_KEY && app.frames.length === drawn; turn++) await nextTurn();
  }
}

/**
 * Waits until the last frame satisfies `check`, or fails after `timeoutMs` showing that frame. Keys are
 * never lost, but on a loaded machine a frame can come long after its key: wait for it, never read the last one.
 */
export function waitForFrame(lastFrame: () => string | undefined, check: (frame: string) => boolean, timeoutMs = 20_000): Promise<string> {
  return vi.waitFor(
    () => {
      const frame = lastFrame() ?? '';
      if (!check(frame)) throw new Error(`timed out waiting; last frame:\n${frame}`);
      return frame;
    },
    { timeout: timeoutMs, interval: 10 },
  );
}

/** Waits until `check` holds (a callback was called, a file is there), or fails after `timeoutMs` saying what it waited for. */
export function waitUntil(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  return vi.waitFor(
    () => {
      if (!check()) throw new Error(`timed out waiting until ${what}`);
    },
    { timeout: timeoutMs, interval: 10 },
  );
}

/**
 * Selects `image` in home's list of images as a user would: to the top with g, then j down to it. Keys are
 * never lost, so the count read from the frame is the count pressed; the frame is waited for, never assumed.
 */
export async function selectImage(app: Typist & { lastFrame: () => string | undefined }, image: string): Promise<string> {
  const listed = await waitForFrame(app.lastFrame, (f) => f.includes(` ${image} `));
  const rows = [...listed.matchAll(/[║│][› ] ((?:functracer\/|alpine)\S*)/g)].map((m) => m[1]);
  const index = rows.indexOf(image);
  if (index < 0) throw new Error(`${image} is not in the list: ${rows.join(', ')}`);
  await press(app, 'g', ...Array<string>(index).fill('j'));
  return waitForFrame(app.lastFrame, (f) => f.includes(`› ${image} `));
}

/** What every screen gets from the App: an 80×24 terminal (less the header), no colour, on top, inert quit and help. */
export const CHROME = { width: 80, height: 22, color: false, active: true, onQuit: () => {}, onHelp: () => {} } as const;
