import { describe, expect, it } from 'vitest';
import { initRuleAt, isCalendarDate, parseDay, today } from '../../src/core/cost/init-billing.js';
import { findProvider, PROVIDERS } from '../../src/core/cost/providers.js';
import { parseProvider } from '../../src/core/cost/schema.js';

const provider = (id: string) => findProvider(PROVIDERS, id);

describe('init billing rules', () => {
  it('ships a rule with a source and the date it was checked for every provider', () => {
    for (const p of PROVIDERS) {
      expect(p.initBilling?.length, p.id).toBeGreaterThan(0);
      for (const rule of p.initBilling!) {
        expect(isCalendarDate(rule.since) && isCalendarDate(rule.checked), p.id).toBe(true);
        expect(rule.source.length).toBeGreaterThan(0);
      }
    }
  });

  it("takes AWS's rule on the date, for the package type, dated from when that package was billed so", () => {
    const x86 = provider('aws-lambda-x86');
    expect(initRuleAt(x86, '2025-07-31', 'image')).toMatchObject({ billed: 'as-duration', since: '2020-12-01', capMs: 10_000 });
    expect(initRuleAt(x86, '2025-08-01', 'image')).toMatchObject({ billed: 'as-duration', since: '2020-12-01' });
    expect(initRuleAt(x86, '2025-07-31', 'zip')).toMatchObject({ billed: 'not-billed', since: '2020-12-01' });
    expect(initRuleAt(x86, '2025-08-01', 'zip')).toMatchObject({ billed: 'as-duration', since: '2025-08-01', capMs: 10_000 });
    // Before any rule the file states, nothing is known.
    expect(initRuleAt(x86, '2019-01-01', 'image')).toEqual({ billed: 'unknown', since: null, capMs: null, source: null, checked: null });
  });

  it('refuses rules out of date order, naming the field', () => {
    const file = {
      ...provider('aws-lambda-x86'),
      initBilling: [
        { since: '2025-08-01', billed: 'as-duration', source: 's', checked: '2026-01-01' },
        { since: '2025-08-01', billed: 'not-billed', source: 's', checked: '2026-01-01' },
      ],
    };
    expect(() => parseProvider(file, 'mine.json')).toThrow('mine.json: field initBilling.1.since: expected a date after 2025-08-01');
  });

  it('takes only dates of the calendar for --as-of, and gives today in the local calendar', () => {
    expect(parseDay('2025-08-01', '--as-of')).toBe('2025-08-01');
    for (const bad of ['2025-02-30', '2025-8-1', 'yesterday', '']) {
      expect(() => parseDay(bad, '--as-of')).toThrow(`--as-of got ${JSON.stringify(bad)}, which is not a date as YYYY-MM-DD`);
    }
    expect(today(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});
