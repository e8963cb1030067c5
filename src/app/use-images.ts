import { useEffect, useState } from 'react';
import type { EngineHandle, LocalImage } from './services.js';

/** The engine's own images besides the samples, listed once the engine answers; empty without one. */
export function useImages(engine: EngineHandle | undefined): LocalImage[] {
  const [images, setImages] = useState<LocalImage[]>([]);
  useEffect(() => {
    if (!engine) return undefined;
    let current = true;
    // Listing is a nicety: an engine that refuses it leaves the samples, which is enough to work with.
    engine.listImages().then(
      (list) => current && setImages(list),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [engine]);
  return images;
}
