import { UserError } from '../errors.js';
import type { InitBilling, InitRule, ProviderModel } from './schema.js';

/** How the function is deployed: a container image (what `invoke` runs) or a ZIP package on a managed runtime. */
export type PackageType = 'image' | 'zip';

/** The rule a cold start's init was billed by on a date, as it applies to the package type. */
export interface AppliedInitRule {
  billed: InitBilling;
  /** The date the rule took effect; null where the provider's file states none in force then. */
  since: string | null;
  capMs: number | null;
  source: string | null;
  checked: string | null;
}

const NO_RULE = { since: null, capMs: null, source: null, checked: null } as const;

/** YYYY-MM-DD that names a day of the calendar: 2025-02-30 does not. */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}

/** A date the user typed, checked; the error names the flag. */
export function parseDay(text: string, flag: string): string {
  if (isCalendarDate(text)) return text;
  throw new UserError(`${flag} got ${JSON.stringify(text)}, which is not a date as YYYY-MM-DD`, `Give ${flag} a date such as 2025-08-01`);
}

/** Today in the local calendar, as YYYY-MM-DD: the date a price is given as of when none is asked for. */
export function today(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * The rule in force on `asOf` for the package type, dated from when the provider began billing that package's
 * init that way: an image's init on AWS has been billed since 2020-12-01, not since the 2025-08-01 rule that
 * changed only ZIP packages. A provider file with no rule, or none yet in force then, says nothing of the init:
 * `unknown`, priced as not billed and said so.
 */
export function initRuleAt(provider: ProviderModel, asOf: string, packageType: PackageType): AppliedInitRule {
  const rules = provider.initBilling ?? [];
  const billedBy = (rule: InitRule) => (packageType === 'zip' ? (rule.zip ?? rule.billed) : rule.billed);
  let at = rules.filter((r) => r.since <= asOf).length - 1;
  const rule = rules[at];
  if (!rule) return { billed: 'unknown', ...NO_RULE };
  const same = (other: InitRule) => billedBy(other) === billedBy(rule) && other.capMs === rule.capMs;
  while (at > 0 && same(rules[at - 1]!)) at -= 1;
  return { billed: billedBy(rule), since: rules[at]!.since, capMs: rule.capMs ?? null, source: rule.source, checked: rule.checked };
}
