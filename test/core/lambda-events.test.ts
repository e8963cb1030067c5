import { expect, it } from 'vitest';
import { describeError } from '../../src/core/errors.js';
import { MAX_EVENT_BYTES, parseEvents } from '../../src/core/lambda-events.js';

const payloads = (text: string) => parseEvents(text, 'e.json').map((e) => [e.payload.toString(), e.source]);
const refusal = (text: string) => {
  try {
    parseEvents(text, 'e.json');
  } catch (error) {
    return describeError(error);
  }
  throw new Error('not refused');
};

it('takes a file of one JSON value as one event, however many lines it spans, byte for byte', () => {
  expect(payloads('{\n  "mb": 16,\n  "ms": 5\n}\n')).toEqual([['{\n  "mb": 16,\n  "ms": 5\n}', 'e.json']]);
  expect(payloads('\uFEFF[1, 2]')).toEqual([['[1, 2]', 'e.json']]);
  expect(payloads('"just a string"')).toEqual([['"just a string"', 'e.json']]);
});

it('takes JSON lines as one event a line, in order, blank lines skipped, each named by its line', () => {
  expect(payloads('{"mb":16}\n\n{"mb":64}\r\n{"mb":32}\n')).toEqual([
    ['{"mb":16}', 'e.json:1'],
    ['{"mb":64}', 'e.json:3'],
    ['{"mb":32}', 'e.json:4'],
  ]);
});

it('names the file and the line of an event that is not JSON, on one line', () => {
  expect(refusal('{"mb":16}\n{"mb":}\n{"mb":32}')).toBe(
    "--event e.json line 2 is not JSON: Unexpected token '}'. Give one JSON event in the file, or one JSON event a line",
  );
  // A document over several lines, broken: its own line and column, not "line 1 is not JSON".
  expect(refusal('{\n  "mb": 16,\n}\n')).toMatch(
    /^--event e\.json is not JSON at line 3, column 1: Expected double-quoted property name\. /,
  );
  expect(refusal('mb=16')).toMatch(/^--event e\.json is not JSON: Unexpected token 'm'\. /);
  expect(refusal(' \n\n')).toBe('--event e.json holds no event. Give one JSON event in the file, or one JSON event a line');
});

it("refuses an event over Lambda's 6 MB payload limit, naming its line", () => {
  const big = `"${'x'.repeat(MAX_EVENT_BYTES)}"`;
  expect(refusal(`{"mb":1}\n${big}`)).toMatch(/^--event e\.json line 2 is 6,291,458 bytes, over Lambda's 6,291,456 for an event\. /);
  expect(parseEvents(`"${'x'.repeat(MAX_EVENT_BYTES - 2)}"`, 'e.json')).toHaveLength(1);
});
