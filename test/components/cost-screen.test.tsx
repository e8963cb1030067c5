import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { CostScreen } from '../../components/screens/CostScreen.js';
import { createCost } from '../../src/app/screens/cost/actions.js';
import { recordedSource } from '../../src/app/trace-session.js';
import type { SettingsStore } from '../../src/app/settings.js';
import { checkOutputFolder } from '../../src/app/settings-folder.js';
import { memshapeTrace, tempSettings } from './support/fakes.js';
import { KEY, press, waitForFrame, CHROME } from './support/keys.js';

afterEach(() => cleanup());

/** The screen drawn alone, with a real settings store in a temporary folder and the Output folder checked in `cwd`, as the App wires it. */
function costScreen(store: SettingsStore, withTrace: boolean, cwd = os.tmpdir()) {
  const source = withTrace ? recordedSource('memshape-rawresults.csv', memshapeTrace(), 1000, '/fake/memshape-rawresults.csv') : undefined;
  const model = createCost({ settings: store, checkOutDir: (dir) => checkOutputFolder(dir, cwd).warning }, source);
  return <CostScreen {...CHROME} standalone model={model} />;
}

describe('CostScreen', () => {
  it('compares providers for the trace, cheapest first, the chosen one ticked', async () => {
    const store = tempSettings();
    const app = render(costScreen(store, true));
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('aws-lambda-x86'));
    // The figures stay whole at 80 columns; only the title gives way.
    expect(frame).toContain('memshape-rawresults.csv  ·  1.00 s · peak 128.0 MiB · 1,000,000 requests');
    expect(frame).toMatch(/provider +total +MB used\/alloc/);
    expect(frame).toMatch(/✓aws-lambda-x86 +\$\d+\.\d\d +128\/128/);
    expect(frame.split('\n').length).toBeLessThanOrEqual(22);
    // End goes to the dearest provider, g to the cheapest: the table's first row, under its header.
    const selected = () => /› .(\S+)/.exec(app.lastFrame()!)![1];
    const firstRow = (f: string) => /provider +total.*\n[║│](›?)[ ✓]*([a-z][\w-]+)/.exec(f)!;
    await press(app, KEY.end);
    expect(selected()).not.toBe('aws-lambda-x86');
    expect(firstRow(app.lastFrame()!)[1]).toBe('');
    await press(app, 'g');
    const top = await waitForFrame(app.lastFrame, (f) => firstRow(f)[1] === '›');
    expect(selected()).toBe(firstRow(top)[2]);
  });

  it('saves settings through the typed store and names a bad value', async () => {
    const store = tempSettings();
    const app = render(costScreen(store, true));
    await waitForFrame(app.lastFrame, (f) => f.includes('Settings'));
    await press(app, KEY.tab, 'j', KEY.enter);
    await waitForFrame(app.lastFrame, (f) => f.includes('Enter saves'));
    for (let i = 0; i < 8; i++) await press(app, KEY.backspace);
    await press(app, ...'5,000'.split(''), KEY.enter);
    await waitForFrame(app.lastFrame, (f) => f.includes('Requests per month      5,000'));
    expect(store.get().requestsPerMonth).toBe(5000);
    await waitForFrame(app.lastFrame, (f) => f.includes('5,000 requests'));

    // Each key that changes mode is given its redraw first: the handler after it is the one that must hear the next key.
    await press(app, KEY.enter);
    await waitForFrame(app.lastFrame, (f) => f.includes('Enter saves'));
    await press(app, KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, '-');
    await waitForFrame(app.lastFrame, (f) => f.includes('✘ "-" cannot go into this field. Try: It takes a whole number from 1 to 10^15'));
    await press(app, '0', KEY.enter);
    const refused = await waitForFrame(app.lastFrame, (f) =>
      f.includes('✘ Requests per month got "0". Try: Give a whole number from 1 to 10^15'),
    );
    // The edit goes on: the field still has its cursor, and the bar still offers saving.
    expect(refused).toContain('Requests per month      0▏');
    expect(refused).toContain('Enter save  Esc cancel');
    expect(store.get().requestsPerMonth).toBe(5000);
    await press(app, KEY.escape);
    await waitForFrame(app.lastFrame, (f) => !f.includes('Enter saves'));

    await press(app, 'j', KEY.enter);
    await waitForFrame(app.lastFrame, (f) => f.includes('Free tier               yes'));
    expect(store.get().freeTier).toBe(true);
  });

  it('picks the provider the trace screen bills, from the table or the form', async () => {
    const store = tempSettings();
    const app = render(costScreen(store, true));
    await waitForFrame(app.lastFrame, (f) => f.includes('aws-lambda-x86'));
    // The cursor opens on the chosen provider's row, and Enter takes the row it is on.
    expect(app.lastFrame()).toMatch(/› ✓aws-lambda-x86/);
    await press(app, 'k');
    const moved = await waitForFrame(app.lastFrame, (f) => !/› ✓aws-lambda-x86/.test(f));
    const highlighted = /› [ ✓]([a-z0-9-]+)/.exec(moved.split('\n').find((line) => line.includes('›'))!)![1]!;
    expect(highlighted).not.toBe('aws-lambda-x86');
    await press(app, KEY.enter);
    // A busy machine can take longer than a keystroke's pause to handle it: wait for the store to say so.
    await waitForFrame(
      () => store.get().provider,
      (provider) => provider === highlighted,
    );
    await press(app, KEY.tab, KEY.right);
    await waitForFrame(
      () => store.get().provider,
      (provider) => provider !== highlighted,
    );
  });

  it('keeps each label whole beside a value too long for the pane', async () => {
    const store = tempSettings();
    const app = render(costScreen(store, false));
    await waitForFrame(app.lastFrame, (f) => f.includes('› Provider'));
    await press(app, 'G', KEY.enter);
    await waitForFrame(app.lastFrame, (f) => f.includes('Enter saves'));
    const long = `/tmp/${'a-very-long-folder-name/'.repeat(4)}traces`;
    await press(app, KEY.ctrlU, ...long.split(''));
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('a-very-long-folder-name/a-very'));
    const row = frame.split('\n').find((line) => line.includes('Output folder'))!;
    // The label is padded to 24 columns after the cursor mark, so the value starts in the same column on every row.
    expect(row).toMatch(/› Output folder {11}\/tmp\/a-very/);
  });

  it("checks the Output folder as it is entered: a folder where no file can be made is refused by the setting's name", async () => {
    const store = tempSettings();
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'functracer-cost-out-'));
    const app = render(costScreen(store, false, cwd));
    await waitForFrame(app.lastFrame, (f) => f.includes('› Provider'));
    await press(app, 'G', KEY.enter);
    await waitForFrame(app.lastFrame, (f) => f.includes('Enter saves'));
    await press(app, KEY.ctrlU, ...'/proc/nope'.split(''), KEY.enter);
    const refused = await waitForFrame(app.lastFrame, (f) => f.includes('✘'));
    expect(refused).toContain('✘ Output folder /proc/nope cannot be used as an output folder');
    expect(refused).toContain('Change the Output folder setting');
    expect(refused).not.toContain('--out');
    // The edit goes on (the field keeps its cursor, the bar offers saving), and nothing was saved.
    expect(refused).toMatch(/Output folder +\/proc\/nope▏/);
    expect(refused).toContain('Enter save  Esc cancel');
    expect(store.get().outDir).toBe('traces');

    await press(app, KEY.ctrlU, ...'results'.split(''), KEY.enter);
    await waitForFrame(app.lastFrame, (f) => !f.includes('Enter saves') && !f.includes('✘'));
    expect(store.get().outDir).toBe('results');
    // Checked, not made: the trace file makes it when a run starts.
    expect(fs.existsSync(path.join(cwd, 'results'))).toBe(false);

    // Root is warned of a folder others can write to, and it is saved all the same.
    const shared = path.join(cwd, 'shared');
    fs.mkdirSync(shared, { mode: 0o777 });
    fs.chmodSync(shared, 0o777);
    await press(app, KEY.enter);
    await waitForFrame(app.lastFrame, (f) => f.includes('Enter saves'));
    await press(app, KEY.ctrlU, ...'shared'.split(''), KEY.enter);
    if (process.getuid?.() === 0) {
      const warned = await waitForFrame(app.lastFrame, (f) => f.includes('world-writable'));
      expect(warned.replace(/\s*\n/g, ' ')).toContain(
        '✘ saved, but that folder is world-writable without the sticky bit: other users can replace',
      );
    }
    await waitForFrame(app.lastFrame, (f) => !f.includes('Enter saves'));
    expect(store.get().outDir).toBe('shared');
    fs.rmSync(cwd, { recursive: true, force: true });
  });

  it('without a trace shows the settings and says how to get one', async () => {
    const app = render(costScreen(tempSettings(), false));
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('Settings'));
    expect(frame).toContain('No trace to price yet');
    expect(frame).toContain('› Provider');
  });
});
