import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { PROVIDERS } from '../../src/core/cost/providers.js';
import { initRulesMarkdown } from '../../src/report/init-rules-table.js';

const README = path.resolve(import.meta.dirname, '../../README.md');
const START =
  '<!-- init-rules:start: made from src/core/cost/data by UPDATE_README=1 npx vitest run test/report/init-rules-readme.test.ts -->';
const END = '<!-- init-rules:end -->';

it("the README's table of init billing rules is the provider files' own", () => {
  const block = [START, '', ...initRulesMarkdown(PROVIDERS), '', END].join('\n');
  const text = fs.readFileSync(README, 'utf8');
  const at = text.indexOf(START);
  const end = text.indexOf(END);
  if (process.env.UPDATE_README === '1' && at >= 0 && end > at) {
    fs.writeFileSync(README, text.slice(0, at) + block + text.slice(end + END.length));
    return;
  }
  expect(at, `README.md has no ${START}`).toBeGreaterThanOrEqual(0);
  const cells = (lines: string) => lines.split('\n').map((line) => line.replace(/ +/g, ' ').replace(/-{3,}/g, '---'));
  expect(cells(text.slice(at, end + END.length))).toEqual(cells(block));
});
