// The forecast's simulation (forecast/simulation.ts) against the loop it replaced, written out here
// with util/random.ts's generator: one seeded stream, simulation after simulation, each invoice's
// week the first whose cumulative quantile exceeds its draw. Run in this thread, split across
// worker threads, or started part-way (the generator's state computed in one step), the numbers
// must be those of that loop, to the last bit: the plan's range and the backtests depend on them.
import { describe, expect, it } from 'vitest';
import { prng } from '../../src/server/util/random.ts';
import { simulate, simulateRange, type SimulationInput } from '../../src/server/forecast/simulation.ts';

const W = 13;
const S = W + 2;

/** 400 invoices of 90 clients, each with a cumulative distribution over its weeks, later and never, as normal quantiles. */
function input(seed = 7): SimulationInput {
  const r = prng(seed);
  const n = 400;
  const thresholds = new Float64Array(n * S);
  const amount = new Float64Array(n);
  const firstOfClient = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let z = -3 + r.normal();
    for (let k = 0; k < S - 1; k++) thresholds[i * S + k] = i % 17 === 0 && k < 3 ? -Infinity : (z += r.next() * 0.4);
    thresholds[i * S + S - 1] = Infinity; // never: the last outcome takes what is left
    amount[i] = Math.round(r.uniform(10, 5000) * 100) / 100;
    firstOfClient[i] = i === 0 || r.next() < 0.22 ? 1 : 0;
  }
  const kernel = Array.from({ length: W }, (_, w) => Array.from({ length: W }, (_, v) => (v <= w ? r.next() / (w + 1) : 0)));
  const sales = Array.from({ length: W }, () => r.uniform(1000, 9000));
  return { thresholds, stride: S, amount, firstOfClient, weeks: W, a: Math.sqrt(0.05), b: Math.sqrt(0.3 - 0.05), e: Math.sqrt(0.7), sales, salesSigma: 0.2, kernel, cashSigma: 0.15, seed: 20261130 };
}

/** The loop as forecast.ts ran it before: weeks × simulations. */
function reference(d: SimulationInput, sims: number): { total: number[][]; open: number[][] } {
  const rng = prng(d.seed);
  const total = Array.from({ length: W }, () => new Array<number>(sims).fill(0));
  const open = Array.from({ length: W }, () => new Array<number>(sims).fill(0));
  for (let s = 0; s < sims; s++) {
    const portfolio = d.a * rng.normal();
    let client = 0;
    const invoices = new Float64Array(W);
    for (let i = 0; i < d.amount.length; i++) {
      if (d.firstOfClient[i]) client = portfolio + d.b * rng.normal();
      const z = client + d.e * rng.normal();
      let w = 0;
      while (!(z < d.thresholds[i * S + w])) w++;
      if (w < W) invoices[w] += d.amount[i];
    }
    const noisy = d.sales.map((x) => x * Math.exp(d.salesSigma * rng.normal() - (d.salesSigma * d.salesSigma) / 2));
    for (let w = 0; w < W; w++) {
      let fromSales = 0;
      for (let v = 0; v < W; v++) fromSales += d.kernel[w][v] * noisy[v];
      fromSales *= Math.exp(d.cashSigma * rng.normal() - (d.cashSigma * d.cashSigma) / 2);
      total[w][s] = invoices[w] + fromSales;
      open[w][s] = invoices[w];
    }
  }
  return { total, open };
}

const plain = (weeks: Float64Array[]) => weeks.map((w) => Array.from(w));
const noPause = () => undefined;

describe('the forecast’s simulation', () => {
  const d = input();
  const sims = 37;
  const expected = reference(d, sims);

  it('in this thread, gives the numbers of the sequential loop', async () => {
    const got = await simulate(d, sims, noPause, Infinity);
    expect(plain(got.total)).toEqual(expected.total);
    expect(plain(got.open)).toEqual(expected.open);
  });

  it('split across worker threads, gives the same numbers', async () => {
    const got = await simulate(d, sims, noPause, 0);
    expect(plain(got.total)).toEqual(expected.total);
    expect(plain(got.open)).toEqual(expected.open);
  });

  it('started part-way, continues the one stream', () => {
    const total = new Float64Array(W * 5);
    const open = new Float64Array(W * 5);
    simulateRange(d, 30, 35, total, open);
    for (let w = 0; w < W; w++) {
      expect(Array.from(total.subarray(w * 5, (w + 1) * 5))).toEqual(expected.total[w].slice(30, 35));
      expect(Array.from(open.subarray(w * 5, (w + 1) * 5))).toEqual(expected.open[w].slice(30, 35));
    }
  });

  it('cuts a seed that is not a whole number as the generator does, and runs one or no simulation in this thread', async () => {
    const odd = { ...d, seed: -12345.75 };
    const got = await simulate(odd, 5, noPause, 0);
    expect(plain(got.total)).toEqual(reference(odd, 5).total);
    expect(plain((await simulate(d, 1, noPause, 0)).open)).toEqual(expected.open.map((w) => w.slice(0, 1)));
    expect(plain((await simulate(d, 0, noPause, 0)).total)).toEqual(new Array(W).fill([]));
  });

  it('draws invoices into their weeks: with no spread at all, each lands where its quantiles say', async () => {
    // one invoice of 100, certain to be paid in week 3 (its quantiles −∞ before, +∞ from week 3)
    const one: SimulationInput = { ...input(), thresholds: Float64Array.from([-Infinity, -Infinity, Infinity, ...new Array(S - 3).fill(Infinity)]), amount: Float64Array.of(100), firstOfClient: Uint8Array.of(1), sales: new Array(W).fill(0) };
    const got = await simulate(one, 3, noPause, Infinity);
    expect(plain(got.open).map((w) => w[0])).toEqual([0, 0, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
