import type { SessionSnapshot, TraceSource } from './trace-session.js';
import { useThrottled } from './use-throttled.js';

/**
 * What a trace screen draws from its source: a live run or a recorded trace.
 * Redrawn at most 20 times a second, however fast the sampler's batches come.
 */
export function useTraceSession(source: TraceSource): SessionSnapshot {
  return useThrottled(source);
}
