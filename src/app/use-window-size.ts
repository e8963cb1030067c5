import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

export interface WindowSize {
  columns: number;
  rows: number;
}

/** The terminal's size, from the stream Ink renders to; 80×24 where the stream does not say. */
export function useWindowSize(): WindowSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => measure(stdout));
  useEffect(() => {
    const onResize = () => setSize(measure(stdout));
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

function measure(stdout: NodeJS.WriteStream): WindowSize {
  return { columns: stdout.columns || 80, rows: stdout.rows || 24 };
}
