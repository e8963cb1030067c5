import { describe, expect, it, vi } from 'vitest';
import { NO_KEY, type KeyPress } from '../../src/app/key-split.js';
import { KeyPath, type KeyOutcome } from '../../src/app/screens/key-path.js';
import { createShell } from '../../src/app/screens/shell/shell.js';
import { fakeEngine, fakeServices, memshapeTrace, scriptedJob } from '../components/support/fakes.js';

describe('the one key path', () => {
  it('splits a merged burst and routes each key in order, at once, while each is applied', () => {
    const seen: string[] = [];
    const path = new KeyPath(
      (press) => (seen.push(press.input), 'applied'),
      () => {},
    );
    path.receive('ab\rc', NO_KEY);
    expect(seen).toEqual(['a', 'b', '', 'c']);
  });

  it('after a key handed to a screen that reads keys in its render, the next waits until the shell has drawn', () => {
    const seen: string[] = [];
    const outcomes: KeyOutcome[] = ['handed', 'hold', 'applied', 'applied'];
    const askDraw = vi.fn();
    const path = new KeyPath((press: KeyPress) => {
      const outcome = outcomes.shift()!;
      if (outcome !== 'hold') seen.push(press.input);
      return outcome;
    }, askDraw);
    path.receive('xyz', NO_KEY);
    expect(seen).toEqual(['x']);
    expect(askDraw).toHaveBeenCalledOnce();
    // y is held once more (the screen it is for is not drawn yet), then goes, and z with it.
    path.drawn();
    expect(seen).toEqual(['x']);
    path.drawn();
    expect(seen).toEqual(['x', 'y', 'z']);
  });
});

describe("the shell's keys", () => {
  const shell = () => {
    const made = createShell(fakeServices(fakeEngine(() => scriptedJob(memshapeTrace()).job)));
    const quit = vi.fn();
    made.bind({
      quit,
      forceQuit: () => {},
      opens: { trace: () => {}, multi: () => {}, tune: () => {}, hull: () => {} },
    });
    return { ...made, quit };
  };

  it('? opens help over home and Esc closes it, in one burst; q quits from help', () => {
    const s = shell();
    s.keys.receive('?', NO_KEY);
    expect(s.store.getState().help).toBe(true);
    s.keys.receive('\x1b', { ...NO_KEY, escape: true });
    expect(s.store.getState().help).toBe(false);
    s.keys.receive('?q', NO_KEY);
    expect(s.quit).toHaveBeenCalledOnce();
  });

  it('a key home takes is not the shell’s: q typed in the filter is a letter, Ctrl-C still quits', () => {
    const s = shell();
    s.keys.receive('/q', NO_KEY);
    expect(s.home.getState().filter).toBe('q');
    expect(s.quit).not.toHaveBeenCalled();
    s.keys.receive('c', { ...NO_KEY, ctrl: true });
    expect(s.quit).toHaveBeenCalledOnce();
  });

  it('c opens the cost screen at once, and the keys after it wait for the screen to be drawn', () => {
    const s = shell();
    s.keys.receive('cj', NO_KEY);
    expect(s.store.getState().stack.map((r) => r.screen)).toEqual(['home', 'cost']);
    // j is held for the cost screen: home's cursor did not move.
    expect(s.home.getState().selected.images).toBe(0);
  });
});
