import type { Key } from 'ink';
import { splitKeys, type KeyPress } from '../key-split.js';

/**
 * What became of a key: applied to a store (the next key may follow at once), handed to a screen that
 * reads it in its own render (the next waits for that render), or held until the screen it is for is drawn.
 */
export type KeyOutcome = 'applied' | 'handed' | 'hold';

/**
 * The one way keys go in: Ink's raw input, a merged burst split into keys, each routed in the order typed.
 * Keys for screens that are models are applied to their stores at once, so a burst can never lose or reorder
 * one. A screen not yet made a model reads keys in its render: after a key for it, the next waits until the
 * shell says it drew (`drawn`).
 */
export class KeyPath {
  private queue: KeyPress[] = [];
  private waiting = false;

  constructor(
    private readonly route: (press: KeyPress) => KeyOutcome,
    /** Asks the shell to draw; it calls `drawn` once it has. */
    private readonly askDraw: () => void,
  ) {}

  receive(input: string, key: Key): void {
    this.queue.push(...splitKeys(input, key));
    this.drain();
  }

  /** The shell has drawn: a key held for it goes on. */
  drawn(): void {
    if (!this.waiting) return;
    this.waiting = false;
    this.drain();
  }

  private drain(): void {
    while (!this.waiting && this.queue.length > 0) {
      const outcome = this.route(this.queue[0]!);
      if (outcome !== 'hold') this.queue.shift();
      if (outcome === 'applied') continue;
      this.waiting = true;
      this.askDraw();
    }
  }
}
