import type { RunPlan } from '../../../core/run-plan.js';
import { currentRoute, HOME, popRoute, pushRoute, type NavStack, type Route } from '../../navigation.js';
import type { Confirmation } from '../../run-offer.js';

/** A run a record asks for, waiting for the user's yes: which screen it opens with which plan. */
export interface PendingRun {
  state: Confirmation;
  plan: RunPlan;
  opens: 'multi' | 'hull' | 'tune';
}

/** The shell around the screens: the stack of open screens, help over them, a run waiting to be confirmed, quitting. */
export interface ShellState {
  stack: NavStack;
  help: boolean;
  quitting: boolean;
  confirm?: PendingRun;
}

export type ShellAction =
  | { type: 'open'; route: Route }
  | { type: 'back' }
  | { type: 'help'; open: boolean }
  | { type: 'quitting' }
  | { type: 'confirm'; pending: PendingRun | undefined };

export const INITIAL_SHELL: ShellState = { stack: HOME, help: false, quitting: false };

export function reduceShell(state: ShellState, action: ShellAction): ShellState {
  switch (action.type) {
    case 'open':
      return { ...state, stack: pushRoute(state.stack, action.route) };
    case 'back':
      return { ...state, stack: popRoute(state.stack) };
    case 'help':
      return { ...state, help: action.open };
    case 'quitting':
      return { ...state, quitting: true };
    case 'confirm':
      return { ...state, confirm: action.pending };
  }
}

export const topRoute = (state: ShellState): Route => currentRoute(state.stack);
