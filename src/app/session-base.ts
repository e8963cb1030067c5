/**
 * What every UI session shares: a snapshot that listeners subscribe to (the
 * shape useSyncExternalStore wants), and one abortable job at a time.
 */
export abstract class SessionBase<S> {
  private listeners = new Set<() => void>();
  private controller: AbortController | undefined;
  private running: Promise<void> | undefined;

  protected constructor(protected snapshot: S) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  getSnapshot(): S {
    return this.snapshot;
  }

  /** Whether a job is going; a second start is ignored until it ends. */
  protected get busy(): boolean {
    return this.running !== undefined;
  }

  /**
   * Starts `work` with a fresh abort signal. Its outcome arrives through
   * `onDone` or `onError`, never as an unhandled rejection.
   */
  protected launch<R>(work: (signal: AbortSignal) => Promise<R>, onDone: (result: R) => void, onError: (error: unknown) => void): void {
    const controller = new AbortController();
    this.controller = controller;
    // Free before the outcome is told: a listener that hears "trained" may start the next job at once.
    this.running = work(controller.signal)
      .finally(() => {
        this.running = undefined;
        this.controller = undefined;
      })
      .then(onDone, onError);
  }

  /** Stops the job (the tracer removes its container) and resolves once it has cleaned up. */
  async stop(): Promise<void> {
    this.controller?.abort();
    await this.running;
  }

  protected update(next: S): void {
    this.snapshot = next;
    this.listeners.forEach((listener) => listener());
  }
}
