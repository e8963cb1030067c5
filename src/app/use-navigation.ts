import { useCallback, useState } from 'react';
import { currentRoute, HOME, popRoute, pushRoute, type NavStack, type Route } from './navigation.js';

export interface Navigation {
  route: Route;
  stack: NavStack;
  open: (route: Route) => void;
  /** Back one screen; returns the route that was left, if any. */
  back: () => Route | undefined;
}

/** The stack of open screens, home at the bottom. */
export function useNavigation(initial: NavStack = HOME): Navigation {
  const [stack, setStack] = useState<NavStack>(initial);
  const open = useCallback((route: Route) => setStack((s) => pushRoute(s, route)), []);
  const back = useCallback(() => {
    const left = stack.length > 1 ? currentRoute(stack) : undefined;
    setStack((s) => popRoute(s));
    return left;
  }, [stack]);
  return { route: currentRoute(stack), stack, open, back };
}
