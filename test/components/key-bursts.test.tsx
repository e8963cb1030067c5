import { cleanup, render } from 'ink-testing-library';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../components/App.js';
import { createShell } from '../../src/app/screens/shell/shell.js';
import { SETTING_FIELDS } from '../../src/app/screens/cost/state.js';
import { topRoute } from '../../src/app/screens/shell/state.js';
import { fakeEngine, fakeServices, memshapeTrace, scriptedJob } from './support/fakes.js';
import { KEY, press, selectImage, waitForFrame, waitUntil } from './support/keys.js';

afterEach(() => cleanup());
// The App loads the screens past home once it is drawn: loaded here first, none is still loading when a test ends.
beforeAll(async () => {
  await Promise.all([
    import('../../components/screens/LiveTraceScreen.js'),
    import('../../components/screens/CostScreen.js'),
    import('../../components/screens/MultiRunScreen.js'),
    import('../../components/screens/HullScreen.js'),
    import('../../components/screens/TuneScreen.js'),
  ]);
});

function app() {
  const shell = createShell(fakeServices(fakeEngine(() => scriptedJob(memshapeTrace()).job)));
  return { ...render(<App shell={shell} color={false} />), home: shell.home };
}

/** `count` characters drawn from `chars`, the same on every run (a fixed linear congruential sequence). */
function typed(count: number, chars: string, seed: number): string {
  let x = seed;
  return Array.from({ length: count }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return chars[x % chars.length]!;
  }).join('');
}

/** Writes `text` to the terminal in bursts of 1 to 29 characters, back to back, as a paste or tmux send-keys does. */
function burst(ui: { stdin: { write: (data: string) => void } }, text: string): void {
  for (let at = 0, size = 1; at < text.length; at += size, size = (size * 7) % 29 || 1) ui.stdin.write(text.slice(at, at + size));
}

/**
 * The N the multi-run screen gives its session for each key, as its help says: - and + one fewer or one more
 * (1 to 10,000), digits typed one after another one number without its leading zeros, a number past 10,000 refused.
 */
function runsGiven(first: number, keys: string): number[] {
  const given: number[] = [];
  let runs = first;
  let typed = '';
  for (const key of keys) {
    if (key === '+' || key === '-') {
      typed = '';
      runs = Math.min(10_000, Math.max(1, runs + (key === '+' ? 1 : -1)));
      given.push(runs);
      continue;
    }
    const text = `${typed}${key}`.replace(/^0+/, '');
    if (text === '' || Number(text) > 10_000) {
      typed = text === '' ? '' : typed;
      continue;
    }
    typed = text;
    runs = Number(text);
    given.push(runs);
  }
  return given;
}

describe('keys typed in bursts reach the field in order, every one', () => {
  it("home's filter: 200 keys", async () => {
    const ui = app();
    await waitForFrame(ui.lastFrame, (f) => f.includes('alpine') && f.includes('engine: ready'));
    const text = typed(200, 'abcdefghijklmnopqrstuvwxyz0123456789-_.:', 1);
    // The / that opens the filter goes in the same burst as the text: the keys after it must not run m, p, h or s.
    burst(ui, `/${text}`);
    await waitUntil('every key is in the filter', () => ui.home.getState().filter.length >= 200);
    expect(ui.home.getState().filter).toBe(text);
    await press(ui, KEY.enter);
    expect(await waitForFrame(ui.lastFrame, (f) => f.includes('Images (0)'))).toContain('nothing matches');
  });

  it.each([
    ['volumes', 0, 'abcdefghijklmnopqrstuvwxyz0123456789/:._-'],
    ['copy of', 1, 'abcdefghijklmnopqrstuvwxyz0123456789/._-'],
    ['memory', 2, '0123456789kmg'],
    ['args', 3, 'abcdefghijklmnopqrstuvwxyz0123456789 :%.'],
  ])("home's options, the %s field: 200 keys", async (_name, index, chars) => {
    const ui = app();
    await waitForFrame(ui.lastFrame, (f) => f.includes('alpine') && f.includes('engine: ready'));
    // compress has all four options, its copied folder included.
    await selectImage(ui, 'functracer/compress');
    const field = (['volumes', 'scratchFrom', 'memory', 'args'] as const)[index]!;
    const text = typed(200, chars, 7 + index);
    burst(ui, `\t\t${'j'.repeat(index)}\r\x15${text}`);
    await waitUntil('every key is in the field', () => (ui.home.getState().editing?.value.length ?? 0) >= 200);
    expect(ui.home.getState().editing).toEqual({ field, value: text });
    // The field shows its end as it is typed.
    expect(await waitForFrame(ui.lastFrame, (f) => f.includes(`${text.slice(-20)}▏`))).toContain('Enter keep');
  });

  it.each([
    ['events', 0, 'abcdefghijklmnopqrstuvwxyz0123456789/._-'],
    ['invocations', 1, '0123456789'],
  ] as const)("home's options for a Lambda function, the %s field: 200 keys", async (field, index, chars) => {
    const ui = app();
    await waitForFrame(ui.lastFrame, (f) => f.includes('alpine') && f.includes('engine: ready'));
    await selectImage(ui, 'functracer/lambda-c');
    const text = typed(200, chars, 17 + index);
    burst(ui, `\t\t${'j'.repeat(index)}\r\x15${text}`);
    await waitUntil('every key is in the field', () => (ui.home.getState().editing?.value.length ?? 0) >= 200);
    expect(ui.home.getState().editing).toEqual({ field, value: text });
    expect(await waitForFrame(ui.lastFrame, (f) => f.includes(`${text.slice(-20)}▏`))).toContain('Enter keep');
  });

  it.each([
    ['Requests per month', 1, '0123456789,_ '],
    ['Sampling interval (ms)', 3, '0123456789.,_ '],
    ['Output folder', 4, 'abcdefghijklmnopqrstuvwxyz0123456789/._-'],
  ])('the cost screen, the %s field: 200 keys', async (_name, index, chars) => {
    const shell = createShell(fakeServices(fakeEngine(() => scriptedJob(memshapeTrace()).job)));
    const ui = render(<App shell={shell} color={false} />);
    await waitForFrame(ui.lastFrame, (f) => f.includes('alpine'));
    const cost = () => {
      const top = shell.store.getState().stack.at(-1)!;
      return top.screen === 'cost' ? top.model.store.getState() : undefined;
    };
    const text = typed(200, chars, 11 + index);
    // The c that opens the screen goes in the same burst: the keys after it are the cost screen's, not home's.
    burst(ui, `c${'j'.repeat(index)}\r\x15${text}`);
    await waitUntil('every key is in the field', () => (cost()?.editing?.value.length ?? 0) >= 200);
    expect(cost()?.editing).toEqual({ key: SETTING_FIELDS[index], value: text });
    // The field shows its start, cut at the pane's edge, as it is typed.
    expect(await waitForFrame(ui.lastFrame, (f) => f.includes('Enter save'))).toContain(text.slice(0, 20));
  });
});

describe("the Tune screen's fields: keys typed in bursts, every one in order", () => {
  it.each([
    ['sizes', 1, '0123456789,'],
    ['runs', 2, '0123456789'],
  ])('the %s field: 200 keys', async (field, index, chars) => {
    const shell = createShell(fakeServices(fakeEngine(() => scriptedJob(memshapeTrace()).job)));
    const ui = render(<App shell={shell} color={false} />);
    const tune = () => {
      const top = topRoute(shell.store.getState());
      return top.screen === 'tune' ? top.model.store.getState() : undefined;
    };
    await waitForFrame(ui.lastFrame, (f) => f.includes('alpine') && f.includes('engine: ready'));
    await selectImage(ui, 'functracer/memshape');
    await press(ui, 'p', ...Array<string>(index).fill(KEY.right));
    await waitUntil('the cursor is on the field', () => tune()?.cursor === index);
    const text = typed(200, chars, 11 + index);
    // The Enter that opens the field goes in the same burst as the text: every key after it is the field's.
    burst(ui, `\r\x15${text}`);
    await waitUntil('every key is in the field', () => (tune()?.editing?.value.length ?? 0) >= 200);
    expect(tune()!.editing).toEqual({ field, value: text });
    const label = field === 'sizes' ? 'Sizes' : 'Runs';
    expect(await waitForFrame(ui.lastFrame, (f) => f.includes(`›${label} ${text.slice(0, 20)}`))).toContain('Enter keep');
  });
});

describe("the hull screen's fields: keys typed in bursts, every one in order", () => {
  it.each([
    ['runs', 0, '0123456789'],
    ['step', 1, '0123456789.'],
    ['lookahead', 2, '0123456789'],
    ['buffer', 3, '0123456789.'],
  ] as const)("the hull screen's %s field: 200 keys", async (field, index, chars) => {
    const shell = createShell(fakeServices(fakeEngine(() => scriptedJob(memshapeTrace()).job)));
    const ui = render(<App shell={shell} color={false} />);
    await waitForFrame(ui.lastFrame, (f) => f.includes('alpine') && f.includes('engine: ready'));
    await press(ui, 'h');
    await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · hull') && f.includes('sample-5mb'));
    const top = shell.store.getState().stack.at(-1)!;
    if (top.screen !== 'hull') throw new Error(`the hull screen is not on top: ${top.screen}`);
    const hull = top.model.store;
    const text = typed(200, chars, 11 + index);
    // Past the three inputs to the field, Enter edits it, Ctrl-U clears it; the keys after go in the same burst.
    burst(ui, `${'j'.repeat(3 + index)}\r\x15${text}`);
    await waitUntil('every key is in the field', () => (hull.getState().editing?.value.length ?? 0) >= 200);
    expect(hull.getState().editing).toEqual({ field, value: text });
    expect(hull.getState().notice).toBeUndefined();
    expect(await waitForFrame(ui.lastFrame, (f) => f.includes('Enter keep'))).toContain('Esc cancel');
  });
});

describe("the multi-run screen's N: keys typed in bursts, every one in order", () => {
  it("multi-run's N: 200 keys, + and - and digits typed into one number", async () => {
    const shell = createShell(fakeServices(fakeEngine(() => scriptedJob(memshapeTrace()).job)));
    const ui = render(<App shell={shell} color={false} />);
    await waitForFrame(ui.lastFrame, (f) => f.includes('alpine') && f.includes('engine: ready'));
    await selectImage(ui, 'functracer/memshape');
    await press(ui, 'm');
    await waitForFrame(ui.lastFrame, (f) => f.includes('functracer · multi-run') && f.includes('N = ‹ 5 ›'));
    const route = shell.store.getState().stack.at(-1)!;
    if (route.screen !== 'multi') throw new Error(`the multi-run screen is not on top: ${route.screen}`);
    // Every N the session is given, in order: a key lost or moved changes the list.
    const given: number[] = [];
    route.source.subscribe(() => given.push(route.source.getSnapshot().runs));
    const text = typed(200, '+-+-0123456789', 11);
    burst(ui, text);
    const expected = runsGiven(5, text);
    await waitUntil('every key is applied', () => given.length >= expected.length);
    expect(given).toEqual(expected);
    await waitForFrame(ui.lastFrame, (f) => f.includes(`N = ‹ ${expected.at(-1)} ›`));
  });
});
