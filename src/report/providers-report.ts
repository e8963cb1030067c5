import { initRuleAt, type AppliedInitRule } from '../core/cost/init-billing.js';
import type { KnownProvider } from '../core/cost/providers.js';
import type { ProviderModel } from '../core/cost/schema.js';
import { grouped } from '../core/units.js';
import { renderTable, type TableColumn } from '../core/text-table.js';
import { hangingWrap } from '../core/text-width.js';

const PROVIDER_COLUMNS: TableColumn[] = [
  { header: 'id', align: 'left', priority: 0 },
  { header: 'model', align: 'left', priority: 1 },
  { header: 'effective', align: 'left', priority: 0 },
  { header: 'figures', align: 'left', priority: 2 },
];

/** A rule in a few words: whether the init is billed, since when, and up to what. */
function ruleWords(rule: AppliedInitRule): string {
  if (rule.billed === 'unknown') return rule.since ? `not known since ${rule.since}` : "not known: the provider's pages do not say";
  const billed = rule.billed === 'as-duration' ? 'billed with the duration' : 'not billed';
  const capS = (rule.capMs ?? 0) / 1000;
  const cap = rule.capMs !== null && rule.billed === 'as-duration' ? `, up to ${grouped(capS, Number.isInteger(capS) ? 0 : 1)} s` : '';
  return `${billed} since ${rule.since}${cap}`;
}

/** How a cold start's init is billed on `day`: for an image, and for a ZIP where its rule differs. */
export function initRuleText(provider: ProviderModel, day: string): string {
  const image = ruleWords(initRuleAt(provider, day, 'image'));
  const zip = ruleWords(initRuleAt(provider, day, 'zip'));
  return zip === image ? image : `${image}; a ZIP: ${zip}`;
}

/**
 * One row a provider in `width` columns, and a mark for figures we could not
 * confirm; with `long`, each provider's source, unconfirmed fields and the init
 * rule in force on `day` beneath it, wrapped (they are URLs and lists, too long
 * for a row).
 */
export function formatProviders(providers: readonly KnownProvider[], width: number, long: boolean, day: string): string {
  const figures = ({ model: p, origin }: KnownProvider) =>
    [p.historical ? 'historical' : '', p.confirmed ? 'confirmed' : 'unconfirmed', origin === 'built-in' ? '' : 'yours']
      .filter(Boolean)
      .join(', ');
  const rows = providers.map((k) => [k.model.id, k.model.model, k.model.effective, figures(k)]);
  if (!long) {
    return [
      ...renderTable(PROVIDER_COLUMNS, rows, width),
      '',
      ...hangingWrap('', 'Sources and unconfirmed fields: functracer providers --long', width),
    ].join('\n');
  }
  const lines = providers.flatMap((k, i) => {
    const { model: p, origin } = k;
    return [
      ...(i > 0 ? [''] : []),
      ...hangingWrap('', `${p.id}: ${p.name}, ${p.model}, effective ${p.effective} (${figures(k)})`, width),
      ...hangingWrap('  source       ', p.source, width),
      ...hangingWrap('  init         ', `as of ${day}, ${initRuleText(p, day)}`, width),
      ...(p.confirmed ? [] : hangingWrap('  unconfirmed  ', (p.unconfirmed ?? []).join(', ') || 'some figures', width)),
      ...(origin === 'built-in' ? [] : hangingWrap('  from         ', origin, width)),
    ];
  });
  return lines.join('\n');
}
