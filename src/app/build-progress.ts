import { render } from 'ink';
import { createElement } from 'react';
import { SampleBuildProgress } from '../../components/SampleBuildProgress.js';
import { sampleBuildRow, type SampleBuildRow } from '../report/sample-builds.js';
import type { SampleBuildEvent } from '../tracer/samples/builder.js';

export interface BuildReporter {
  onProgress: (event: SampleBuildEvent) => void;
  /** Draws the last state and lets go of the terminal. */
  finish: () => void;
}

/** `samples build` and `functracer` outside the TUI on a terminal: a live list, a row per sample image. */
export function liveBuildReporter(out: NodeJS.WriteStream): BuildReporter {
  const rows = new Map<string, SampleBuildRow>();
  const view = () => createElement(SampleBuildProgress, { rows: [...rows.values()] });
  const ink = render(view(), { stdout: out, patchConsole: false, exitOnCtrlC: false });
  return {
    onProgress: (event) => {
      rows.set(event.name, sampleBuildRow(event));
      ink.rerender(view());
    },
    finish: () => {
      ink.rerender(view());
      ink.unmount();
    },
  };
}
