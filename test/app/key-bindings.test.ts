import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { NO_KEY } from '../../src/app/key-split.js';
import { barHints, helpEntries, matches, matchesKey, type BindingInfo, type KeyName } from '../../src/app/key-bindings.js';

const key = (flags: Partial<Key> = {}): Key => ({ ...NO_KEY, ...flags });
const bind = (keys: KeyName[], more: Partial<BindingInfo> = {}): BindingInfo => ({
  keys,
  help: `help for ${keys.join(' ')}`,
  ...more,
});

describe('matchesKey', () => {
  it('matches named keys on the flags Ink sets', () => {
    expect(matchesKey('up', '', key({ upArrow: true }))).toBe(true);
    expect(matchesKey('down', '', key({ upArrow: true }))).toBe(false);
    expect(matchesKey('return', '', key({ return: true }))).toBe(true);
    expect(matchesKey('pagedown', '', key({ pageDown: true }))).toBe(true);
    expect(matchesKey('space', ' ', key())).toBe(true);
    expect(matchesKey('escape', '', key({ escape: true, meta: true }))).toBe(true);
  });

  it('takes Backspace sent as DEL, which Ink calls delete, for backspace', () => {
    expect(matchesKey('backspace', '', key({ delete: true }))).toBe(true);
    expect(matchesKey('backspace', '', key({ backspace: true }))).toBe(true);
    expect(matchesKey('escape', '', key({ delete: true }))).toBe(false);
  });

  it('tells Tab from Shift-Tab', () => {
    expect(matchesKey('tab', '', key({ tab: true }))).toBe(true);
    expect(matchesKey('tab', '', key({ tab: true, shift: true }))).toBe(false);
    expect(matchesKey('shift-tab', '', key({ tab: true, shift: true }))).toBe(true);
  });

  it('matches characters and digits, but not with Ctrl: Ctrl-C is not c', () => {
    expect(matchesKey('x', 'x', key())).toBe(true);
    expect(matchesKey('+', '+', key())).toBe(true);
    expect(matchesKey('?', '?', key({ shift: true }))).toBe(true);
    expect(matchesKey('c', 'c', key({ ctrl: true }))).toBe(false);
    expect(matchesKey('ctrl-c', 'c', key({ ctrl: true }))).toBe(true);
    expect(matchesKey('ctrl-c', 'c', key())).toBe(false);
    expect(matchesKey('digit', '7', key())).toBe(true);
    expect(matchesKey('digit', '12', key())).toBe(false);
    expect(matchesKey('digit', 'a', key())).toBe(false);
  });

  it('matches a binding on any of its keys', () => {
    const move = bind(['down', 'j']);
    expect(matches(move, 'j', key())).toBe(true);
    expect(matches(move, '', key({ downArrow: true }))).toBe(true);
    expect(matches(move, 'k', key())).toBe(false);
  });
});

describe('barHints', () => {
  it('lists labelled bindings that hold, in table order, with their keys as symbols or as shown', () => {
    const table = [
      bind(['x'], { label: 'stop', when: () => false }),
      bind(['return'], { label: 'start' }),
      bind(['up', 'down', 'j', 'k'], { label: 'select', show: '↑↓/jk' }),
      bind(['g']),
      bind(['tab'], { label: 'pane' }),
    ];
    expect(barHints(table)).toEqual([
      { key: 'Enter', label: 'start' },
      { key: '↑↓/jk', label: 'select' },
      { key: 'Tab', label: 'pane' },
    ]);
  });

  it('leaves out a binding an earlier one hides, but not one an earlier idle binding shares keys with', () => {
    let running = true;
    const table = [
      bind(['escape', 'backspace'], { label: 'stop & back', show: 'Esc', when: () => running }),
      bind(['escape', 'backspace'], { label: 'back', show: 'Esc' }),
    ];
    expect(barHints(table)).toEqual([{ key: 'Esc', label: 'stop & back' }]);
    running = false;
    expect(barHints(table)).toEqual([{ key: 'Esc', label: 'back' }]);
  });

  it('says `? more` when a key that works now is not in the bar, moving about aside', () => {
    let hull = false;
    const table = [
      bind(['t'], { label: 'train' }),
      bind(['a'], { label: undefined, when: () => !hull }),
      bind(['home', 'g', 'end', 'G']),
      bind(['?'], { label: 'help' }),
      bind(['q'], { label: 'quit' }),
      bind(['ctrl-c']),
    ];
    expect(barHints(table).map((h) => `${h.key} ${h.label}`)).toEqual(['t train', '? more', 'q quit']);
    hull = true;
    expect(barHints(table).map((h) => `${h.key} ${h.label}`)).toEqual(['t train', '? help', 'q quit']);
  });

  it('still offers a binding with a key of its own left', () => {
    const table = [bind(['q'], { label: 'stop' }), bind(['q', 'ctrl-c'], { label: 'quit' })];
    expect(barHints(table).map((h) => h.label)).toEqual(['stop', 'quit']);
  });
});

describe('helpEntries', () => {
  it('lists every binding, whether it holds now or not, with all its keys', () => {
    const table = [
      bind(['x'], { when: () => false, help: 'stop' }),
      bind(['up', 'down', 'j', 'k'], { show: '↑↓/jk', help: 'move' }),
      bind(['left', 'right', '-', '+', 'digit'], { help: 'choose N' }),
    ];
    expect(helpEntries(table)).toEqual([
      { keys: 'x', action: 'stop' },
      { keys: '↑ ↓ j k', action: 'move' },
      { keys: '← → - + 0-9', action: 'choose N' },
    ]);
  });

  it('lists a key once when two bindings say the same, the first one', () => {
    const table = [
      bind(['e'], { label: 'export', help: 'export the picture' }),
      bind(['e'], { label: 'export', help: 'export the picture' }),
      bind(['escape', 'backspace'], { help: 'back' }),
    ];
    expect(helpEntries(table)).toEqual([
      { keys: 'e', action: 'export the picture' },
      { keys: 'Esc Backspace', action: 'back' },
    ]);
  });
});
