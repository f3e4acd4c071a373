// Worker threads that run code given as its source — a self-contained function's text and the few
// lines that call it: the server runs as a bundle (or through tsx), so a worker cannot import the
// server's modules. Used where a long loop splits in parts that need nothing but their inputs: the
// second half of a file's copy in UTF-8 (import/transcode.ts), the forecast's simulations
// (forecast/simulation.ts).
import { Worker } from 'node:worker_threads';

export interface SourceWorker<T> {
  /** the worker's one message; rejected if it fails or ends without one */
  result: Promise<T>;
  /** ends the worker (at once if it is still running) */
  stop: () => Promise<number>;
}

/** Starts `source` (CommonJS: it may require Node's modules) in a worker thread with `workerData`; `what` names it in errors. */
export function startSourceWorker<T>(source: string, workerData: unknown, what: string): SourceWorker<T> {
  // what tsx or esbuild (keepNames) may call in a function's source to name its inner functions
  const worker = new Worker(`const __name = (target) => target;\n${source}`, { eval: true, workerData });
  const result = new Promise<T>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`${what} stopped without its result (exit code ${code})`)));
  });
  result.catch(() => {}); // awaited by the caller; a failure elsewhere first must not leave it unhandled
  return { result, stop: () => worker.terminate() };
}
