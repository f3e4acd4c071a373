// The state of data a page fetches: value, error, loading. Only the latest request counts: when
// the as-of date or a filter changes again before an answer arrives, the older answer is dropped
// instead of overwriting the newer one.
export class Loaded<T> {
  value = $state<T | null>(null);
  error = $state<string | null>(null);
  /** the HTTP status of that error when the server answered one (400: the request's inputs were refused); null otherwise */
  status = $state<number | null>(null);
  loading = $state(true);
  #latest = 0;

  run(request: Promise<T>): void {
    const ticket = ++this.#latest;
    this.loading = true;
    request.then(
      (value) => {
        if (ticket !== this.#latest) return;
        this.value = value;
        this.error = null;
        this.status = null;
        this.loading = false;
      },
      (err: Error & { status?: number }) => {
        if (ticket !== this.#latest) return;
        this.error = err.message;
        this.status = typeof err.status === 'number' && err.status > 0 ? err.status : null;
        this.loading = false;
      },
    );
  }

  /** Nothing to fetch (no data yet): stop loading, and drop any answer still on its way. */
  skip(): void {
    this.#latest++;
    this.loading = false;
  }
}
