import { describe, expect, it, vi } from 'vitest';
import { NO_KEY } from '../../src/app/key-split.js';
import { KeyPath } from '../../src/app/screens/key-path.js';
import { createShell } from '../../src/app/screens/shell/shell.js';
import { fakeEngine, fakeServices, memshapeTrace, scriptedJob } from '../components/support/fakes.js';

describe('the one key path', () => {
  it('splits a merged burst and routes each key in order, at once, while each is applied', () => {
    const seen: string[] = [];
    const path = new KeyPath((press) => seen.push(press.input));
    path.receive('ab\rc', NO_KEY);
    expect(seen).toEqual(['a', 'b', '', 'c']);
  });
});

describe("the shell's keys", () => {
  const shell = () => {
    const made = createShell(fakeServices(fakeEngine(() => scriptedJob(memshapeTrace()).job)));
    const quit = vi.fn();
    made.bind({
      quit,
      forceQuit: () => {},
      opens: { trace: () => {}, invoke: () => {}, multi: () => {}, tune: () => {}, hull: () => {} },
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

  it('c opens the cost screen at once, and the keys after it in the burst are its, before any render', () => {
    const s = shell();
    s.keys.receive('cj', NO_KEY);
    const top = s.store.getState().stack.at(-1)!;
    if (top.screen !== 'cost') throw new Error(`the cost screen is not on top: ${top.screen}`);
    // j moved the cost screen's cursor, not home's.
    const { pane, selected } = top.model.store.getState();
    expect(selected[pane]).toBe(1);
    expect(s.home.getState().selected.images).toBe(0);
  });
});
