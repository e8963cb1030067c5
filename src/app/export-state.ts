import type { AppServices, PlotFiles } from './services.js';
import { shortPath } from './run-form.js';
import { errorText, type ScreenError } from './screen-error.js';

/** One background job a key starts (saving a picture, say) and its outcome, shown until the next key. */
export type TaskState<T> = { phase: 'idle' } | { phase: 'busy' } | { phase: 'done'; value: T } | { phase: 'failed'; error: ScreenError };

export type ExportState = TaskState<PlotFiles>;

export type Exporter = Pick<AppServices, 'exportPlot' | 'cwd'>;

/** One line for the screen: what the export key did, the paths shortened against the working directory. */
export function exportText(state: ExportState, cwd: string): string | undefined {
  if (state.phase === 'busy') return 'saving the picture (SVG and PNG)…';
  if (state.phase === 'failed') return errorText(state.error);
  if (state.phase !== 'done') return undefined;
  const svg = shortPath(state.value.svg, cwd);
  const png = shortPath(state.value.png, cwd);
  return `Saved ${svg} and ${png === svg.replace(/\.svg$/, '.png') ? '.png' : png}`;
}
