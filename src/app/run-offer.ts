import type { RunPlan } from '../core/run-plan.js';
import type { ScreenError } from './screen-error.js';

/**
 * A run a trace screen can start again with m, h or p. A plan made in this session asks nothing. A plan from a
 * run record was made afresh from it (src/ops/record-plan.ts): it lists what the user must confirm first, or it
 * is refused, with why.
 */
export type RunOffer = { plan: RunPlan; asks: readonly string[]; record?: string } | { refused: ScreenError };

/** A plan this session made: nothing to confirm. */
export function offerOf(plan: RunPlan): RunOffer {
  return { plan, asks: [] };
}

/** What the confirmation shows: a record's plan and what it asks for, or why it cannot run. */
export type Confirmation =
  | {
      kind: 'ask';
      /** What would start: "multi-run", "hull training", "power tuning". */
      action: string;
      title: string;
      record?: string;
      asks: readonly string[];
      /** No until the user moves to Yes: Enter alone never runs it. */
      yes: boolean;
    }
  | { kind: 'refused'; action: string; error: ScreenError };

/** What a key does to the confirmation: keep it (changed or not), or close it, running the plan or not. */
export type ConfirmStep = { state: Confirmation } | { close: 'run' | 'cancel' };

/** The confirmation an offer opens, or none when it runs at once (a plan of this session). */
export function confirmationOf(offer: RunOffer, action: string): Confirmation | undefined {
  if ('refused' in offer) return { kind: 'refused', action, error: offer.refused };
  if (offer.asks.length === 0) return undefined;
  return { kind: 'ask', action, title: offer.plan.title, asks: offer.asks, yes: false, ...(offer.record ? { record: offer.record } : {}) };
}

/** A key on the confirmation: y runs, n and Esc cancel, ←/→/Tab move between No and Yes, Enter takes the one chosen. */
export function confirmKey(state: Confirmation, key: 'yes' | 'no' | 'toggle' | 'enter' | 'escape' | 'other'): ConfirmStep {
  if (state.kind === 'refused') return key === 'enter' || key === 'escape' || key === 'no' ? { close: 'cancel' } : { state };
  switch (key) {
    case 'yes':
      return { close: 'run' };
    case 'no':
    case 'escape':
      return { close: 'cancel' };
    case 'toggle':
      return { state: { ...state, yes: !state.yes } };
    case 'enter':
      return { close: state.yes ? 'run' : 'cancel' };
    default:
      return { state };
  }
}
