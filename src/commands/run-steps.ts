/**
 * The status line of a command that makes runs: which runs are going, and beside them a run's own step (checking
 * the image, copying a scratch folder) until that run's samples come, so a step never stands for the whole run.
 *
 *   const steps = runSteps(status);
 *   steps.runs('run 1/8');          // "run 1/8 …"
 *   steps.step('checking image x'); // "run 1/8 · checking image x …"
 *   steps.samples();                // "run 1/8 …" again
 */
export function runSteps(status: (line: string) => void) {
  let going = '';
  let suffix = '';
  let stepShown = false;
  const show = () => status(`${going} …${suffix}`);
  return {
    /** The runs going now (empty when none), and what follows the ellipsis (the time left). */
    runs(line: string, after = ''): void {
      going = line;
      suffix = after;
      stepShown = false;
      if (going) show();
    },
    step(text: string): void {
      stepShown = going !== '';
      status(going ? `${going} · ${text} …` : text);
    },
    samples(): void {
      if (stepShown) show();
      stepShown = false;
    },
  };
}
