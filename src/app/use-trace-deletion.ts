import { useCallback, useState } from 'react';
import type { Binding } from './key-bindings.js';
import { screenError, type ScreenError } from './screen-error.js';
import type { AppServices, TraceFile } from './services.js';
import type { TraceDeletion } from './trace-deletion.js';

export interface TraceDeletionFlow {
  /** The question on screen: the files that would go. */
  asking?: TraceDeletion;
  /** What the last deletion did, until the next key. */
  said?: string;
  /** Bumped after each deletion, so the list is read again. */
  version: number;
  /** d: asks about the trace's files, or says why it cannot. */
  ask: (file: TraceFile) => void;
  /** The keys that answer the question while it is up. */
  answers: Binding[];
  forget: () => void;
}

/**
 * Deleting a recorded trace from home: d finds what would go (the CSV and its `-run.json` and `-output.txt`,
 * functracer's own files only), the question names them, y removes them and n or Esc keeps them.
 */
export function useTraceDeletion(
  services: Pick<AppServices, 'planTraceDeletion' | 'deleteTraceFiles'>,
  outDir: string,
  onError: (error: ScreenError) => void,
): TraceDeletionFlow {
  const [asking, setAsking] = useState<TraceDeletion | undefined>(undefined);
  const [said, setSaid] = useState<string | undefined>(undefined);
  const [version, setVersion] = useState(0);
  const ask = (file: TraceFile) =>
    void services.planTraceDeletion(file.path, outDir).then(setAsking, (error: unknown) => onError(screenError(error)));
  const confirm = () => {
    if (!asking) return;
    setAsking(undefined);
    services.deleteTraceFiles(asking).then(
      ({ deleted, kept }) => {
        setVersion((n) => n + 1);
        if (deleted.length > 0) setSaid(`Deleted ${deleted.join(', ')}`);
        const left = kept.map((k) => `${k.name} (${k.reason})`).join(', ');
        if (left) onError({ message: `left ${left}`, hint: 'press d to be asked again', bug: false });
      },
      (error: unknown) => onError(screenError(error)),
    );
  };
  const answers: Binding[] = [
    { keys: ['y'], label: 'delete', help: 'delete the files named', run: confirm },
    { keys: ['n', 'escape', 'return'], show: 'n/Esc', label: 'keep', help: 'keep them', run: () => setAsking(undefined) },
  ];
  const forget = useCallback(() => setSaid(undefined), []);
  return { ...(asking ? { asking } : {}), ...(said ? { said } : {}), version, ask, answers, forget };
}
