import type { HullSession } from '../../hull-session.js';
import { screenError, type ScreenError } from '../../screen-error.js';
import type { AppServices } from '../../services.js';
import type { TaskState } from '../../export-state.js';
import { loadSampleInputs } from '../home/inputs.js';
import type { KeyedScreen } from '../key-table.js';
import { keyedModel, type ScreenModel } from '../screen-model.js';
import { createStore, type Store } from '../store.js';
import { followThrottled, whileWatched } from '../follow.js';
import { hullRequest, planHullRequest } from './form.js';
import { hullKeys, type HullIntent } from './keys.js';
import { reduceHull, type HullAction } from './reduce.js';
import { hullFormOf, initialHull, type HullState } from './state.js';

export type HullServices = Pick<AppServices, 'listSampleInputs' | 'writeSampleInputs' | 'saveHull' | 'exportPlot' | 'cwd' | 'settings'>;

/** Where the hull screen's keys lead. */
export interface HullExits {
  /** Esc: the shell stops a run still going as it leaves. */
  back(): void;
}

export interface HullModel extends ScreenModel, KeyedScreen<HullState, HullIntent> {
  /** Lists the sample inputs and follows the settings while a view reads it: a screen left for good stops both. */
  store: Store<HullState, HullAction>;
}

const notice = (message: string, hint: string): ScreenError => ({ message, hint, bug: false });

/** The hull screen as a model: its store, following the session, and the actions that reach the machine through it and the services. */
export function createHull(source: HullSession, services: HullServices, exits: HullExits): HullModel {
  const { plan } = source;
  const settings = services.settings.get();
  const store = createStore(
    reduceHull,
    initialHull({ snapshot: source.getSnapshot(), busy: source.busy, settings, cwd: services.cwd, ...(plan ? { plan } : {}) }),
  );
  const { dispatch, getState } = store;
  // Training can change the session a thousand times a second; a change of busy goes at once, since the keys read
  // it: the key after t must not start a second run.
  const session = followThrottled(source, (snapshot) => dispatch({ type: 'session', snapshot, busy: source.busy }), {
    urgent: () => source.busy !== getState().busy,
  });
  const refuse = (error: unknown) => dispatch({ type: 'notice', notice: screenError(error) });
  // One save and one export at a time: a press while one is going is ignored.
  const task = <T>(now: TaskState<T>, set: (task: TaskState<T>) => void, work: () => Promise<T>) => {
    if (now.phase === 'busy') return;
    set({ phase: 'busy' });
    work().then(
      (value) => set({ phase: 'done', value }),
      (error: unknown) => set({ phase: 'failed', error: screenError(error) }),
    );
  };
  const train = () => {
    const state = getState();
    const files = state.inputs.files;
    if (!plan && files.length === 0)
      return dispatch({
        type: 'notice',
        notice: notice('the sample images are not listed yet', 'wait a moment; they are written into ref-data on first use'),
      });
    try {
      source.train(plan ? planHullRequest(hullFormOf(state), plan) : hullRequest(hullFormOf(state), files));
    } catch (error) {
      return refuse(error);
    }
    session.sync();
    dispatch({ type: 'show', view: 'training' });
  };
  const test = () => {
    const state = getState();
    if (!state.snapshot.uhull)
      return dispatch({ type: 'notice', notice: notice('there is no upscaling hull to test yet', 'train one first with t') });
    // The traced plan runs again as trained; over the samples, resize runs on the test image.
    const target = plan ? plan.title : state.inputs.files.find((f) => f.name === hullFormOf(state).test)?.path;
    if (!target) return dispatch({ type: 'notice', notice: notice('no test image is chosen', 'move to "Test on" and press Enter') });
    source.test(target);
    session.sync();
    dispatch({ type: 'show', view: 'test' });
  };
  const carryOut = (intent: HullIntent): void => {
    const { snapshot, saved, exported } = getState();
    const { hull, uhull } = snapshot;
    const outDir = services.settings.get().outDir;
    switch (intent.type) {
      case 'stop':
        // The session tells what stopping did as it happens: busy goes at once.
        return void source.stop();
      case 'train':
        return train();
      case 'test':
        return test();
      case 'save': {
        const saving = (t: typeof saved) => dispatch({ type: 'saved', task: t });
        if (hull && uhull) task(saved, saving, () => services.saveHull(outDir, hull, uhull));
        return;
      }
      case 'export': {
        const exporting = (t: typeof exported) => dispatch({ type: 'exported', task: t });
        const { test, done } = snapshot;
        // The pictures' inputs bring pricing with them: loaded when asked for, as the screen itself is.
        if (intent.picture === 'test' && test)
          return task(exported, exporting, async () => {
            const { testPlotInput, testStem } = await import('../../present/hull-screen.js');
            return services.exportPlot(testPlotInput(test, uhull), outDir, testStem(test));
          });
        if (intent.picture === 'hull' && hull && uhull)
          task(exported, exporting, async () => {
            const { trainedHullPlotInput } = await import('../../present/plot-inputs.js');
            return services.exportPlot(trainedHullPlotInput(done, hull, uhull), outDir, 'hull');
          });
        return;
      }
      case 'back':
        return exits.back();
      default:
        return dispatch(intent);
    }
  };
  const screen: KeyedScreen<HullState, HullIntent> = {
    getState,
    keys: hullKeys,
    run: carryOut,
    beforeKey: () => dispatch({ type: 'forget' }),
  };
  return {
    ...screen,
    ...keyedModel(screen),
    store: whileWatched(store, () => {
      const stopInputs = loadSampleInputs(services, (next) => dispatch({ type: 'inputs', inputs: next(getState().inputs) }));
      dispatch({ type: 'settings', settings: services.settings.get() });
      const stopSettings = services.settings.subscribe((now) => dispatch({ type: 'settings', settings: now }));
      return () => {
        stopInputs();
        stopSettings();
      };
    }),
  };
}
