import type { Key } from 'ink';
import { useCallback, useMemo } from 'react';
import type { RunPlan } from '../core/run-plan.js';
import { confirmationOf, confirmKey, type Confirmation, type RunOffer } from './run-offer.js';
import { useSyncedState } from './use-synced-state.js';

export interface RunConfirm {
  /** The confirmation on screen, if any. */
  shown: Confirmation | undefined;
  /** Whether keys go to `key`: read at each key, so the key right after the one that opened it is not lost. */
  open(): boolean;
  /** Starts `then` with the offer's plan: at once for a plan of this session, after a Yes for a record's, never for a refused one. */
  offer(offer: RunOffer, action: string, then: (plan: RunPlan) => void): void;
  key(input: string, key: Key): void;
}

/** The confirmation before a run a record asks for: shown over the screen, No chosen, answered by one key. */
export function useRunConfirm(): RunConfirm {
  const [pending, getPending, setPending] = useSyncedState<{ state: Confirmation; run: () => void } | undefined>(undefined);
  const offer = useCallback(
    (offered: RunOffer, action: string, then: (plan: RunPlan) => void) => {
      const state = confirmationOf(offered, action);
      if (!state) return void ('plan' in offered && then(offered.plan));
      setPending({ state, run: () => 'plan' in offered && then(offered.plan) });
    },
    [setPending],
  );
  const key = useCallback(
    (input: string, pressed: Key) => {
      const current = getPending();
      if (!current) return;
      const step = confirmKey(current.state, keyOf(input, pressed));
      if ('state' in step) return setPending({ ...current, state: step.state });
      setPending(undefined);
      if (step.close === 'run') current.run();
    },
    [getPending, setPending],
  );
  const open = useCallback(() => getPending() !== undefined, [getPending]);
  return useMemo(() => ({ shown: pending?.state, open, offer, key }), [pending, open, offer, key]);
}

function keyOf(input: string, key: Key): Parameters<typeof confirmKey>[1] {
  if (key.return) return 'enter';
  if (key.escape) return 'escape';
  if (key.leftArrow || key.rightArrow || key.tab) return 'toggle';
  if (input === 'y' || input === 'Y') return 'yes';
  if (input === 'n' || input === 'N') return 'no';
  return 'other';
}
