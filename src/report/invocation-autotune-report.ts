import { hangingWrap } from '../core/text-width.js';
import type { InvocationLimitChange } from '../tracer/invocation-limits.js';

const mib = (mb: number) => `${mb.toFixed(1)} MiB`;

/**
 * What `invoke --autotune` did with the limit, in a few lines: where the container started, how high the raises
 * before and during invocations went, how low the limit dropped between them, and what the engine refused.
 */
export function formatInvocationAutotune(
  file: string,
  source: 'invocation-hull' | 'uhull',
  initMb: number,
  containers: readonly InvocationLimitChange[][],
  width = 80,
): string[] {
  const changes = containers.flat();
  const set = (when: InvocationLimitChange['when']) => changes.filter((c) => c.when === when && !c.refused).map((c) => c.setMb);
  const raised = [...set('before'), ...set('during')];
  const lowered = set('after');
  const refused = changes.filter((c) => c.refused);
  const from = source === 'invocation-hull' ? 'its init and idle peaks' : 'a plain uhull: no init or idle figures, so its top and floor';
  const parts = [
    `Autotuned per invocation from ${file} (${from}): the init ran under ${mib(initMb)}`,
    raised.length > 0 ? `each invocation under up to ${mib(Math.max(...raised))}` : 'no raise was needed',
    lowered.length > 0
      ? `the limit dropped to ${mib(Math.min(...lowered))} between invocations`
      : 'the limit never dropped between invocations',
  ];
  const lines = [`${parts.join('; ')}; ${changes.length - refused.length} changes.`];
  if (refused.length > 0) lines.push(`${refused.length} refused by the engine, the first: ${refused[0]!.refused}`);
  return lines.flatMap((line) => hangingWrap('', line, width));
}
