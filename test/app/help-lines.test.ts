import { describe, expect, it } from 'vitest';
import { helpLine } from '../../src/app/key-bindings.js';
import { helpRows } from '../../src/app/present/help-lines.js';

const own = Array.from({ length: 13 }, (_, i) => ({ keys: String.fromCharCode(97 + i), action: `action ${i + 1}` }));
const shared = [
  { keys: '?', action: 'this help' },
  { keys: 'q', action: 'quit' },
  { keys: 'Ctrl-C', action: 'quit, even while typing in a field' },
];
const texts = (rows: number, width = 76) => helpRows('Image selection', own, shared, width, rows).map((row) => row.text);

describe('the help overlay, fitted to its rows', () => {
  it('lists every key with a blank row between the sections when there is room', () => {
    const rows = texts(40);
    expect(rows).toEqual([
      'Help · ? or Esc closes',
      '',
      'Image selection',
      ...own.map(helpLine),
      '',
      'Everywhere',
      ...shared.map(helpLine),
    ]);
  });

  it('drops the blank rows first, then puts the keys of everywhere on one line, and says what a cut list leaves out', () => {
    // 80×24 gives home's help 20 rows: every key still on a line of its own, the sections apart.
    expect(texts(20)).toEqual([
      'Help · ? or Esc closes',
      'Image selection',
      ...own.map(helpLine),
      '',
      'Everywhere',
      ...shared.map(helpLine),
    ]);
    expect(texts(19)).toEqual(['Help · ? or Esc closes', 'Image selection', ...own.map(helpLine), 'Everywhere', ...shared.map(helpLine)]);
    const compact = texts(17);
    expect(compact.length).toBeLessThanOrEqual(17);
    for (const entry of own) expect(compact).toContain(helpLine(entry));
    expect(compact.at(-1)).toBe('Everywhere: ? this help · q quit · Ctrl-C quit, even while typing in a field');
    // 60×20: fewer rows than keys; the list says how many it leaves out, and every row still fits.
    const cut = texts(14, 56);
    expect(cut).toHaveLength(14);
    const shown = own.filter((entry) => cut.includes(helpLine(entry))).length;
    expect(shown).toBeGreaterThanOrEqual(8);
    expect(cut).toContain(`  … ${own.length - shown} more: a taller terminal shows them`);
    expect(cut.some((row) => row.startsWith('Everywhere: ? this help'))).toBe(true);
  });
});
