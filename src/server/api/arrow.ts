// Arrow IPC answers: a table's columns become an Arrow stream when the client sends
// Accept: application/vnd.apache.arrow.stream (large tables, exports). The Node binding has no
// native Arrow export, so columns are built with apache-arrow's tableFromArrays — loaded at the
// first such answer (most clients ask for JSON), not when the server starts.
import type { FastifyReply, FastifyRequest } from 'fastify';

export const ARROW_TYPE = 'application/vnd.apache.arrow.stream';

export function wantsArrow(req: FastifyRequest): boolean {
  return (req.headers.accept ?? '').includes(ARROW_TYPE);
}

/** Rows of flat objects (strings, numbers, booleans, nulls) → an Arrow IPC stream. */
export async function sendArrow(reply: FastifyReply, rows: readonly object[], columns: string[]): Promise<FastifyReply> {
  const { tableFromArrays, tableToIPC } = await import('apache-arrow');
  const arrays: Record<string, unknown[] | Float64Array> = {};
  for (const name of columns) {
    const values = rows.map((r) => (r as Record<string, unknown>)[name] ?? null);
    const numeric = values.every((v) => v === null || typeof v === 'number');
    arrays[name] = numeric && values.every((v) => v !== null) ? Float64Array.from(values as number[]) : values.map((v) => (v === null ? null : numeric ? v : typeof v === 'boolean' ? v : String(v)));
  }
  const table = tableFromArrays(arrays as Parameters<typeof tableFromArrays>[0]);
  return reply.type(ARROW_TYPE).send(Buffer.from(tableToIPC(table, 'stream')));
}
