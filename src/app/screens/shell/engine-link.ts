import type { SampleBuildRow } from '../../../report/sample-builds.js';
import { sampleBuildRow } from '../../../report/sample-builds.js';
import type { SamplesState } from '../../engine-state.js';
import { screenError } from '../../screen-error.js';
import { needsBuild } from '../../../tracer/samples/catalog.js';
import type { AppServices, EngineHandle } from '../../services.js';
import type { HomeModel } from '../home/actions.js';

export interface EngineLink {
  /** Connects to the engine, and again on each call: `r` on home. */
  connect(): void;
  /** Cancels a sample build in progress; resolves once it has let go of the engine. */
  stopSamples(): Promise<void>;
}

/**
 * The engine and its sample images, told to home's store as they change: the header and the home screen read
 * the same state, so they never disagree. Once the engine answers, missing or stale samples are built.
 */
export function engineLink(services: Pick<AppServices, 'connectEngine'>, home: HomeModel): EngineLink {
  let attempt = 0;
  let work: { abort: AbortController; done: Promise<void> } | undefined;
  const build = (engine: EngineHandle) => {
    const abort = new AbortController();
    const set = (change: Partial<SamplesState>) => abort.signal.aborted || home.samples({ ...home.getState().samples, ...change });
    const done = (async () => {
      set({ phase: 'checking' });
      const before = await engine.listSamples();
      set({ statuses: before });
      if (before.some(needsBuild)) {
        const rows = new Map<string, SampleBuildRow>();
        set({ phase: 'building' });
        await engine.buildSamples((event) => {
          rows.set(event.name, sampleBuildRow(event));
          set({ rows: [...rows.values()] });
        }, abort.signal);
      }
      set({ phase: 'ready', statuses: await engine.listSamples() });
    })().catch((error: unknown) => void set({ phase: 'failed', error: screenError(error) }));
    work = { abort, done };
  };
  return {
    connect() {
      const mine = ++attempt;
      work?.abort.abort();
      home.engine({ status: 'connecting' });
      services.connectEngine().then(
        (engine) => {
          if (mine !== attempt) return;
          home.engine({ status: 'ready', engine });
          build(engine);
        },
        (error: unknown) => mine === attempt && home.engine({ status: 'unreachable', error: screenError(error) }),
      );
    },
    async stopSamples() {
      work?.abort.abort();
      await work?.done;
    },
  };
}
