import { NO_LIMIT_BYTES } from '../../infra/no-limit.js';
import { mb } from '../../report/figures.js';

/** A limit equal to the host's memory means the container had none: said as a live run without one says it. */
export function limitText(limitBytes: number): string {
  return !Number.isFinite(limitBytes) || limitBytes <= 0 || limitBytes >= NO_LIMIT_BYTES ? 'none' : mb(limitBytes);
}
