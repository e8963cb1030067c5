import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunPlan } from '../../src/core/run-plan.js';
import type { SampleInputFile, TraceFile } from '../../src/app/services.js';
import type { EngineState } from '../../src/app/engine-state.js';
import type { SamplesState } from '../../src/app/engine-state.js';
import { screenError } from '../../src/app/screen-error.js';
import { CWD, fakeEngine, fakeServices, NO_ENGINE, REF_DATA, sampleStatuses, scriptedJob, memshapeTrace } from './support/fakes.js';
import { renderHome } from './support/home.js';
import { CHROME, KEY, press, selectImage, waitForFrame, waitUntil } from './support/keys.js';

afterEach(() => cleanup());

const engine = fakeEngine(() => scriptedJob(memshapeTrace()).job);
const READY: EngineState = { status: 'ready', engine };
const SAMPLES: SamplesState = { phase: 'ready', statuses: sampleStatuses(), rows: [] };

function home(
  options: {
    engine?: EngineState;
    samples?: SamplesState;
    onTrace?: (plan: RunPlan) => void;
    onMulti?: (plan: RunPlan) => void;
    onHull?: () => void;
    onOpenTrace?: () => void;
    onRetryEngine?: () => void;
  } = {},
) {
  const none = () => {};
  return renderHome(CHROME, {
    services: fakeServices(engine),
    engine: options.engine ?? READY,
    samples: options.samples ?? SAMPLES,
    exits: {
      trace: options.onTrace ?? none,
      multi: options.onMulti ?? none,
      hull: options.onHull ?? none,
      opened: options.onOpenTrace ?? none,
      retryEngine: options.onRetryEngine ?? none,
    },
  });
}

/** A promise the test resolves when it chooses: a folder still being read. */
function held<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('ImageSelectScreen', () => {
  it('lists the samples and the engine’s own images, with the keys that work now', async () => {
    const app = home();
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('alpine:3.20'));
    for (const sample of ['functracer/hello', 'functracer/memshape', 'functracer/resize', 'functracer/compress'])
      expect(frame).toContain(sample);
    expect(frame).toContain('Images (8)');
    // The bar tightens its gaps to one space when every key would not fit with two.
    expect(frame).toMatch(/Enter trace .*m multi .*p tune .*\? help {1,2}q quit/);
    expect(frame.split('\n').length).toBeLessThanOrEqual(22);
  });

  it('filters with / and sorts with s; Esc clears the filter', async () => {
    const app = home();
    await waitForFrame(app.lastFrame, (f) => f.includes('alpine'));
    await press(app, '/', 'm', 'e', 'm');
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('/mem▏'));
    expect(frame).toContain('Images (1)');
    expect(frame).toContain('functracer/memshape');
    expect(frame).not.toContain('functracer/hello');
    expect(frame).toContain('Enter keep');
    await press(app, KEY.enter);
    await waitForFrame(app.lastFrame, (f) => f.includes('/mem ') && !f.includes('Enter keep'));
    await press(app, KEY.escape);
    await waitForFrame(app.lastFrame, (f) => f.includes('Images (8)'));
    await press(app, 's');
    await waitForFrame(app.lastFrame, (f) => f.includes('sort: size'));
  });

  it('loses no key of a burst: a filter typed and kept in one write, then cleared and sorted in another', async () => {
    const app = home();
    await waitForFrame(app.lastFrame, (f) => f.includes('alpine'));
    // m, h, s and p are keys of their own on home: each must reach the filter that / opened, not run its binding.
    app.stdin.write('/memshape\r');
    const kept = await waitForFrame(app.lastFrame, (f) => f.includes('Images (1)') && !f.includes('Enter keep'));
    expect(kept).toContain('/memshape ');
    expect(kept).toContain('› functracer/memshape');
    app.stdin.write('/\x7f\x7f\x7f\x7f\x7fhello\r');
    await waitForFrame(app.lastFrame, (f) => f.includes('/memhello') && !f.includes('Enter keep'));
    app.stdin.write(KEY.escape);
    await waitForFrame(app.lastFrame, (f) => f.includes('Images (8)'));
    app.stdin.write('ss');
    expect(await waitForFrame(app.lastFrame, (f) => f.includes('sort: newest'))).toContain('Images (8)');
  });

  it('keeps the selected image through every sort, and puts the newest sample images first', async () => {
    const app = home();
    await waitForFrame(app.lastFrame, (f) => f.includes('alpine'));
    await selectImage(app, 'functracer/hello');
    for (const sort of ['size', 'newest', 'name']) {
      await press(app, 's');
      const sorted = await waitForFrame(app.lastFrame, (f) => f.includes(`sort: ${sort}`));
      expect(sorted).toContain('› functracer/hello');
      if (sort === 'newest') {
        const order = [...sorted.matchAll(/functracer\/(\w+)/g)].map((m) => m[1]);
        expect(order.slice(0, 2)).toEqual(['lambda', 'memshape']);
      }
    }
  });

  it('shows the input images with size and dimensions, and puts the chosen one in the arguments', async () => {
    const app = home();
    await waitForFrame(app.lastFrame, (f) => f.includes('2112×1584'));
    expect(app.lastFrame()).toMatch(/sample-5mb\.jpg +4\.7 MiB 4800×3600/);
    await selectImage(app, 'functracer/resize');
    expect(app.lastFrame()).toContain('Args     /in/sample-1mb.jpg 50%');
    expect(app.lastFrame()).toContain('Volumes  /fake/ref-data:/in:ro');
    await press(app, KEY.tab, 'j', 'j', KEY.enter);
    await waitForFrame(app.lastFrame, (f) => f.includes('Args     /in/sample-5mb.jpg 50%'));
  });

  it('traces resize with ref-data mounted read-only at /in, so its output never lands there', async () => {
    const onTrace = vi.fn();
    const app = home({ onTrace });
    await waitForFrame(app.lastFrame, (f) => f.includes('alpine'));
    await selectImage(app, 'functracer/resize');
    await press(app, KEY.enter);
    await waitUntil('the run is planned', () => onTrace.mock.calls.length > 0);
    const plan = onTrace.mock.calls[0]![0] as RunPlan;
    expect(plan.spec.image).toBe('functracer/resize');
    expect(plan.spec.args).toEqual(['/in/sample-1mb.jpg', '50%']);
    expect(plan.spec.binds).toEqual([`${REF_DATA}:/in:ro`]);
    expect(plan.spec.networkMode).toBe('none');
    expect(plan.scratch).toBeUndefined();
  });

  it('gives compress a throw-away copy of ref-data, never ref-data itself', async () => {
    const onTrace = vi.fn();
    const app = home({ onTrace });
    await waitForFrame(app.lastFrame, (f) => f.includes('alpine'));
    expect(app.lastFrame()).toContain('› functracer/compress');
    expect(app.lastFrame()).toContain('Copy of  /fake/ref-data');
    await press(app, KEY.enter);
    await waitUntil('the run is planned', () => onTrace.mock.calls.length > 0);
    const plan = onTrace.mock.calls[0]![0] as RunPlan;
    expect(plan.spec.binds.some((bind) => bind.startsWith(REF_DATA))).toBe(false);
    expect(plan.scratch).toEqual({ from: REF_DATA, mountPoint: '/d' });
  });

  it('edits options in place: a memory limit, and one-line errors naming the field', async () => {
    const onTrace = vi.fn();
    const app = home({ onTrace });
    await waitForFrame(app.lastFrame, (f) => f.includes('alpine'));
    await selectImage(app, 'functracer/memshape');
    await press(app, KEY.tab, KEY.tab, 'j', KEY.enter, '2', '5', '6', 'm', KEY.enter);
    await waitForFrame(app.lastFrame, (f) => f.includes('Memory   256m') && !f.includes('Enter keep'));
    await press(app, KEY.tab, KEY.tab, KEY.enter);
    await waitUntil('the run is planned', () => onTrace.mock.calls.length > 0);
    const plan = onTrace.mock.calls[0]![0] as RunPlan;
    expect(plan.spec.memoryBytes).toBe(256 * 1024 * 1024);
    expect(plan.spec.args).toEqual(['0:100', '64:300', '16:200', '128:5', '16:200', '0:100']);
    // A letter no size has is refused as it is typed, with what the field takes.
    await press(app, KEY.tab, KEY.tab, KEY.enter, KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, 'l');
    // Under load a frame can lag the key: wait for it rather than read the last one.
    const refused = await waitForFrame(app.lastFrame, (f) => f.includes('✘ "l" cannot go into this field'));
    expect(refused).toContain('✘ "l" cannot go into this field. Try: It takes a memory size, such as 256m or 1g');
    expect(refused).toContain('Enter keep');
    // A value that is not a size is refused at Enter, and the edit goes on.
    await press(app, 'm', KEY.enter);
    const invalid = await waitForFrame(app.lastFrame, (f) => f.includes('✘ memory got "m"'));
    expect(invalid).toContain('✘ memory got "m", which is not a memory size');
    expect(invalid).toContain('Enter keep');
    await press(app, KEY.escape);
    await waitForFrame(app.lastFrame, (f) => !f.includes('Enter keep'));
    await press(app, KEY.tab, KEY.tab, KEY.enter);
    await waitUntil('the second run is planned', () => onTrace.mock.calls.length >= 2);
    expect(onTrace).toHaveBeenCalledTimes(2);
    expect((onTrace.mock.calls[1]![0] as RunPlan).spec.memoryBytes).toBe(256 * 1024 * 1024);
  });

  it('edits the field under the cursor after moving to an image with fewer options', async () => {
    const app = home();
    await waitForFrame(app.lastFrame, (f) => f.includes('alpine'));
    await selectImage(app, 'functracer/compress');
    // compress has one option more than hello (its scratch folder): put the cursor on its last one.
    await press(app, KEY.tab, KEY.tab, 'j', 'j', 'j', 'j', KEY.tab, KEY.tab);
    await selectImage(app, 'functracer/hello');
    await press(app, KEY.tab, KEY.tab, KEY.enter, KEY.backspace);
    await waitForFrame(app.lastFrame, (f) => f.includes('Enter keep'));
  });

  it('Esc cancels an edit and keeps the old value', async () => {
    const app = home();
    await waitForFrame(app.lastFrame, (f) => f.includes('alpine'));
    await press(app, KEY.tab, KEY.tab, KEY.enter, 'x', 'y');
    await waitForFrame(app.lastFrame, (f) => f.includes('Enter keep') && f.includes('xy'));
    await press(app, KEY.escape);
    const cancelled = await waitForFrame(app.lastFrame, (f) => !f.includes('Enter keep'));
    expect(cancelled).toContain('Volumes  –');
  });

  it('without an engine: says what to try, still browses inputs and recorded traces', async () => {
    const onOpenTrace = vi.fn();
    const onRetryEngine = vi.fn();
    const app = home({
      engine: { status: 'unreachable', error: screenError(NO_ENGINE) },
      samples: { phase: 'waiting', statuses: [], rows: [] },
      onOpenTrace,
      onRetryEngine,
    });
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('2112×1584') && f.includes('01-01 00:00:00'));
    // The error has the message rows, the whole width; the images pane points at it.
    expect(frame.split('\n').slice(-4, -1).join(' ')).toContain(
      '✘ no Docker engine answers at unix:///nowhere.sock (ENOENT). Try: Start one (systemctl start docker, or dockerd &)',
    );
    expect(frame).toContain('✘ engine unreachable · r retries');
    expect(frame).toContain('functracer/memshape   needs the');
    await press(app, KEY.enter);
    await waitForFrame(app.lastFrame, (f) => f.includes('✘ nothing can run without the engine: no Docker engine answers'));
    await press(app, 'r');
    await waitUntil('the engine is retried', () => onRetryEngine.mock.calls.length > 0);
    expect(onRetryEngine).toHaveBeenCalledOnce();
    await press(app, KEY.tab, KEY.tab, KEY.tab, KEY.enter);
    await waitUntil('the trace is opened', () => onOpenTrace.mock.calls.length > 0);
    expect(onOpenTrace).toHaveBeenCalledOnce();
  });

  it('shows build progress for missing samples and will not trace them yet', async () => {
    const onTrace = vi.fn();
    const samples: SamplesState = {
      phase: 'building',
      statuses: sampleStatuses(['functracer/compress']),
      rows: [{ name: 'functracer/compress', state: 'building', detail: 'importing 1.0 MB of ~4.0 MB' }],
    };
    const app = home({ samples, onTrace });
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('importing'));
    expect(frame).toContain('functracer/compress   importing 1.0');
    await press(app, KEY.enter);
    await waitForFrame(app.lastFrame, (f) => f.includes('is not built yet'));
    expect(onTrace).not.toHaveBeenCalled();
  });

  it('uses the working directory for relative volume paths', async () => {
    const onTrace = vi.fn();
    const app = home({ onTrace });
    await waitForFrame(app.lastFrame, (f) => f.includes('alpine'));
    await selectImage(app, 'functracer/hello');
    await press(app, KEY.tab, KEY.tab, KEY.enter, ...'./data:/d'.split(''), KEY.enter, KEY.tab, KEY.tab, KEY.enter);
    await waitUntil('the run is planned', () => onTrace.mock.calls.length > 0);
    expect((onTrace.mock.calls[0]![0] as RunPlan).spec.binds).toEqual([`${CWD}/data:/d`]);
  });

  it('says the lists are being read until they are, and Enter meanwhile says so instead of nothing', async () => {
    const inputs = held<SampleInputFile[]>();
    const traces = held<TraceFile[]>();
    const onOpenTrace = vi.fn();
    const listed = fakeServices(engine);
    const services = { ...listed, listSampleInputs: () => inputs.promise, listTraceFiles: () => traces.promise };
    const app = renderHome(CHROME, {
      services,
      engine: { status: 'connecting' },
      samples: { phase: 'waiting', statuses: [], rows: [] },
      exits: { opened: onOpenTrace },
    });
    const loading = await waitForFrame(app.lastFrame, (f) => f.includes('reading ref-data…'));
    expect(loading).toContain('Recorded traces (…) in traces');
    expect(loading).toContain('reading the folder…');
    expect(loading).toContain('functracer/memshape   checking…');
    expect(loading).not.toContain('no JPEGs');
    expect(loading).not.toContain('none yet');
    expect(loading).not.toContain('needs the engine');
    // Enter in each pane says what it waits for.
    await press(app, KEY.enter);
    await waitForFrame(app.lastFrame, (f) => f.includes('✘ still connecting to the engine'));
    await press(app, KEY.tab, KEY.enter);
    await waitForFrame(app.lastFrame, (f) => f.includes('✘ still reading the input images in ref-data'));
    await press(app, KEY.tab, KEY.tab, KEY.enter);
    await waitForFrame(app.lastFrame, (f) => f.includes('✘ still reading the recorded traces in traces'));
    expect(onOpenTrace).not.toHaveBeenCalled();
    // The engine answered, its samples not yet checked: the engine's own images could run, the samples wait.
    app.home.engine(READY);
    app.home.samples({ phase: 'checking', statuses: [], rows: [] });
    await press(app, KEY.tab);
    await waitForFrame(app.lastFrame, (f) => f.includes('Enter trace'));
    await press(app, KEY.enter);
    await waitForFrame(app.lastFrame, (f) => f.includes('✘ still checking the sample images on the engine'));
    // Once read, the lists show, and Enter opens a trace.
    inputs.resolve(await listed.listSampleInputs());
    traces.resolve(await listed.listTraceFiles('traces'));
    app.home.samples(SAMPLES);
    await waitForFrame(app.lastFrame, (f) => f.includes('2112×1584') && f.includes('Recorded traces (1)') && f.includes('2.0 MiB'));
    await press(app, KEY.tab, KEY.tab, KEY.tab, KEY.enter);
    await waitForFrame(
      () => String(onOpenTrace.mock.calls.length),
      (calls) => calls === '1',
    );
  });
});
