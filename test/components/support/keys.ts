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

export const tick = (ms = 15) => new Promise((resolve) => setTimeout(resolve, ms));

interface Typist {
  stdin: { write: (data: string) => void };
}

/** One key at a time, each given a moment to be handled and drawn, as a person types. */
export async function press(app: Typist, ...keys: string[]): Promise<void> {
  for (const key of keys) {
    app.stdin.write(key);
    // A lone Esc is held back a tick by Ink in case an escape sequence follows.
    await tick(key === KEY.escape ? 30 : 15);
  }
}

/**
 * Waits until the last frame satisfies `check`, or fails after `timeoutMs` showing that frame. Keys are
 * never lost, but on a loaded machine a frame can come long after its key: wait for it, never read the last one.
 */
export async function waitForFrame(
  lastFrame: () => string | undefined,
  check: (frame: string) => boolean,
  timeoutMs = 20_000,
): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const frame = lastFrame() ?? '';
    if (check(frame)) return frame;
    if (Date.now() > until) throw new Error(`timed out waiting; last frame:\n${frame}`);
    await tick(10);
  }
}

/** Waits until `check` holds (a callback was called, a file is there), or fails after `timeoutMs` saying what it waited for. */
export async function waitUntil(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting until ${what}`);
    await tick(10);
  }
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
