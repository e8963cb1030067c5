import { useEffect, useState } from 'react';
import type { AppServices, TraceFile } from './services.js';

export interface TraceFiles {
  files: TraceFile[];
  /** True until the folder has been read once: an empty list then means "not read yet", not "none". */
  loading: boolean;
}

/** The raw traces in the output folder, newest first; listed again when `refresh` changes (after each run). */
export function useTraceFiles(services: Pick<AppServices, 'listTraceFiles'>, dir: string, refresh: unknown): TraceFiles {
  const [state, setState] = useState<TraceFiles & { dir?: string }>({ files: [], loading: true });
  useEffect(() => {
    let current = true;
    services.listTraceFiles(dir).then(
      (files) => current && setState({ files, loading: false, dir }),
      () => current && setState({ files: [], loading: false, dir }),
    );
    return () => {
      current = false;
    };
  }, [services, dir, refresh]);
  // Another folder (the setting changed) is being read afresh: the old one's list is not its.
  return state.dir === undefined || state.dir === dir ? state : { files: [], loading: true };
}
