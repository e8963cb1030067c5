import type { Command } from 'commander';
import { jsonLine } from '../core/json.js';
import type { KnownProvider } from '../core/cost/providers.js';
import { providersDir } from '../infra/provider-files.js';
import { requireProviderSet } from '../ops/providers.js';
import { renderTable, type TableColumn } from '../core/text-table.js';
import { hangingWrap, outputWidth } from '../core/text-width.js';

export function registerProviders(program: Command): void {
  program
    .command('providers')
    .summary('list the FaaS providers cost can price')
    .description(
      `List the providers cost and run price, with their billing model, effective date and source. Add your own as JSON files in ${providersDir()}.`,
    )
    .option('--json', 'print one JSON object')
    .option('--long', 'each provider with its source and the fields not yet confirmed')
    .action((options: { json?: boolean; long?: boolean }) => {
      const providers = requireProviderSet().known;
      process.stdout.write(
        options.json
          ? jsonLine({ providers: providers.map(toJson), folder: providersDir() })
          : `${formatProviders(providers, outputWidth(process.env, process.stdout.columns), options.long === true)}\n`,
      );
    });
}

function toJson({ model: p, origin }: KnownProvider) {
  return {
    id: p.id,
    name: p.name,
    model: p.model,
    effective: p.effective,
    source: p.source,
    origin,
    historical: p.historical ?? false,
    confirmed: p.confirmed,
    unconfirmed: p.unconfirmed ?? [],
  };
}

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
function formatProviders(providers: readonly KnownProvider[], width: number, long: boolean): string {
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
