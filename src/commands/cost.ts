import type { CostInput } from '../core/cost/price-run.js';
import { compareProviders, isPriced, recommend, recommendAll } from '../core/cost/compare.js';
import { priceRun } from '../core/cost/price-run.js';
import { findProvider, type ProviderModel } from '../core/cost/providers.js';
import { UserError } from '../core/errors.js';
import { priceAutotuned } from '../ops/price-result.js';
import { priceInvokedFunction } from '../ops/invocation-prices.js';
import { requireProviderSet, type ProviderSet } from '../ops/providers.js';
import { readRecordedRun } from '../ops/trace-file.js';
import { loadPricingSchedule } from '../ops/uhull-file.js';
import { formatDynamicTable } from '../report/autotune-report.js';
import { formatComparison, formatProviderCost } from '../report/cost-report.js';
import { formatInvocationPrices } from '../report/invocation-prices-report.js';
import { declareCommand } from './command.js';
import { costInputFrom, type CostOptions, type CostRequest } from './cost-input.js';
import { addInvocationPriceOptions } from './invocation-price-options.js';

export const costCommand = declareCommand({
  name: 'cost',
  summary: 'price a run, or a recorded trace, on FaaS providers',
  description:
    'Price a run of --duration-ms with a peak of --memory-bytes or --memory-mb, or a raw trace from --trace, ' +
    'on one provider (--provider) or on every known provider, cheapest first, with the cheapest configuration for each. ' +
    'The trace of a function traced with functracer invoke is priced per invocation, as invoke priced it.',
  flags: (command) =>
    addInvocationPriceOptions(
      command
        .option('--provider <id>', 'price on this provider only (see functracer providers)')
        .option('--trace <file.csv>', 'price a raw trace: its duration, peak and average memory')
        .option('--duration-ms <ms>', 'wall time of one run')
        .option('--memory-bytes <bytes>', 'peak memory of the run in bytes')
        .option('--memory-mb <mb>', 'peak memory of the run in MB (2^20 bytes)')
        .option('--allocated-mb <mb>', 'memory allocated to the function; rounded up to a tier')
        .option('--requests <n>', 'requests to price', '1000000')
        .option('--free-tier', "subtract the providers' monthly free tier")
        .option('--cpu-ms <ms>', 'CPU time of one run, for providers that bill CPU time')
        .option('--clamp-memory', "price memory above a provider's maximum at the maximum instead of refusing")
        .option('--uhull <file>', "with --trace: price the trace under this upscaling hull, paying for each moment's allocation"),
      'with the --trace of an invoked function',
    ).option('--json', 'print one JSON object'),
  parse: async (_args: [], options: CostOptions) => ({ options, request: await costInputFrom(options) }),
  run: async ({ options, request }) => {
    const set = requireProviderSet();
    const providers = set.models;
    if (options.uhull !== undefined)
      return priceSchedule(options, providers, request.kind === 'run' ? request.input.requests : request.settings.requests);
    if (request.kind === 'invoked') return priceInvoked(request, set, options.provider);
    const { input } = request;
    if (options.provider !== undefined) return priceOne(findProvider(providers, options.provider), input);
    return compare(providers, input);
  },
  json: (priced) => {
    if (priced.kind === 'schedule') return { dynamic: priced.dynamic };
    if (priced.kind === 'invoked') return { prices: priced.prices };
    if (priced.kind === 'one') return { ...priced.report, recommendation: priced.recommendation };
    const { requests, freeTier, durationMs, peakBytes, averageBytes, cpuMs, allocatedMb } = priced.input;
    return {
      input: { durationMs, peakBytes, averageBytes, cpuMs, allocatedMb: allocatedMb ?? null, requests, freeTier },
      providers: priced.entries,
      recommendations: priced.recommendations,
    };
  },
  text: (priced, _request, { width }) => {
    if (priced.kind === 'schedule') return formatDynamicTable(priced.dynamic);
    if (priced.kind === 'invoked') return formatInvocationPrices(priced.prices, width);
    if (priced.kind === 'one') return [formatProviderCost(priced.report, priced.recommendation, width)];
    return [formatComparison(priced.entries, priced.recommendations, priced.input.requests, width)];
  },
});

function priceOne(provider: ProviderModel, input: CostInput) {
  return { kind: 'one' as const, report: priceRun(provider, input), recommendation: recommend(provider, input) };
}

function compare(providers: readonly ProviderModel[], input: CostInput) {
  const entries = compareProviders(providers, input);
  // Tables of nothing would answer nothing: say why no provider fits, as --provider does for one.
  const first = entries[0];
  if (first && entries.every((e) => !isPriced(e)) && 'error' in first) {
    throw new UserError(
      `no provider can host this run; ${first.provider}: ${first.error}`,
      'Price less memory, or add --clamp-memory to price memory above a maximum at the maximum',
    );
  }
  return { kind: 'all' as const, entries, recommendations: recommendAll(providers, input), input };
}

/** An invoked function's trace, priced per invocation as `invoke` priced it; --provider keeps that provider's row. */
function priceInvoked(request: Extract<CostRequest, { kind: 'invoked' }>, set: ProviderSet, only?: string) {
  const providers = only === undefined ? set : { ...set, models: [findProvider(set.models, only)] };
  return { kind: 'invoked' as const, prices: priceInvokedFunction([request.container], request.settings, providers) };
}

/**
 * Dynamic allocation: what the trace costs if each moment pays for the hull's allocation, beside the static peak tier,
 * on the same providers (built-in and the user's) as the rest of `cost`. Pricing is no engine, so any
 * non-negative hull values are accepted; the engine's minimum limit matters only to `run --uhull`.
 */
async function priceSchedule(options: CostOptions, providers: readonly ProviderModel[], requests: number) {
  if (options.trace === undefined)
    throw new UserError('--uhull prices a recorded trace under a schedule, so it needs --trace', 'Add --trace FILE.csv');
  const schedule = loadPricingSchedule(options.uhull!);
  const { trace, durationMs } = await readRecordedRun(options.trace);
  const chosen = options.provider === undefined ? providers : [findProvider(providers, options.provider)];
  const dynamic = priceAutotuned({ trace, durationMs }, schedule, { requests, freeTier: Boolean(options.freeTier) }, chosen);
  if (dynamic.length === 0) {
    throw new UserError(
      `${options.provider ?? 'no known provider'} does not bill a configured allocation, so a schedule cannot change its price`,
      'Choose a provider that bills allocated memory',
    );
  }
  return { kind: 'schedule' as const, dynamic };
}
