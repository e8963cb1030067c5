import { describe, expect, it } from 'vitest';
import { mergeProviders } from '../../src/core/cost/providers.js';
import { formatProviders, initRuleText } from '../../src/report/providers-report.js';

const BUILT_IN = mergeProviders([]);
const model = (id: string) => BUILT_IN.find((k) => k.model.id === id)!.model;

describe("providers --long: each provider's init rule on a day", () => {
  it("gives AWS's rule for an image, and a ZIP's apart where it differs, before and after 2025-08-01", () => {
    expect(initRuleText(model('aws-lambda-x86'), '2025-07-31')).toBe(
      'billed with the duration since 2020-12-01, up to 10 s; a ZIP: not billed since 2020-12-01',
    );
    expect(initRuleText(model('aws-lambda-x86'), '2025-08-01')).toBe(
      'billed with the duration since 2020-12-01, up to 10 s; a ZIP: billed with the duration since 2025-08-01, up to 10 s',
    );
    // Before any rule the file states, nothing is known, and it says so.
    expect(initRuleText(model('aws-lambda-x86'), '2019-01-01')).toBe("not known: the provider's pages do not say");
  });

  it('puts it under each provider, within 80 columns, the day named', () => {
    const text = formatProviders(BUILT_IN, 80, true, '2025-08-01');
    for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain(
      'init as of 2025-08-01, billed with the duration since 2020-12-01, up to 10 s; a ZIP: billed with the duration since 2025-08-01',
    );
    expect(text.match(/^ {2}init {9}as of 2025-08-01, /gm)).toHaveLength(BUILT_IN.length);
    // The short list keeps its columns: the rules are for --long.
    expect(formatProviders(BUILT_IN, 80, false, '2025-08-01')).not.toContain('init');
  });
});
