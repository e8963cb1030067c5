import { Option, type Command } from 'commander';
import { parseDay, today, type PackageType } from '../core/cost/init-billing.js';
import { DEFAULT_COLD_SHARE_PCT } from '../ops/invocation-prices.js';
import { numberFlag } from './flags.js';

/** The flags that price an invoked function, as `invoke` and `cost --trace` take them. */
export interface InvocationPriceOptions {
  coldShare?: string;
  asOf?: string;
  packageType?: PackageType;
}

/** Adds --cold-share, --as-of and --package-type; `what` says what they price (the command's own words). */
export function addInvocationPriceOptions(command: Command, what: string): Command {
  return command
    .option('--cold-share <pct>', `${what}: the % of invocations that start cold (default ${DEFAULT_COLD_SHARE_PCT})`)
    .option('--as-of <date>', `${what}: bill the init by the providers' rules of this day, YYYY-MM-DD (default today)`)
    .addOption(
      new Option(
        '--package-type <type>',
        `${what}: deployed as a container image, or a ZIP on a managed runtime (AWS bills a ZIP's init from 2025-08-01)`,
      ).choices(['image', 'zip']),
    );
}

/** The flags given, checked, with their defaults. */
export function invocationPriceFlags(options: InvocationPriceOptions): { coldSharePct: number; asOf: string; packageType: PackageType } {
  return {
    coldSharePct:
      options.coldShare === undefined
        ? DEFAULT_COLD_SHARE_PCT
        : numberFlag(options.coldShare, '--cold-share', { kind: 'non-negative', max: 100, example: String(DEFAULT_COLD_SHARE_PCT) }),
    asOf: options.asOf === undefined ? today() : parseDay(options.asOf, '--as-of'),
    packageType: options.packageType ?? 'image',
  };
}

/** Which of the flags were given, by name: a command that prices no invoked function refuses them. */
export function givenInvocationPriceFlags(options: InvocationPriceOptions): string[] {
  const names = { coldShare: '--cold-share', asOf: '--as-of', packageType: '--package-type' } as const;
  return (Object.keys(names) as (keyof typeof names)[]).filter((key) => options[key] !== undefined).map((key) => names[key]);
}
