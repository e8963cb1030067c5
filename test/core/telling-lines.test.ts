import { expect, it } from 'vitest';
import { tellingLines } from '../../src/core/telling-lines.js';

// What functracer/resize's convert prints when its input is not mounted, then a line of its own after it.
const CONVERT = [
  "convert: unable to open image `/in/sample-1mb.jpg': No such file or directory @ error/blob.c/OpenBlob/3014.",
  "convert: no images defined `sample-1mb-50.jpg' @ error/convert.c/ConvertImageCommand/3258.",
  'resize: done',
].join('\n');

it('picks the lines that say what went wrong over the last line', () => {
  expect(tellingLines(CONVERT, CONVERT)).toEqual([
    "convert: unable to open image `/in/sample-1mb.jpg': No such file or directory @ error/blob.c/OpenBlob/3014.",
    "convert: no images defined `sample-1mb-50.jpg' @ error/convert.c/ConvertImageCommand/3258.",
  ]);
});

it('keeps the last three such lines, in their order', () => {
  const stderr = ['error 1', 'error 2', 'ok', 'Permission denied', 'cannot go on', 'bye'].join('\n');
  expect(tellingLines(stderr, stderr)).toEqual(['error 2', 'Permission denied', 'cannot go on']);
});

it("falls back to stderr's last line, then to the last line of everything, and to nothing", () => {
  expect(tellingLines('starting\r\nstopped early\n\n', 'x')).toEqual(['stopped early']);
  expect(tellingLines('', 'step 1\nstep 2\n')).toEqual(['step 2']);
  expect(tellingLines('', '')).toEqual([]);
});
