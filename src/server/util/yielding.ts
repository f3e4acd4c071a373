// Long computations in TypeScript (the forecast's simulations) share the server's one thread with
// every request: they give way every few milliseconds so that a health check or a page's request
// is answered between two slices, not after the whole computation.

/** A check to call inside a long loop: resolves at once, or after the event loop has run when the slice is used up. */
export function yielder(sliceMs = 10): () => Promise<void> | undefined {
  let sliceStart = performance.now();
  return () => {
    if (performance.now() - sliceStart < sliceMs) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        sliceStart = performance.now();
        resolve();
      }),
    );
  };
}
