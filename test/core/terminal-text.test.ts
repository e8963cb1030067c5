import { describe, expect, it } from 'vitest';
import { describeError, UserError } from '../../src/core/errors.js';
import { asciiPlot } from '../../src/core/plot-ascii.js';
import { terminalSafe } from '../../src/core/terminal-text.js';
import { renderTable } from '../../src/core/text-table.js';
import { Trace } from '../../src/core/trace.js';
import { hangingWrap, wrapWords } from '../../src/core/text-width.js';

/** Anything a terminal would act on: ESC, BEL, any other C0 or C1 control, DEL. */
// eslint-disable-next-line no-control-regex -- the point of the test
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const HOSTILE = 'evil\x1b]0;owned\x07\x1b[2J\x9b31m\x7f\u202etxt.csv';

describe('terminal-safe text', () => {
  it('shows every control character as cat -v does, and direction marks by their code', () => {
    expect(terminalSafe(HOSTILE)).toBe('evil^[]0;owned^G^[[2JM-^[31m^?<U+202E>txt.csv');
    expect(terminalSafe('a\tb\nc\r')).toBe('a^Ib^Jc^M');
    expect(terminalSafe('plain · text ✓ 128 MB')).toBe('plain · text ✓ 128 MB');
  });

  it('is applied to errors, wrapped report lines, tables and plot titles', () => {
    const error = describeError(new UserError(`cannot read ${HOSTILE}`, `Check ${HOSTILE}`));
    expect(error).not.toMatch(CONTROL);
    expect(error).toContain('evil^[]0;owned^G');
    for (const line of [...wrapWords(`Raw trace ${HOSTILE}`, 20), ...hangingWrap('Image  ', HOSTILE, 80)]) {
      expect(line).not.toMatch(CONTROL);
    }
    // Measured as shown: the table's columns still line up.
    const table = renderTable(
      [
        { header: 'file', align: 'left', priority: 0 },
        { header: 'n', align: 'right', priority: 0 },
      ],
      [[HOSTILE, '1']],
      80,
    );
    for (const line of table) expect(line).not.toMatch(CONTROL);
    expect(table[1]!.lastIndexOf('1')).toBe(table[0]!.indexOf('n'));
    const small = new Trace();
    [0, 50, 120].forEach((ms, i) => small.append(ms, (i + 1) * 2 ** 20, NaN));
    const plot = asciiPlot(
      { title: HOSTILE, traces: [{ name: HOSTILE, trace: small, durationMs: 150 }] },
      { width: 60, height: 8, color: true },
    );
    expect(plot[0]).toBe(terminalSafe(HOSTILE));
    // Its own colours stay: only what came from outside is shown instead of obeyed.
    expect(plot.at(-1)!.endsWith(`\x1b[0m ${terminalSafe(HOSTILE)}`)).toBe(true);
    expect(plot.at(-1)).toContain('\x1b[34m');
  });
});
