import { describe, expect, it } from 'vitest';
import { hangingWrap, wrapWords } from '../../src/core/text-width.js';

describe('wrapping text to a width', () => {
  it('wraps at spaces and cuts only a word longer than the line', () => {
    expect(wrapWords('one two three', 7)).toEqual(['one two', 'three']);
    expect(wrapWords('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('hangs continuation lines under the text', () => {
    expect(hangingWrap('Label  ', 'one two three four five six', 30)).toEqual(['Label  one two three four five', '       six']);
  });

  it('gives a path too long for the column, but not for the line, a line of its own at column 0', () => {
    const url = 'https://example.org/a/rather/long/path/to/a/page.html'; // 54 characters
    const lines = hangingWrap('  source       ', `see ${url} (tier 1)`, 60);
    expect(lines).toEqual(['  source       see', url, '               (tier 1)']);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
    // First, it leaves the label alone on its line.
    expect(hangingWrap('Raw trace  ', url, 60)).toEqual(['Raw trace', url]);
    // A prefix that leaves under 20 columns puts the text under it.
    expect(hangingWrap('  Price increase, unused memory   ', '+0.00 %', 40)).toEqual(['  Price increase, unused memory', '    +0.00 %']);
    // Longer than the whole line, it is cut as before.
    expect(hangingWrap('Raw trace  ', url, 40)).toEqual([
      'Raw trace  https://example.org/a/rather/',
      '           long/path/to/a/page.html',
    ]);
  });
});
