import type { SizeOutcome } from '../../../ops/tune.js';
import { screenError } from '../../screen-error.js';
import type { AppServices } from '../../services.js';
import type { TuneSession, TuneSnapshot } from '../../tune-session.js';
import { keyedModel, type ScreenModel } from '../screen-model.js';
import { createStore, type Store } from '../store.js';
import { followThrottled } from '../follow.js';
import { tuneRequest } from './form.js';
import { tuneKeys, type TuneIntent } from './keys.js';
import { reduceTune, type TuneAction } from './reduce.js';
import { chosenTuneSize, initialTune, type TuneRoom, type TuneState } from './state.js';

export type TuneServices = Pick<AppServices, 'exportTunePlot' | 'cwd' | 'settings' | 'providerModels'>;

/** Where the Tune screen's keys lead: the shell opens the screens. */
export interface TuneExits {
  /** A size's runs, on the multi-run screen. */
  openSize(size: SizeOutcome): void;
  /** Back to the screen before; the shell stops the tuning on the way. */
  back(): void;
}

export interface TuneModel extends ScreenModel {
  store: Store<TuneState, TuneAction>;
  /** The room the screen is drawn in: scrolling stops at the report's end as laid out there. */
  room(room: TuneRoom): void;
}

/** What the keys read changed: a tuning started or ended, or it asks whether to go on. Told at once, unlike progress. */
const urgent = (told: TuneSnapshot, now: TuneSnapshot) => told.phase !== now.phase || told.confirm !== now.confirm;

/**
 * The Tune screen as a model: the form, the session's tuning as it goes, and the actions that reach the session,
 * the disk (the chart's export) and the shell. The providers are read once, the settings' provider first.
 */
export function createTune(services: TuneServices, session: TuneSession, exits: TuneExits): TuneModel {
  const providers = services.providerModels(services.settings.get().provider);
  const store = createStore(reduceTune, initialTune(providers, session.getSnapshot(), services.cwd));
  const { dispatch, getState } = store;
  followThrottled(session, (snapshot) => dispatch({ type: 'snapshot', snapshot }), { urgent });
  const start = () => {
    const { form } = getState();
    try {
      session.start(tuneRequest(form, providers));
    } catch (error) {
      return dispatch({ type: 'notice', notice: screenError(error) });
    }
    dispatch({ type: 'started' });
  };
  const exportChart = () => {
    const { snapshot, exported } = getState();
    // A press while the chart is being written is ignored.
    if (!snapshot.outcome || exported.phase === 'busy') return;
    dispatch({ type: 'exported', exported: { phase: 'busy' } });
    services.exportTunePlot(snapshot.outcome, services.settings.get().outDir).then(
      (files) => dispatch({ type: 'exported', exported: { phase: 'done', value: files } }),
      (error: unknown) => dispatch({ type: 'exported', exported: { phase: 'failed', error: screenError(error) } }),
    );
  };
  const run = (intent: TuneIntent): void => {
    switch (intent.type) {
      case 'answer':
        return session.answer(true);
      case 'stop':
        return void session.stop();
      case 'start':
        return start();
      case 'open-size': {
        const size = chosenTuneSize(getState());
        if (size) exits.openSize(size);
        return;
      }
      case 'export':
        return exportChart();
      case 'back':
        return exits.back();
      default:
        return dispatch(intent);
    }
  };
  return {
    store,
    ...keyedModel({ getState, keys: tuneKeys, run, beforeKey: () => dispatch({ type: 'forget' }) }),
    room: (room) => dispatch({ type: 'room', room }),
  };
}
