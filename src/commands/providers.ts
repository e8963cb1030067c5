import type { Command } from 'commander';
import type { KnownProvider } from '../core/cost/providers.js';
import { loadProviders, providersDir } from '../infra/provider-files.js';

export function registerProviders(program: Command): void {
  program
    .command('providers')
    .summary('list the FaaS providers cost can price')
    .description(
      `List the providers cost and run price, with their billing model, effective date and source. Add your own as JSON files in ${providersDir()}.`,
    )
    .option('--json', 'print one JSON object')
    .action((options: { json?: boolean }) => {
      const providers = loadProviders();
      process.stdout.write(
        options.json
          ? `${JSON.stringify({ providers: providers.map(toJson), folder: providersDir() })}\n`
          : `${formatProviders(providers)}\n`,
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

/** One line a provider; a mark for figures we could not confirm, and where each came from when not built in. */
export function formatProviders(providers: readonly KnownProvider[]): string {
  const idWidth = Math.max(...providers.map((p) => p.model.id.length));
  const modelWidth = Math.max(...providers.map((p) => p.model.model.length));
  const lines = providers.map(({ model: p, origin }) => {
    const flags = [
      p.historical ? 'historical' : '',
      p.confirmed ? '' : `unconfirmed: ${(p.unconfirmed ?? []).join(', ') || 'some figures'}`,
      origin === 'built-in' ? '' : `from ${origin}`,
    ].filter(Boolean);
    return `${p.id.padEnd(idWidth)}  ${p.model.padEnd(modelWidth)}  ${p.effective}  ${p.source}${flags.length > 0 ? ` (${flags.join('; ')})` : ''}`;
  });
  return [`${'id'.padEnd(idWidth)}  ${'model'.padEnd(modelWidth)}  effective   source`, ...lines].join('\n');
}
