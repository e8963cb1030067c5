import aws2020 from './data/aws-lambda-2020.json' with { type: 'json' };
import awsX86 from './data/aws-lambda-x86.json' with { type: 'json' };
import awsArm64 from './data/aws-lambda-arm64.json' with { type: 'json' };
import gcfGen1 from './data/gcf-gen1.json' with { type: 'json' };
import cloudRunFunctions from './data/cloud-run-functions.json' with { type: 'json' };
import azureConsumption from './data/azure-consumption.json' with { type: 'json' };
import azureFlex from './data/azure-flex.json' with { type: 'json' };
import ibm from './data/ibm-cloud-functions.json' with { type: 'json' };
import alibaba2020 from './data/alibaba-fc-2020.json' with { type: 'json' };
import oracle from './data/oracle-functions.json' with { type: 'json' };
import cloudflare from './data/cloudflare-workers.json' with { type: 'json' };
import { UserError } from '../errors.js';
import { parseProvider, type ProviderModel } from './schema.js';

export type { ModelKind, ProviderModel } from './schema.js';

const SHIPPED = {
  aws2020,
  awsX86,
  awsArm64,
  gcfGen1,
  cloudRunFunctions,
  azureConsumption,
  azureFlex,
  ibm,
  alibaba2020,
  oracle,
  cloudflare,
};

/** The providers functracer ships, validated when this module loads; a bad figure here is our bug, not the user's. */
export const PROVIDERS: readonly ProviderModel[] = Object.entries(SHIPPED).map(([name, value]) => {
  try {
    return parseProvider(value, `src/core/cost/data (${name})`);
  } catch (error) {
    throw new Error(`shipped provider data is invalid: ${(error as Error).message}`);
  }
});

/** A provider as loaded, with where it came from. */
export interface KnownProvider {
  model: ProviderModel;
  /** "built-in", or the path of the user's file. */
  origin: string;
}

/** Built-ins, then the user's files; a user file with a built-in's id replaces it, so figures can be updated without a release. */
export function mergeProviders(user: readonly KnownProvider[], builtIn: readonly ProviderModel[] = PROVIDERS): KnownProvider[] {
  const byId = new Map<string, KnownProvider>(builtIn.map((model) => [model.id, { model, origin: 'built-in' }]));
  for (const entry of user) byId.set(entry.model.id, entry);
  return [...byId.values()];
}

export function findProvider(providers: readonly ProviderModel[], id: string): ProviderModel {
  const found = providers.find((p) => p.id === id);
  if (!found) {
    throw new UserError(`unknown provider ${JSON.stringify(id)}`, `Known providers: ${providers.map((p) => p.id).join(', ')}`);
  }
  return found;
}
