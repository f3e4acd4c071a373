// /api/aging, /api/dso and /api/clients/:id/items through fastify's inject, on a small ledger
// imported through the API itself (so the models are rebuilt by the import).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { tableFromIPC } from 'apache-arrow';
import { Ajv } from 'ajv';
import { buildApp } from '../../src/server/app.ts';
import { routes } from '../../src/lib/contract/index.ts';
import type { AgingHistory, AgingReport, ClientItemsReport, ClientsReport, DsoReport, ImportOutcome } from '../../src/lib/contract/index.ts';
import { bucketAmount, openTestDb, type TestDb } from '../helpers.ts';
import { receipt, sale, writeFec } from '../sql/ledger.ts';

let t: TestDb;
let app: FastifyInstance;

beforeAll(async () => {
  t = await openTestDb();
  app = await buildApp({ db: t.db, tmpDir: join(t.dir, 'tmp'), maxUploadBytes: 10 * 1024 * 1024 });
  // C1: F1 1 200 (10/01, due 09/02) paid 20/02; F2 500 (01/03, due 31/03) open. C2: F3 300 (15/01, due 14/02) open.
  const path = writeFec(t.dir, '123456789FEC20241231.txt', [
    ...sale('1', '2024-01-10', 'C1', 'F1', 1200, 'A'),
    ...sale('2', '2024-01-15', 'C2', 'F3', 300),
    ...receipt('1', '2024-02-20', 'C1', 'V1', 1200, 'A'),
    ...sale('3', '2024-03-01', 'C1', 'F2', 500),
  ]);
  const form = new FormData();
  form.append('file', new Blob([readFileSync(path)]), '123456789FEC20241231.txt');
  const res = new Response(form);
  const upload = await app.inject({ method: 'POST', url: '/api/imports?wait=true', payload: Buffer.from(await res.arrayBuffer()), headers: { 'content-type': res.headers.get('content-type')! } });
  expect((upload.json() as { outcomes: ImportOutcome[] }).outcomes[0].status).toBe('active');
});
afterAll(async () => {
  await app.close();
  t.cleanup();
});

describe('receivables API', () => {
  it('GET /api/aging: clients in buckets with the reconciliation, at the latest date by default', async () => {
    const r = (await app.inject('/api/aging')).json() as AgingReport;
    expect(r.as_of_date).toBe('2024-03-01');
    expect(r.reconciliation).toEqual({ ledger_balance: 800, aged_total: 800, difference: 0 });
    expect(r.clients.map((c) => [c.client_id, c.total, bucketAmount(r, c, 'not_due'), bucketAmount(r, c, 'd1_30'), c.oldest_days_past_due])).toEqual([
      ['C1', 500, 500, 0, null],
      ['C2', 300, 0, 300, 16],
    ]);
  });

  it('GET /api/aging answers what its response schema says', async () => {
    // the route serialises with JSON.stringify for speed: the schema must still hold
    const validate = new Ajv({ allErrors: true, strict: false }).compile(routes.aging.response[200]);
    for (const url of ['/api/aging', '/api/aging?as_of=2024-02-19&basis=invoice&buckets=15,45']) {
      const body = (await app.inject(url)).json();
      expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('GET /api/aging at a past date ignores later payments, with custom buckets', async () => {
    const r = (await app.inject('/api/aging?as_of=2024-02-19&buckets=5,10')).json() as AgingReport;
    expect(r.buckets.map((b) => b.key)).toEqual(['not_due', 'd1_5', 'd6_10', 'd11_plus', 'unapplied']);
    // F1 10 days past due, F3 5 days past due
    expect(r.totals).toMatchObject({ total: 1500, d1_5: 300, d6_10: 1200, overdue: 1500 });
    expect(r.reconciliation.difference).toBe(0);
  });

  it('refuses bad parameters with a sentence', async () => {
    const res = await app.inject('/api/aging?as_of=19/02/2024');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/as_of/);
    expect((await app.inject('/api/aging?buckets=60,30')).json().error).toMatch(/increasing/);
  });

  it('GET /api/aging as Arrow IPC', async () => {
    const res = await app.inject({ url: '/api/aging', headers: { accept: 'application/vnd.apache.arrow.stream' } });
    expect(res.headers['content-type']).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(res.rawPayload);
    expect(table.numRows).toBe(2);
    expect(table.getChild('client_id')!.toArray()).toEqual(['C1', 'C2']);
    expect([...table.getChild('total')!.toArray()]).toEqual([500, 300]);
  });

  it('GET /api/aging/history: the buckets at every month-end equal the aged balance at those dates', async () => {
    const h = (await app.inject('/api/aging/history')).json() as AgingHistory;
    expect(h.months.map((m) => m.month_end)).toEqual(['2024-01-31', '2024-02-29', '2024-03-01']);
    for (const m of h.months) {
      const r = (await app.inject(`/api/aging?as_of=${m.month_end}`)).json() as AgingReport;
      expect(m.total).toBe(r.totals.total);
      expect(m.amounts).toEqual(r.buckets.map((b) => r.totals[b.key]));
    }
    // 31/01: F1 and F3 both not due (due 09/02 and 14/02)
    expect(h.months[0].amounts).toEqual([1500, 0, 0, 0, 0, 0]);
  });

  it('GET /api/dso: the monthly series, consolidated by default', async () => {
    const r = (await app.inject('/api/dso')).json() as DsoReport;
    expect(r.entity_id).toBe('*');
    expect(r.months.map((m) => [m.month_end, m.receivables, m.sales])).toEqual([
      ['2024-01-31', 1500, 1500],
      ['2024-02-29', 300, 0],
      ['2024-03-01', 800, 500],
    ]);
    // January: 1 500 of receivables against 1 500 of sales over 31 days → countback 31
    expect(r.months[0].dso_countback).toBe(31);
    expect((await app.inject('/api/dso?entity=123456789')).json().months).toHaveLength(3);
  });

  it('GET /api/clients: each client’s behaviour and segment', async () => {
    const r = (await app.inject('/api/clients?as_of=2024-03-01')).json() as ClientsReport;
    expect(r.clients.map((c) => [c.client_id, c.invoices_12m, c.mean_days_late_12m, c.open_amount, c.overdue_amount, c.segment])).toEqual([
      ['C1', 1, 11, 500, 0, 'new'],
      ['C2', 0, null, 300, 300, 'new'],
    ]);
    // two months of history: nothing to learn a risk model from, and the answer says why
    expect(r.risk.model).toBeNull();
    expect(r.risk.unavailable_reason).toMatch(/at least 10 events/);
    expect(r.clients.map((c) => [c.risk_score, c.risk_band, c.risk_factors])).toEqual([
      [null, null, []],
      [null, null, []],
    ]);
  });

  it('GET /api/risk/quality says when the ledger is too short to backtest the risk score', async () => {
    const r = await app.inject('/api/risk/quality');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ available: false, reason: expect.stringMatching(/too short/) });
  });

  it('GET /api/clients/:id/items: invoices with open amount, status and allocation method', async () => {
    const r = (await app.inject('/api/clients/C1/items?as_of=2024-03-01')).json() as ClientItemsReport;
    expect(r.items.map((i) => [i.piece_ref, i.line_type, i.open_amount, i.status, i.allocation_method, i.due_date, i.settled_date])).toEqual([
      ['F1', 'invoice', 0, 'settled', 'lettering', '2024-02-09', '2024-02-20'],
      ['V1', 'payment', 0, 'applied', 'lettering', null, null],
      ['F2', 'invoice', 500, 'not_due', null, '2024-03-31', null],
    ]);
    expect(r.items[0]).toMatchObject({ import_id: 1, line_no: 2, days_late: 11 });
    const missing = await app.inject('/api/clients/NOPE/items');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toBe('No items for client NOPE.');
  });
});
