import type { InitBilling, ProviderModel } from '../core/cost/schema.js';

const WORDS: Record<InitBilling, string> = { 'as-duration': 'billed', 'not-billed': 'not billed', unknown: 'not known' };

/**
 * Every provider's init billing rules as Markdown rows, one rule a row: the README's table is made from the files
 * by this, and a test holds the two together.
 */
export function initRulesMarkdown(providers: readonly ProviderModel[]): string[] {
  const rows = providers.flatMap((p) =>
    (p.initBilling ?? []).map((rule, i) =>
      [
        i === 0 ? `\`${p.id}\`` : '',
        rule.since,
        WORDS[rule.billed],
        WORDS[rule.zip ?? rule.billed],
        rule.capMs === undefined ? '' : `${rule.capMs / 1000} s`,
        rule.checked,
      ].join(' | '),
    ),
  );
  return [
    '| provider | from | an image | a ZIP on a managed runtime | cap | checked |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`),
  ];
}
