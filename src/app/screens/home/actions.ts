import type { RunPlan } from '../../../core/run-plan.js';
import type { OpenedTrace } from '../../file-service.js';
import { screenError, type ScreenError } from '../../screen-error.js';
import type { AppServices, EngineHandle } from '../../services.js';
import type { EngineState } from '../../engine-state.js';
import type { SamplesState } from '../../engine-state.js';
import { keyToScreen, type KeyedScreen } from '../key-table.js';
import { startInputs } from './inputs.js';
import { followPreview, type PreviewRoom } from './preview.js';
import { createStore, type Store } from '../store.js';
import { homeKeys, type HomeIntent } from './keys.js';
import { reduceHome, type HomeAction } from './reduce.js';
import { cannotRun, engineNotReady, formOf, initialHome, invoked, selectedRow, traceAt, type HomeState } from './state.js';
import type { InvokePlan } from '../../invoke-form.js';
import type { ImageRow } from '../../present/image-rows.js';

export type HomeServices = Pick<
  AppServices,
  | 'listSampleInputs'
  | 'writeSampleInputs'
  | 'listTraceFiles'
  | 'openTraceFile'
  | 'refDataDir'
  | 'folderWarning'
  | 'cwd'
  | 'planRun'
  | 'planInvoke'
  | 'loadPreview'
  | 'previewPng'
  | 'planTraceDeletion'
  | 'deleteTraceFiles'
>;

/** Where home's keys lead: the shell opens the screens. */
export interface HomeExits {
  trace(plan: RunPlan): void;
  /** A Lambda-style function, traced as `functracer invoke` runs it. */
  invoke(request: InvokePlan): void;
  multi(plan: RunPlan): void;
  tune(plan: RunPlan): void;
  hull(): void;
  cost(): void;
  /** A recorded trace read from disk, to show on the trace screen. */
  opened(trace: OpenedTrace): void;
  retryEngine(): void;
}

export interface HomeModel extends KeyedScreen<HomeState, HomeIntent> {
  store: Store<HomeState, HomeAction>;
  /** Reads ref-data and the output folder; the returned function stops what is still going (a quit ends the JPEG writer). */
  start(): () => void;
  engine(engine: EngineState): void;
  samples(samples: SamplesState): void;
  outDir(dir: string): void;
  /** Lists the recorded traces again: after each run. */
  refresh(): void;
  /** The view's room for the input's preview, told from a layout effect: the model loads the picture to fit it. */
  previewRoom(room: PreviewRoom): void;
  /** A key, handled at once; false when home has no use for it, so the shell's keys may. */
  key: (press: Parameters<typeof keyToScreen>[1]) => boolean;
}

/** Home as a model: its store, and the actions that reach the machine through the services and dispatch what they learn. */
export function createHome(services: HomeServices, outDir: string, exits: HomeExits): HomeModel {
  const store = createStore(reduceHome, initialHome(outDir, services.refDataDir, services.cwd));
  const { dispatch, getState } = store;
  followPreview(services, store);
  const fail = (error: unknown) => dispatch({ type: 'notice', notice: screenError(error) });
  // Each listing of the traces is numbered: an answer for an older folder or an older list is dropped.
  let listing = 0;
  const refresh = () => {
    const asked = ++listing;
    services.listTraceFiles(getState().outDir).then(
      (files) => asked === listing && dispatch({ type: 'traces', files }),
      () => asked === listing && dispatch({ type: 'traces', files: [] }),
    );
  };
  // Reading a trace takes a moment; a second Enter meanwhile must not open it twice.
  let opening = false;
  const run = (as: 'trace' | 'multi' | 'tune') => {
    const state = getState();
    const row = selectedRow(state);
    if (!row) return;
    const refused = cannotRun(state, row, as);
    if (refused) return dispatch({ type: 'notice', notice: refused });
    // An engine's own image is asked once whether it is a Lambda function, which would wait for ever as a plain run.
    if (!row.sample && !(row.ref in state.lambdaImages) && state.engine.status === 'ready')
      return askLambda(state.engine.engine, row.ref, as);
    if (invoked(row)) return invoke(state, row);
    let plan: RunPlan;
    try {
      plan = services.planRun(row.ref, formOf(state, row), row.sample);
    } catch (error) {
      return fail(error);
    }
    exits[as](plan);
  };
  let asking = false;
  const askLambda = (engine: EngineHandle, ref: string, as: 'trace' | 'multi' | 'tune') => {
    if (asking) return;
    asking = true;
    engine
      .lambdaStyle(ref)
      .then(
        (why) => dispatch({ type: 'lambda-style', ref, why: why ?? null }),
        // An engine that cannot say leaves it a plain run: run then refuses a Lambda image itself.
        () => dispatch({ type: 'lambda-style', ref, why: null }),
      )
      .finally(() => {
        asking = false;
        if (selectedRow(getState())?.ref === ref) run(as);
      });
  };
  const invoke = (state: HomeState, row: ImageRow) => {
    let request: InvokePlan;
    try {
      request = services.planInvoke(row.ref, formOf(state, row), row.sample);
    } catch (error) {
      return fail(error);
    }
    exits.invoke(request);
  };
  const open = () => {
    const state = getState();
    if (state.traces.loading)
      return dispatch({
        type: 'notice',
        notice: { message: `still reading the recorded traces in ${state.outDir}`, hint: 'wait a moment', bug: false },
      });
    const file = traceAt(state);
    if (!file || opening) return;
    opening = true;
    services
      .openTraceFile(file.path)
      .then(exits.opened, fail)
      .finally(() => (opening = false));
  };
  const deleteAsked = () => {
    const { asking } = getState();
    if (!asking) return;
    dispatch({ type: 'asking', plan: undefined });
    services.deleteTraceFiles(asking).then(({ deleted, kept }) => {
      refresh();
      if (deleted.length > 0) dispatch({ type: 'deleted', said: `Deleted ${deleted.join(', ')}` });
      const left = kept.map((k) => `${k.name} (${k.reason})`).join(', ');
      if (left) dispatch({ type: 'notice', notice: { message: `left ${left}`, hint: 'press d to be asked again', bug: false } });
    }, fail);
  };
  const carryOut = (intent: HomeIntent): void => {
    const state = getState();
    switch (intent.type) {
      case 'enter':
        if (state.pane === 'images') return run('trace');
        if (state.pane === 'traces') return open();
        return dispatch({ type: 'choose' });
      case 'run':
        return run(intent.as);
      case 'hull': {
        const refused = engineNotReady(state.engine);
        return refused ? dispatch({ type: 'notice', notice: refused }) : exits.hull();
      }
      case 'cost':
        return exits.cost();
      case 'retry':
        return exits.retryEngine();
      case 'delete': {
        const file = traceAt(state);
        if (file) services.planTraceDeletion(file.path, state.outDir).then((plan) => dispatch({ type: 'asking', plan }), fail);
        return;
      }
      case 'confirm-delete':
        return deleteAsked();
      default:
        return dispatch(intent);
    }
  };
  const model: HomeModel = {
    store,
    getState,
    keys: homeKeys,
    run: carryOut,
    beforeKey: () => dispatch({ type: 'forget' }),
    key: (press) => keyToScreen(model, press),
    start: () => {
      // The CLI warns for --out; the TUI's folder comes from its settings, so it warns as it opens.
      const warning = services.folderWarning(getState().outDir);
      if (warning) dispatch({ type: 'notice', notice: sharedFolderNotice(getState().outDir, warning) });
      return startInputs(services, store, refresh);
    },
    engine(engine) {
      dispatch({ type: 'engine', engine });
      // The engine's own images are a nicety: an engine that refuses to list them leaves the samples.
      if (engine.status === 'ready')
        engine.engine.listImages().then(
          (images) => getState().engine === engine && dispatch({ type: 'images', images }),
          () => undefined,
        );
    },
    samples: (samples) => dispatch({ type: 'samples', samples }),
    outDir(dir) {
      if (dir === getState().outDir) return;
      dispatch({ type: 'out-dir', dir });
      refresh();
    },
    refresh,
    previewRoom: (room) => dispatch({ type: 'preview-room', room }),
  };
  return model;
}

/** The Output folder's warning as home opens: the words the settings form uses when it is saved. */
function sharedFolderNotice(dir: string, warning: string): ScreenError {
  return {
    message: `the Output folder ${dir} is ${warning}`,
    hint: 'change the Output folder setting (c on home) to a folder of your own',
    bug: false,
  };
}
