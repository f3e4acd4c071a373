// The forecast's range by simulation (forecast.ts, step 4): each simulation draws every open
// invoice's week through the Gaussian copula, then the sales not invoiced yet with their noise.
// The draws come from one seeded stream (mulberry32), simulation after simulation, and each takes
// the same number of draws — so simulation s starts at a state computed in one step, and a large
// simulation is split across worker threads, each running its share from its own starting state:
// the same numbers as one thread, in about half the time on two cores, while the server's thread
// stays free for requests (at 10M lines, 300 simulations of 132,000 invoices: ~5 s of draws per
// forecast, so per backtest origin).
import { availableParallelism } from 'node:os';
import { startSourceWorker } from '../util/worker.ts';

export interface SimulationInput {
  /** the invoices' cumulative outcome probabilities as normal quantiles, `stride` per invoice (weeks, later, never) */
  thresholds: Float64Array;
  stride: number;
  amount: Float64Array;
  /** 1 where an invoice is its client's first: a new client draw */
  firstOfClient: Uint8Array;
  weeks: number;
  /** the copula's loadings: portfolio, client, invoice */
  a: number;
  b: number;
  e: number;
  sales: number[];
  salesSigma: number;
  /** kernel[w][v]: the share of week v's sales received in week w */
  kernel: number[][];
  cashSigma: number;
  seed: number;
}

/** Each week's simulated cash, total and from the open invoices alone, one value per simulation. */
export interface SimulatedWeeks {
  total: Float64Array[];
  open: Float64Array[];
}

/**
 * Simulations [from, to) into total[w * count + s − from] and open[…]. Self-contained — no import,
 * no closure: a worker thread runs it from its source. Its generator is util/random.ts's prng
 * (mulberry32, a normal from two uniforms), started `from` simulations in: the state advances by
 * the same constant at each uniform, so the state after k uniforms is seed + k × that constant.
 */
export function simulateRange(d: SimulationInput, from: number, to: number, total: Float64Array, open: Float64Array): void {
  const n = d.amount.length;
  const W = d.weeks;
  const S = d.stride;
  let clients = 0;
  for (let i = 0; i < n; i++) clients += d.firstOfClient[i];
  // the uniforms one simulation takes: two a normal — the portfolio's, each client's, each invoice's, each week's sales and cash
  const perSimulation = 2 * (1 + clients + n + d.sales.length + W);
  // prng(seed) starts at seed >>> 0: a seed that is not a whole number is cut as it cuts it
  let state = ((d.seed >>> 0) + Math.imul((from * perSimulation) >>> 0, 0x6d2b79f5)) >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => {
    const u = Math.max(next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  const count = to - from;
  const invoices = new Float64Array(W);
  for (let s = from; s < to; s++) {
    const portfolio = d.a * normal();
    let client = 0;
    invoices.fill(0);
    for (let i = 0; i < n; i++) {
      if (d.firstOfClient[i]) client = portfolio + d.b * normal();
      // the outcome whose cumulative quantile first exceeds z (a binary search over the invoice's stride)
      const z = client + d.e * normal();
      let lo = i * S;
      let hi = lo + S - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (z < d.thresholds[mid]) hi = mid;
        else lo = mid + 1;
      }
      const w = lo - i * S;
      if (w < W) invoices[w] += d.amount[i];
    }
    const noisy = d.sales.map((x) => x * Math.exp(d.salesSigma * normal() - (d.salesSigma * d.salesSigma) / 2));
    for (let w = 0; w < W; w++) {
      let fromSales = 0;
      for (let v = 0; v < W; v++) fromSales += d.kernel[w][v] * noisy[v];
      // the invoices not issued yet are paid as unevenly as those of the past: the week-to-week
      // spread of the cash received (transfers grouping invoices, early or late weeks)
      fromSales *= Math.exp(d.cashSigma * normal() - (d.cashSigma * d.cashSigma) / 2);
      total[w * count + s - from] = invoices[w] + fromSales;
      open[w * count + s - from] = invoices[w];
    }
  }
}

/** From this many draws (invoices × simulations) the simulation is split across threads: below, starting them costs more than it saves. */
export const THREADED_FROM_DRAWS = 4_000_000;

/**
 * The simulations 0 .. count − 1: in this thread, giving way between simulations (`giveWay`), or,
 * from `threadedFrom` draws, split across worker threads — the same numbers either way.
 */
export async function simulate(d: SimulationInput, count: number, giveWay: () => Promise<void> | undefined, threadedFrom = THREADED_FROM_DRAWS): Promise<SimulatedWeeks> {
  const W = d.weeks;
  const parts = count > 1 && d.amount.length * count >= threadedFrom ? Math.min(Math.max(2, availableParallelism()), 4, count) : 1;
  const bounds = Array.from({ length: parts + 1 }, (_, k) => Math.round((k * count) / parts));
  const results =
    parts === 1
      ? [await inThisThread(d, count, giveWay)]
      : await inWorkers(d, bounds);
  // results[k]: the weeks of simulations [bounds[k], bounds[k + 1]), week-major
  const weeks = (key: 'total' | 'open') =>
    Array.from({ length: W }, (_, w) => {
      const out = new Float64Array(count);
      results.forEach((r, k) => {
        const n = bounds[k + 1] - bounds[k];
        out.set(r[key].subarray(w * n, (w + 1) * n), bounds[k]);
      });
      return out;
    });
  return { total: weeks('total'), open: weeks('open') };
}

async function inThisThread(d: SimulationInput, count: number, giveWay: () => Promise<void> | undefined): Promise<{ total: Float64Array; open: Float64Array }> {
  const total = new Float64Array(d.weeks * count);
  const open = new Float64Array(d.weeks * count);
  const one = { total: new Float64Array(d.weeks), open: new Float64Array(d.weeks) };
  for (let s = 0; s < count; s++) {
    await giveWay();
    simulateRange(d, s, s + 1, one.total, one.open);
    for (let w = 0; w < d.weeks; w++) {
      total[w * count + s] = one.total[w];
      open[w * count + s] = one.open[w];
    }
  }
  return { total, open };
}

/** Simulations [bounds[k], bounds[k + 1]) in worker k; if one fails, the others are stopped. */
async function inWorkers(d: SimulationInput, bounds: number[]): Promise<{ total: Float64Array; open: Float64Array }[]> {
  const workers = bounds.slice(0, -1).map((from, k) => startSourceWorker<{ total: Float64Array; open: Float64Array }>(SIMULATION_WORKER, { d, from, to: bounds[k + 1] }, "The forecast's simulation thread"));
  try {
    return await Promise.all(workers.map((w) => w.result));
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}

const SIMULATION_WORKER = `
const { parentPort, workerData: { d, from, to } } = require('node:worker_threads');
const simulateRange = ${simulateRange.toString()};
const total = new Float64Array(d.weeks * (to - from));
const open = new Float64Array(d.weeks * (to - from));
simulateRange(d, from, to, total, open);
parentPort.postMessage({ total, open }, [total.buffer, open.buffer]);
`;
