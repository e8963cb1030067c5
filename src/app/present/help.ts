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
    { keys: 'm', action: 'run the selected image N times (multi-run)' },
    { keys: 'h', action: 'train a memory hull over the sample images' },
    { keys: 'c', action: 'cost settings' },
    { keys: 'r', action: 'retry the engine connection' },
  ],
  trace: [
    { keys: 'r', action: 'run again with the same options' },
    { keys: 'x', action: 'stop the run (the trace is kept)' },
    { keys: 'c', action: 'compare providers for this trace' },
    { keys: 'm', action: 'run the same image and options N times' },
    { keys: 'h', action: 'hull training' },
    { keys: 'e', action: 'export the picture (SVG and PNG) into the output folder' },
    { keys: 'Tab', action: 'report ↔ billing canvas, once the run ended' },
    { keys: 'j k', action: 'scroll the report' },
  ],
  multi: [
    { keys: '← →  0-9', action: 'choose N before starting (digits make one number)' },
    { keys: 'Enter', action: 'start; once runs are done, open the selected run’s trace' },
    { keys: 'x', action: 'stop (the finished runs and their files are kept)' },
    { keys: 'r', action: 'run N times again' },
    { keys: 'e', action: 'export the picture: every run on the billing canvas' },
    { keys: 'Esc', action: 'back; a run still going is stopped and its container removed' },
  ],
  hull: [
    { keys: '← →  j k', action: 'move between the inputs, the numbers and the test image' },
    { keys: 'Enter  space', action: 'tick an input, edit a number, or pick the test image' },
    { keys: 't', action: 'train: resize the ticked images at random, Runs times' },
    { keys: 'x', action: 'stop training or the test run (traces are kept)' },
    { keys: 's', action: 'save uhull.json and hull.json into the output folder' },
    { keys: 'a', action: 'autotuned test run on the test image, with the saving' },
    { keys: 'Tab', action: 'training overlay ↔ test run' },
    { keys: 'e', action: 'export the picture (SVG and PNG)' },
  ],
  cost: [
    { keys: 'Tab', action: 'providers ↔ settings' },
    { keys: 'Enter', action: 'edit a setting, or pick a provider' },
    { keys: '← →', action: 'change provider or free tier' },
  ],
};
