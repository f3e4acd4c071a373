// Page data state: only the latest request's answer is kept.
import { describe, expect, it } from 'vitest';
import { Loaded } from '../../src/lib/loaded.svelte.ts';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('Loaded', () => {
  it('keeps the latest answer when an older one arrives after it', async () => {
    const data = new Loaded<string>();
    const first = deferred<string>();
    const second = deferred<string>();
    data.run(first.promise);
    data.run(second.promise);
    second.resolve('as of 30/06');
    await tick();
    expect([data.value, data.loading]).toEqual(['as of 30/06', false]);
    first.resolve('as of 31/10');
    await tick();
    expect(data.value).toBe('as of 30/06');
  });

  it('reports the error of the latest request, and skip() drops what is on its way', async () => {
    const data = new Loaded<string>();
    const failing = deferred<string>();
    data.run(failing.promise);
    failing.reject(new Error('The Encours server cannot be reached.'));
    await tick();
    expect([data.error, data.status, data.loading]).toEqual(['The Encours server cannot be reached.', null, false]);
    const late = deferred<string>();
    data.run(late.promise);
    data.skip();
    late.resolve('too late');
    await tick();
    expect([data.value, data.loading]).toEqual([null, false]);
  });

  it('keeps the status of a refusal (400: the inputs), until an answer comes', async () => {
    const data = new Loaded<string>();
    const refused = deferred<string>();
    data.run(refused.promise);
    refused.reject(Object.assign(new Error('discount_days (40) must be fewer than net_days (30)'), { status: 400 }));
    await tick();
    expect([data.error, data.status]).toEqual(['discount_days (40) must be fewer than net_days (30)', 400]);
    const answered = deferred<string>();
    data.run(answered.promise);
    answered.resolve('figures');
    await tick();
    expect([data.value, data.error, data.status]).toEqual(['figures', null, null]);
  });
});
