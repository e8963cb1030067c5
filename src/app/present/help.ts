import type { ScreenName } from '../navigation.js';

export interface HelpEntry {
  keys: string;
  action: string;
}

export const GLOBAL_HELP: HelpEntry[] = [
  { keys: '↑ ↓  j k', action: 'move' },
  { keys: 'Enter', action: 'open, trace, or edit' },
  { keys: 'Esc  Backspace', action: 'back (or cancel an edit)' },
  { keys: 'Tab', action: 'next pane' },
  { keys: '?', action: 'this help' },
  { keys: 'q  Ctrl-C', action: 'quit (a run is stopped and its container removed)' },
];

/** What each screen adds to the keys that work everywhere. */
export const SCREEN_HELP: Record<ScreenName, HelpEntry[]> = {
  home: [
    { keys: '/', action: 'filter the images (Enter keeps it, Esc clears it)' },
    { keys: 's', action: 'sort images: name, size, newest' },
    { keys: 'Enter', action: 'trace the image with the options shown; on a recorded trace, open it' },
    { keys: 'Tab', action: 'images → input images → options → recorded traces' },
    { keys: 'c', action: 'cost settings' },
    { keys: 'r', action: 'retry the engine connection' },
  ],
  trace: [
    { keys: 'r', action: 'run again with the same options' },
    { keys: 'x', action: 'stop the run (the trace is kept)' },
    { keys: 'c', action: 'compare providers for this trace' },
    { keys: 'Tab', action: 'report ↔ billing canvas, once the run ended' },
    { keys: 'j k', action: 'scroll the report' },
  ],
  cost: [
    { keys: 'Tab', action: 'providers ↔ settings' },
    { keys: 'Enter', action: 'edit a setting, or pick a provider' },
    { keys: '← →', action: 'change provider or free tier' },
  ],
};
