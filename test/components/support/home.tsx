import { useInput } from 'ink';
import { render } from 'ink-testing-library';
import { useEffect } from 'react';
import { ImageSelectScreen } from '../../../components/screens/ImageSelectScreen.js';
import { splitKeys } from '../../../src/app/key-split.js';
import { createHome, type HomeExits, type HomeModel, type HomeServices } from '../../../src/app/screens/home/actions.js';
import type { EngineState } from '../../../src/app/engine-state.js';
import type { SamplesState } from '../../../src/app/engine-state.js';
import type { ImageProtocol } from '../../../src/core/inline-image.js';

interface Chrome {
  width: number;
  height: number;
  color: boolean;
  active: boolean;
  top?: number;
}

/** Home on its own, as the App draws it, its keys handed straight to its model (the shell's keys are the App's tests'). */
function HomeAlone({ home, imageProtocol, ...chrome }: Chrome & { home: HomeModel; imageProtocol: ImageProtocol }) {
  useEffect(() => home.start(), [home]);
  useInput((input, key) => splitKeys(input, key).forEach((press) => home.key(press)), { isActive: chrome.active });
  return <ImageSelectScreen {...chrome} home={home} imageProtocol={imageProtocol} />;
}

export interface HomeOptions {
  services: HomeServices;
  engine: EngineState;
  samples: SamplesState;
  exits?: Partial<HomeExits>;
  outDir?: string;
  imageProtocol?: ImageProtocol;
}

const none = () => {};
/** Home's exits leading nowhere: a test that follows one gives its own. */
export const NO_EXITS: HomeExits = {
  trace: none,
  invoke: none,
  multi: none,
  tune: none,
  hull: none,
  cost: none,
  opened: none,
  retryEngine: none,
};

/** Renders home's model and view with an engine and samples as the App would hand them; `home` tells it more later. */
export function renderHome(chrome: Chrome, options: HomeOptions) {
  const home = createHome(options.services, options.outDir ?? 'traces', { ...NO_EXITS, ...options.exits });
  home.engine(options.engine);
  home.samples(options.samples);
  const element = (next: Chrome) => <HomeAlone {...next} home={home} imageProtocol={options.imageProtocol ?? 'text'} />;
  const ui = render(element(chrome));
  return { ...ui, home, rerender: (next: Chrome) => ui.rerender(element(next)) };
}
