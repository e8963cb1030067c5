import type { KnownProvider } from '../core/cost/providers.js';
import { renderTable, type TableColumn } from '../core/text-table.js';
import { hangingWrap } from '../core/text-width.js';

const PROVIDER_COLUMNS: TableColumn[] = [
  { header: 'id', align: 'left', priority: 0 },
  { header: 'model', align: 'left', priority: 1 },
  { header: 'effective', align: 'left', priority: 0 },
  { header: 'figures', align: 'left', priority: 2 },
];

/**
 * One row a provider in `width` columns, and a mark for figures we could not
 * confirm; with `long`, each provider's source and unconfirmed fields beneath
 * it, wrapped (they are URLs and lists, too long for a row).
 */
export function formatProviders(providers: readonly KnownProvider[], width: number, long: boolean): string {
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
      ...(p.confirmed ? [] : hangingWrap('  unconfirmed  ', (p.unconfirmed ?? []).join(', ') || 'some figures', width)),
      ...(origin === 'built-in' ? [] : hangingWrap('  from         ', origin, width)),
    ];
  });
  return lines.join('\n');
}
