import type { BindingInfo } from '../../key-bindings.js';
import { homeKeyInfo } from '../home/keys.js';
import type { ShellModel } from './shell.js';
import { topRoute } from './state.js';

/** The keys of the screen under the help: its own table, then the ones every screen shares. */
export function helpTable(shell: ShellModel): { own: readonly BindingInfo[]; shared: readonly BindingInfo[] } | undefined {
  const top = topRoute(shell.store.getState());
  if (top.screen !== 'home') return top.model.keyInfo(true);
  return homeKeyInfo(shell.home.getState(), false);
}
