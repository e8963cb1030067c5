import { expect, it } from 'vitest';
import { formatRunReport, sampleShortfall } from '../../src/report/run-report.js';
import { memshapeTrace, resultFor } from '../components/support/fakes.js';
import { grouped } from '../../src/core/units.js';

it('says when a run has under half the samples its interval promises, and only then', () => {
  expect(sampleShortfall({ samples: 400, samplesExpected: 1000 })).toBe('fewer than the ~1,000 expected: the host was busy');
  expect(sampleShortfall({ samples: 500, samplesExpected: 1000 })).toBeUndefined();
  // Too short a run to promise anything, and the stats API, which keeps its own pace.
  expect(sampleShortfall({ samples: 1, samplesExpected: 10 })).toBeUndefined();
  expect(sampleShortfall({ samples: 2, samplesExpected: null })).toBeUndefined();
});

it('formats numbers for people: separators, fixed decimals, no -0', () => {
  expect(grouped(2002.217529296875, 3)).toBe('2,002.218');
  expect(grouped(-0.0001, 1)).toBe('0.0');
  expect(grouped(-1.25, 1)).toBe('-1.3');
  expect(grouped(1234567)).toBe('1,234,567');
});

it('says, in lines that fit, what the host did not let the sampler do', () => {
  const notes = [
    "no write access to /sys/fs/cgroup/memory/functracer: the engine's own cgroup is used, and the window after the last sample is not read",
  ];
  const lines = formatRunReport(resultFor(memshapeTrace(), { samplingNotes: notes }), [], { width: 80 }).split('\n');
  const at = lines.findIndex((line) => line.startsWith('Note'));
  expect(at).toBeGreaterThan(0);
  expect(
    lines
      .slice(at, at + 3)
      .join(' ')
      .replace(/\s+/g, ' '),
  ).toContain('the window after the last sample is not read');
  expect(lines.every((line) => line.length <= 80)).toBe(true);
  expect(formatRunReport(resultFor(memshapeTrace()), [], { width: 80 })).not.toContain('Note');
});

it('ends the report of a run that did not finish well by saying its prices are those of that run', () => {
  const lastLines = (overrides: Parameters<typeof resultFor>[1]) =>
    formatRunReport(resultFor(memshapeTrace(), overrides), [], { width: 80 }).split('\n').slice(-2).join(' ').replace(/\s+/g, ' ');
  expect(lastLines({ exitCode: 137, oomKilled: true })).toMatch(
    /^Note: the run was killed for memory, so these prices are for a run cut short/,
  );
  expect(lastLines({ exitCode: 130, interrupted: true })).toMatch(
    /Note: the run was interrupted, so these prices are for the part that ran\.$/,
  );
  expect(lastLines({ exitCode: 3 })).toMatch(/Note: the function exited 3, so these prices may not be those of a run that works\.$/);
  expect(lastLines({ exitCode: 0 })).not.toContain('Note:');
});

it("says when the duration is not the engine's, and what it runs to", () => {
  const report = (durationSource: 'engine' | 'unknown' | 'samples' | 'exec+samples') =>
    formatRunReport(resultFor(memshapeTrace(), { durationSource }), [], { width: 80 }).replace(/\s+/g, ' ');
  expect(report('unknown')).toMatch(/Container runtime [\d,]+ ms \(not from the engine, which gave no finish time: to the last sample\)/);
  for (const source of ['samples', 'exec+samples'] as const)
    expect(report(source)).toMatch(/Container runtime [\d,]+ ms \(the engine's finish came before its start: to the last sample\)/);
  expect(report('engine')).not.toContain('not from the engine');
  expect(
    formatRunReport(resultFor(memshapeTrace(), { durationSource: 'unknown' }), [], { width: 80 })
      .split('\n')
      .every((l) => l.length <= 80),
  ).toBe(true);
});

it("shows a failed function's telling lines in three rows at most, safe for the terminal", () => {
  const said = [
    "convert: unable to open image `/in/sample-1mb.jpg': No such file or directory @ error/blob.c/OpenBlob/3014.",
    "convert: no images defined `sample-1mb-50.jpg' @ error/convert.c/ConvertImageCommand/3258.",
  ];
  const lines = formatRunReport(resultFor(memshapeTrace(), { exitCode: 1, tellingOutput: said }), [], { width: 80 }).split('\n');
  const at = lines.findIndex((line) => line.startsWith('It said'));
  expect(lines.slice(at, at + 3)).toEqual([
    "It said            convert: unable to open image `/in/sample-1mb.jpg': No such",
    '                   file or directory @ error/blob.c/OpenBlob/3014.',
    "                   convert: no images defined `sample-1mb-50.jpg' @…",
  ]);
  expect(lines[at + 3]!.startsWith(' ')).toBe(false);
  // A line the function wrote is shown, never obeyed: an escape sequence reaches the terminal as text.
  const hostile = formatRunReport(resultFor(memshapeTrace(), { exitCode: 2, tellingOutput: ['error \x1b]0;owned\x07 here'] }), []);
  expect(hostile).not.toContain('\x1b');
  // A run that worked says nothing of its output here.
  expect(formatRunReport(resultFor(memshapeTrace(), { tellingOutput: ['error: none'] }), [])).not.toContain('It said');
});
