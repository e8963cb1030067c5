import type { Command } from 'commander';
import { jsonLine } from '../core/json.js';
import type { KnownProvider } from '../core/cost/providers.js';
import { providersDir } from '../infra/provider-files.js';
import { requireProviderSet } from '../ops/providers.js';
import { outputWidth } from '../core/text-width.js';
import { formatProviders } from '../report/providers-report.js';

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
