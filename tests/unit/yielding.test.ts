// The long loops' give-way check (src/server/util/yielding.ts): nothing while the slice lasts, a
// turn of the event loop once it is used up — so that a timer (a request) runs in between.
import { describe, expect, it } from 'vitest';
import { yielder } from '../../src/server/util/yielding.ts';

describe('yielder', () => {
  it('lets the loop run on while its slice lasts', () => {
    const giveWay = yielder(60_000);
    for (let i = 0; i < 1000; i++) expect(giveWay()).toBeUndefined();
  });

  it('gives way to what waits on the event loop once its slice is used up', async () => {
    const giveWay = yielder(0);
    let ran = false;
    setImmediate(() => (ran = true));
    const pause = giveWay();
    expect(pause).toBeInstanceOf(Promise);
    await pause;
    expect(ran).toBe(true);
  });
});
