import type { EngineState } from '../engine-state.js';
import type { SamplesState } from '../engine-state.js';

/** The engine's state in the header: a few words and a tone. */
export function engineHeader(
  engine: EngineState,
  samples: SamplesState,
  quitting: boolean,
): { text: string; tone: 'ok' | 'busy' | 'error' } {
  if (quitting) return { text: 'stopping runs and removing their containers…', tone: 'busy' };
  if (engine.status === 'connecting') return { text: 'engine: connecting…', tone: 'busy' };
  if (engine.status === 'unreachable') return { text: 'engine: unreachable', tone: 'error' };
  if (samples.phase === 'building') {
    const done = samples.rows.filter((row) => row.state === 'done').length;
    return { text: `engine: ready · building samples ${done}/${samples.rows.length}`, tone: 'busy' };
  }
  if (samples.phase === 'failed') return { text: 'engine: ready · sample build failed', tone: 'error' };
  return { text: 'engine: ready', tone: 'ok' };
}
