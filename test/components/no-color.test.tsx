// Colour is forced on before Ink (and chalk) load, so NO_COLOR's effect can be seen in the frames.
process.env.FORCE_COLOR = '1';

import { afterEach, describe, expect, it } from 'vitest';

const { cleanup, render } = await import('ink-testing-library');
const { App } = await import('../../components/App.js');
const { createShell } = await import('../../src/app/screens/shell/shell.js');
const { fakeEngine, fakeServices, memshapeTrace, scriptedJob } = await import('./support/fakes.js');
const { press, waitForFrame } = await import('./support/keys.js');

afterEach(() => cleanup());

/** SGR foreground and background colours: ESC [ 30–49, 90–97, or the 256/RGB forms. */
const COLOUR = new RegExp(`${String.fromCharCode(27)}\\[(3[0-9]|4[0-9]|9[0-7]|38;|48;)`);

describe('NO_COLOR', () => {
  const services = () => fakeServices(fakeEngine(() => scriptedJob(memshapeTrace()).job));

  it('draws with colour by default', async () => {
    const app = render(<App shell={createShell(services())} color />);
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('alpine'));
    expect(frame).toMatch(COLOUR);
  });

  it('draws no colour codes at all when colour is off', async () => {
    const app = render(<App shell={createShell(services())} color={false} />);
    await waitForFrame(app.lastFrame, (f) => f.includes('alpine'));
    for (const frame of app.frames) expect(frame).not.toMatch(COLOUR);
  });

  it('keeps colour off on the multi-run and hull screens too, charts included', async () => {
    const app = render(<App shell={createShell(services())} color={false} />);
    await waitForFrame(app.lastFrame, (f) => f.includes('alpine'));
    await press(app, 'j', 'j', 'j');
    await waitForFrame(app.lastFrame, (f) => f.includes('› functracer/memshape'));
    await press(app, 'm');
    await waitForFrame(app.lastFrame, (f) => f.includes('N = ‹ 5 ›'));
    await press(app, '1', '\r');
    await waitForFrame(app.lastFrame, (f) => f.includes('statistics over 1 run'));
    await press(app, '\x1b', 'h');
    await waitForFrame(app.lastFrame, (f) => f.includes('sample-5mb'));
    await press(app, 't');
    await waitForFrame(app.lastFrame, (f) => f.includes('hull over') && f.includes('┤'));
    for (const frame of app.frames) expect(frame).not.toMatch(COLOUR);
    await press(app, 'q');
  });
});
