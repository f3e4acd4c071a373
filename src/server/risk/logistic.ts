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
}

export function fitLogistic(features: string[], X: number[][], y: number[], options: FitOptions): LogisticModel {
  if (X.length === 0) throw new Error('fitLogistic: no training rows');
  const d = features.length;
  const columns = features.map((_, j) => X.map((row) => row[j]));
  const means = columns.map((c) => mean(c));
  const sds = columns.map((c) => (c.length > 1 ? sampleStandardDeviation(c) : 0));
  const Z = X.map((row) => [1, ...row.map((v, j) => (sds[j] > 0 ? (v - means[j]) / sds[j] : 0))]);
  const beta = new Array<number>(d + 1).fill(0);
  // start at the base rate: fewer steps, and the answer for a training set with no variation
  const rate = Math.min(Math.max(mean(y), 1e-6), 1 - 1e-6);
  beta[0] = Math.log(rate / (1 - rate));
  // the penalised log-likelihood, which each step must not decrease
  const objective = (b: number[]) => {
    let ll = 0;
    for (let i = 0; i < Z.length; i++) {
      const z = Z[i];
      let eta = 0;
      for (let j = 0; j <= d; j++) eta += b[j] * z[j];
      // log(sigmoid(eta)) and log(1 - sigmoid(eta)), stable for large |eta|
      const log1pExp = eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
      ll += (y[i] ? eta : 0) - log1pExp;
    }
    let penalty = 0;
    for (let j = 1; j <= d; j++) penalty += b[j] * b[j];
    return ll - (options.l2 / 2) * penalty;
  };
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-8;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    // gradient of the penalised log-likelihood and the Hessian of its negative
    const gradient = new Array<number>(d + 1).fill(0);
    const hessian = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (let i = 0; i < Z.length; i++) {
      const z = Z[i];
      let eta = 0;
      for (let j = 0; j <= d; j++) eta += beta[j] * z[j];
      const p = sigmoid(eta);
      const w = Math.max(p * (1 - p), 1e-12);
      const r = y[i] - p;
      for (let j = 0; j <= d; j++) {
        gradient[j] += r * z[j];
        const wz = w * z[j];
        for (let k = 0; k <= j; k++) hessian[j][k] += wz * z[k];
      }
    }
    for (let j = 1; j <= d; j++) {
      gradient[j] -= options.l2 * beta[j];
      hessian[j][j] += options.l2;
    }
    for (let j = 0; j <= d; j++) for (let k = j + 1; k <= d; k++) hessian[j][k] = hessian[k][j];
    const step = solveSymmetric(hessian, gradient);
    // a full Newton step can overshoot from far away: halve it until the objective improves
    const before = objective(beta);
    let scale = 1;
    let next = beta.map((b, j) => b + step[j]);
    while (objective(next) < before - 1e-12 && scale > 1e-6) {
      scale /= 2;
      next = beta.map((b, j) => b + scale * step[j]);
    }
    let change = 0;
    for (let j = 0; j <= d; j++) {
      change = Math.max(change, Math.abs(next[j] - beta[j]));
      beta[j] = next[j];
    }
    if (change < tolerance) {
      iterations++;
      break;
    }
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
