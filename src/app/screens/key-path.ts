import type { Key } from 'ink';
import { splitKeys, type KeyPress } from '../key-split.js';

/**
 * The one way keys go in: Ink's raw input, a merged burst split into keys, each routed at once in the order typed
 * to the store of the screen it is for. Nothing waits for a render, so a burst can never lose or reorder a key.
 */
export class KeyPath {
  constructor(private readonly route: (press: KeyPress) => void) {}

  receive(input: string, key: Key): void {
    for (const press of splitKeys(input, key)) this.route(press);
  }
}
