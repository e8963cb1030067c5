// Colour is forced on before Ink (and chalk) load, so NO_COLOR's effect can be seen in the frames.
process.env.FORCE_COLOR = '1';

import { afterEach, describe, expect, it } from 'vitest';

const { cleanup, render } = await import('ink-testing-library');
const { App } = await import('../../components/App.js');
const { fakeEngine, fakeServices, memshapeTrace, scriptedJob } = await import('./support/fakes.js');
const { waitForFrame } = await import('./support/keys.js');

afterEach(() => cleanup());

/** SGR foreground and background colours: ESC [ 30–49, 90–97, or the 256/RGB forms. */
const COLOUR = new RegExp(`${String.fromCharCode(27)}\\[(3[0-9]|4[0-9]|9[0-7]|38;|48;)`);

describe('NO_COLOR', () => {
  const services = () => fakeServices(fakeEngine(() => scriptedJob(memshapeTrace()).job));

  it('draws with colour by default', async () => {
    const app = render(<App services={services()} color />);
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('alpine'));
    expect(frame).toMatch(COLOUR);
  });

  it('draws no colour codes at all when colour is off', async () => {
    const app = render(<App services={services()} color={false} />);
    await waitForFrame(app.lastFrame, (f) => f.includes('alpine'));
    for (const frame of app.frames) expect(frame).not.toMatch(COLOUR);
  });
});
