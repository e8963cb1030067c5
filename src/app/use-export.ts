import { useCallback } from 'react';
import type { PlotInput } from '../core/plot-spec.js';
import { shortPath } from './run-form.js';
import type { AppServices, PlotFiles } from './services.js';
import { errorText } from './screen-error.js';
import { useTask, type TaskState } from './use-task.js';

export type ExportState = TaskState<PlotFiles>;

export type Exporter = Pick<AppServices, 'exportPlot' | 'cwd'>;

/** The export key: renders the picture (SVG and PNG) into the output folder; the outcome shows until `reset`. */
export function useExport(
  exporter: Exporter | undefined,
  outDir: string,
): [ExportState, (input: PlotInput, stem: string) => void, () => void] {
  const [state, run, reset] = useTask<PlotFiles>();
  const save = useCallback(
    (input: PlotInput, stem: string) => exporter && run(() => exporter.exportPlot(input, outDir, stem)),
    [exporter, outDir, run],
  );
  return [state, save, reset];
}

/** One line for the screen: what the export key did, the paths shortened against the working directory. */
export function exportText(state: ExportState, cwd: string): string | undefined {
  if (state.phase === 'busy') return 'saving the picture (SVG and PNG)…';
  if (state.phase === 'failed') return errorText(state.error);
  if (state.phase !== 'done') return undefined;
  const svg = shortPath(state.value.svg, cwd);
  const png = shortPath(state.value.png, cwd);
  return `Saved ${svg} and ${png === svg.replace(/\.svg$/, '.png') ? '.png' : png}`;
}
