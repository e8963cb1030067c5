import { render } from 'ink';
import { createElement } from 'react';
import { SampleBuildProgress, type SampleBuildRow } from '../../components/SampleBuildProgress.js';
import { describeError } from '../core/errors.js';
import { formatMb } from '../core/units.js';
import type { SampleBuildEvent } from '../tracer/samples/builder.js';

/** Words one build event as the row (or plain line) the user sees. */
export function sampleBuildRow(event: SampleBuildEvent): SampleBuildRow {
  switch (event.state) {
    case 'queued':
      return { name: event.name, state: 'queued', detail: 'queued' };
    case 'building': {
      const bytes =
        event.bytes === undefined ? '' : ` ${formatMb(event.bytes)}${event.totalBytes ? ` of ~${formatMb(event.totalBytes)}` : ''}`;
      return { name: event.name, state: 'building', detail: `${event.step}${bytes}` };
    }
    case 'done':
      return {
        name: event.name,
        state: 'done',
        detail: event.reused
          ? `up to date, ${formatMb(event.sizeBytes)}`
          : `built, ${formatMb(event.sizeBytes)} in ${(event.ms / 1000).toFixed(1)} s`,
      };
    case 'failed':
      return { name: event.name, state: 'failed', detail: `failed: ${describeError(event.error)}` };
  }
}

export interface BuildReporter {
  onProgress: (event: SampleBuildEvent) => void;
  /** Draws the last state and lets go of the terminal. */
  finish: () => void;
}

/** A live Ink list on a terminal; one plain line per event anywhere else (CI logs, pipes). */
export function createBuildReporter(out: NodeJS.WriteStream = process.stdout): BuildReporter {
  if (!out.isTTY) {
    return {
      onProgress: (event) => {
        const row = sampleBuildRow(event);
        out.write(`${row.name}: ${row.detail}\n`);
      },
      finish: () => {},
    };
  }
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
