// L2-regularised logistic regression, fitted by Newton's method (iteratively reweighted least
// squares) on standardised features. A dozen features and up to a few hundred thousand rows: each
// Newton step is one pass over the rows and a small linear solve, and it converges in a handful of
// steps, where gradient descent would need a learning rate and thousands of passes.
// Standardising makes one penalty fit all features and makes the coefficients comparable: a
// client's factor is its coefficient times its standardised value (its log-odds away from an
// average client). A feature that never varies in the training rows gets a zero coefficient.
import { cumulativeStdLogisticProbability as sigmoid, mean, sampleStandardDeviation } from 'simple-statistics';

export interface LogisticModel {
  features: string[];
  /** the training rows' mean and standard deviation of each feature (the standardisation) */
  means: number[];
  sds: number[];
  intercept: number;
  /** per standardised feature: log-odds per standard deviation */
  coefficients: number[];
  iterations: number;
}

export interface FitOptions {
  /** the L2 penalty on the coefficients (not on the intercept) */
  l2: number;
  maxIterations?: number;
  tolerance?: number;
  /** where to start (a previous fit on similar rows: fewer steps); else at the base rate */
  start?: Pick<LogisticModel, 'intercept' | 'coefficients'>;
}

export function fitLogistic(features: string[], X: number[][], y: number[], options: FitOptions): LogisticModel {
  if (X.length === 0) throw new Error('fitLogistic: no training rows');
  const n = X.length;
  const d = features.length;
  const w = d + 1; // with the intercept
  const columns = features.map((_, j) => X.map((row) => row[j]));
  const means = columns.map((c) => mean(c));
  const sds = columns.map((c) => (c.length > 1 ? sampleStandardDeviation(c) : 0));
  // the standardised rows, flat (row i at i × w, intercept first): one pass per Newton step
  const Z = new Float64Array(n * w);
  for (let i = 0; i < n; i++) {
    Z[i * w] = 1;
    for (let j = 0; j < d; j++) Z[i * w + 1 + j] = sds[j] > 0 ? (X[i][j] - means[j]) / sds[j] : 0;
  }
  let beta = new Array<number>(w).fill(0);
  if (options.start) beta = [options.start.intercept, ...options.start.coefficients];
  else {
    // start at the base rate: fewer steps, and the answer for a training set with no variation
    const rate = Math.min(Math.max(mean(y), 1e-6), 1 - 1e-6);
    beta[0] = Math.log(rate / (1 - rate));
  }
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-8;
  // the last accepted point: a full Newton step can overshoot from far away; if the penalised
  // log-likelihood fell, go back and take half the step instead
  let previous: { beta: number[]; objective: number; step: number[]; scale: number } | null = null;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    // at beta: the penalised log-likelihood, its gradient, and the Hessian of its negative (lower half)
    let objective = 0;
    const gradient = new Float64Array(w);
    const hessian = new Float64Array(w * w);
    for (let i = 0; i < n; i++) {
      const row = i * w;
      let eta = 0;
      for (let j = 0; j < w; j++) eta += beta[j] * Z[row + j];
      // log(1 + e^eta), stable for large |eta|
      const log1pExp = eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
      objective += (y[i] ? eta : 0) - log1pExp;
      const p = sigmoid(eta);
      const weight = Math.max(p * (1 - p), 1e-12);
      const r = y[i] - p;
      for (let j = 0; j < w; j++) {
        const zj = Z[row + j];
        gradient[j] += r * zj;
        const wz = weight * zj;
        for (let k = 0; k <= j; k++) hessian[j * w + k] += wz * Z[row + k];
      }
    }
    for (let j = 1; j < w; j++) {
      objective -= (options.l2 / 2) * beta[j] * beta[j];
      gradient[j] -= options.l2 * beta[j];
      hessian[j * w + j] += options.l2;
    }
    if (previous && objective < previous.objective - 1e-9 * Math.abs(previous.objective) && previous.scale > 1e-6) {
      const p = previous;
      p.scale /= 2;
      beta = p.beta.map((b, j) => b + p.scale * p.step[j]);
      continue;
    }
    const A = Array.from({ length: w }, (_, j) => Array.from({ length: w }, (_, k) => (k <= j ? hessian[j * w + k] : hessian[k * w + j])));
    const step = solveSymmetric(A, Array.from(gradient));
    if (Math.max(...step.map(Math.abs)) < tolerance) {
      iterations++;
      break;
    }
    previous = { beta, objective, step, scale: 1 };
    beta = beta.map((b, j) => b + step[j]);
  }
  return { features, means, sds, intercept: beta[0], coefficients: beta.slice(1), iterations };
}

/** Each feature's share of the log-odds: coefficient × standardised value (0 for an average client). */
export function contributions(model: LogisticModel, x: number[]): number[] {
  return model.coefficients.map((b, j) => (model.sds[j] > 0 ? (b * (x[j] - model.means[j])) / model.sds[j] : 0));
}

export function predict(model: LogisticModel, x: number[]): number {
  return sigmoid(model.intercept + contributions(model, x).reduce((a, b) => a + b, 0));
}

/** Solves A·x = b for a symmetric positive definite A (Cholesky); A is the penalised Hessian. */
export function solveSymmetric(A: number[][], b: number[]): number[] {
  const n = b.length;
  const L = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = A[i][j];
      for (let k = 0; k < j; k++) sum -= L[i][k] * L[j][k];
      if (i === j) {
        if (sum <= 0) throw new Error('solveSymmetric: the matrix is not positive definite');
        L[i][i] = Math.sqrt(sum);
      } else L[i][j] = sum / L[j][j];
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= L[i][k] * y[k];
    y[i] = sum / L[i][i];
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i];
    for (let k = i + 1; k < n; k++) sum -= L[k][i] * x[k];
    x[i] = sum / L[i][i];
  }
  return x;
}
