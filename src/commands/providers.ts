import { today } from '../core/cost/init-billing.js';
import type { KnownProvider } from '../core/cost/providers.js';
import { providersDir } from '../infra/provider-files.js';
import { requireProviderSet } from '../ops/providers.js';
import { formatProviders } from '../report/providers-report.js';
import { declareCommand } from './command.js';

export const providersCommand = declareCommand({
  name: 'providers',
  summary: 'list the FaaS providers cost can price',
  description: `List the providers cost and run price, with their billing model, effective date and source. Add your own as JSON files in ${providersDir()}.`,
  flags: (command) =>
    command
      .option('--json', 'print one JSON object')
      .option('--long', "each provider with its source, the fields not yet confirmed and how it bills a cold start's init today"),
  parse: (_args: [], options: { json?: boolean; long?: boolean }) => ({ long: options.long === true }),
  run: () => requireProviderSet().known,
  json: (providers) => ({ providers: providers.map(toJson), folder: providersDir() }),
  text: (providers, { long }, { width }) => [formatProviders(providers, width, long, today())],
});

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
    initBilling: p.initBilling ?? [],
  };
}
