import { render } from 'ink-testing-library';
import { LiveTraceScreen } from '../../../components/screens/LiveTraceScreen.js';
import { createTrace, type TraceExits, type TraceModel, type TraceServices } from '../../../src/app/screens/trace/actions.js';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/app/settings.js';
import type { TraceSource } from '../../../src/app/trace-session.js';
import { useOwnKeys } from '../../../src/app/use-own-keys.js';
import type { Exporter } from '../../../src/app/export-state.js';

interface Chrome {
  width: number;
  height: number;
  color: boolean;
  active: boolean;
  onQuit: () => void;
  onHelp: () => void;
}

/** The trace screen on its own, its keys handed to its model as the shell would (the shell's own keys are the App's tests'). */
function TraceAlone({ model, ...chrome }: Chrome & { model: TraceModel }) {
  useOwnKeys(model, { active: chrome.active, onQuit: chrome.onQuit, onHelp: chrome.onHelp });
  return <LiveTraceScreen {...chrome} model={model} />;
}

interface TraceOptions extends Partial<Chrome> {
  exits?: TraceExits;
  /** The settings as saved: fixed for the test. */
  settings?: Settings;
  exporter?: Exporter;
  engine?: TraceServices['engine'];
  /** `functracer run`'s screen: drawn alone, it listens to its keys itself. */
  standalone?: boolean;
}

/** A settings store that never changes, as `functracer run` makes one of its flags. */
function fixedSettings(settings: Settings = DEFAULT_SETTINGS): TraceServices['settings'] {
  return { get: () => settings, subscribe: () => () => {} };
}

/** Renders the trace screen's model and view at 80×22 unless told otherwise, as the App or `functracer run` draws them. */
export function renderTrace(source: TraceSource, options: TraceOptions = {}) {
  const { exits, settings, exporter, engine, standalone, ...given } = options;
  const chrome: Chrome = { width: 80, height: 22, color: false, active: true, onQuit: () => {}, onHelp: () => {}, ...given };
  const services: TraceServices = {
    settings: fixedSettings(settings),
    ...(exporter ? { exporter } : {}),
    ...(engine ? { engine } : {}),
  };
  const model = createTrace(services, source, exits, { standalone: standalone ?? false });
  const ui = render(standalone ? <LiveTraceScreen {...chrome} model={model} /> : <TraceAlone {...chrome} model={model} />);
  return { ...ui, model };
}
