// Reading an aged balance: a client's amount in a bucket, by the bucket's key.
import type { AgingClientRow, AgingReport } from './wire.ts';

export function bucketAmount(report: Pick<AgingReport, 'buckets'>, client: AgingClientRow, key: string): number {
  const i = report.buckets.findIndex((b) => b.key === key);
  if (i === -1) throw new Error(`No bucket ${key} in this aged balance.`);
  return client.amounts[i];
}
