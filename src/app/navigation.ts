import type { HullSession } from './hull-session.js';
import type { HullModel } from './screens/hull/actions.js';
import type { MultiRunSession } from './multi-session.js';
import type { MultiRunModel } from './screens/multi/actions.js';
import type { TraceSource } from './trace-session.js';
import type { TraceModel } from './screens/trace/actions.js';
import type { TuneSession } from './tune-session.js';
import type { CostModel } from './screens/cost/actions.js';
import type { TuneModel } from './screens/tune/actions.js';

/**
 * Every screen the TUI can show, with what it needs to open. A new screen is
 * one line here and one line in the App's screen table.
 */
export type Route =
  | { screen: 'home' }
  | { screen: 'trace'; source: TraceSource; model: TraceModel }
  | { screen: 'cost'; source?: TraceSource; model: CostModel }
  | { screen: 'multi'; source: MultiRunSession; model: MultiRunModel }
  | { screen: 'hull'; source: HullSession; model: HullModel }
  | { screen: 'tune'; source: TuneSession; model: TuneModel };

export type ScreenName = Route['screen'];

/** The screens open, home at the bottom. Never empty. */
export type NavStack = readonly [Route, ...Route[]];

export const HOME: NavStack = [{ screen: 'home' }];

export function currentRoute(stack: NavStack): Route {
  return stack[stack.length - 1] ?? stack[0];
}

export function pushRoute(stack: NavStack, route: Route): NavStack {
  return [...stack, route];
}

/** Back from the screen on top; home stays. */
export function popRoute(stack: NavStack): NavStack {
  return stack.length > 1 ? (stack.slice(0, -1) as unknown as NavStack) : stack;
}

/** Anything on the stack that may have a container running. */
export interface Stoppable {
  stop(): Promise<void>;
}

/** Sources on the stack, so quitting can stop every run still going. */
export function sourcesOn(stack: NavStack): Stoppable[] {
  return stack.flatMap((route) => ('source' in route && route.source ? [route.source] : []));
}

/** What leaving a screen stops: its own runs. The cost screen only looks at the trace screen's source, so it stops nothing. */
export function stoppedOnLeaving(route: Route): Stoppable | undefined {
  return route.screen === 'cost' || route.screen === 'home' ? undefined : route.source;
}
