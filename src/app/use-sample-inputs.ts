import { useEffect, useState } from 'react';
import { loadSampleInputs } from './screens/home/inputs.js';
import type { SampleInputs } from './screens/home/state.js';
import type { AppServices } from './services.js';

/** The sample inputs for a screen that is not a model yet (the hull screen), listed as home lists them. */
export function useSampleInputs(services: Pick<AppServices, 'listSampleInputs' | 'writeSampleInputs'>): SampleInputs {
  const [state, setState] = useState<SampleInputs>({ phase: 'listing', files: [] });
  useEffect(() => loadSampleInputs(services, setState), [services]);
  return state;
}
