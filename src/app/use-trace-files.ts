import { useEffect, useState } from 'react';
import type { AppServices, TraceFile } from './services.js';

/** The raw traces in the output folder, newest first; listed again when `refresh` changes (after each run). */
export function useTraceFiles(services: Pick<AppServices, 'listTraceFiles'>, dir: string, refresh: unknown): TraceFile[] {
  const [files, setFiles] = useState<TraceFile[]>([]);
  useEffect(() => {
    let current = true;
    services.listTraceFiles(dir).then(
      (list) => current && setFiles(list),
      () => current && setFiles([]),
    );
    return () => {
      current = false;
    };
  }, [services, dir, refresh]);
  return files;
}
