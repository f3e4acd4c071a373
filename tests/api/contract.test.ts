// The API contract (src/lib/contract) held by the server: every route of the contract is served,
// and a real answer of each, on the demo ledger, matches its schema — answers and errors. Each
// success is saved as the route's contract snapshot (tests/contract/*.json, arrays cut short), the
// input of the UI's tests; a snapshot that no longer matches its schema fails here until it is
// written again (UPDATE_CONTRACT=1), and then the UI tests tell what the UI must follow. A
// missing snapshot is written, except in CI (CI=true) where it fails, so CI never writes its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { Value } from 'typebox/value';
import type { TSchema } from 'typebox';
import { buildApp } from '../../src/server/app.ts';
import { Auth } from '../../src/server/auth/access.ts';
import { routes, type RouteName } from '../../src/lib/contract/index.ts';
import { ErrorBody } from '../../src/lib/contract/common.ts';
import type { ProvisionJudgement, ProvisionsReport, AgingReport, ImportJob, ImportOutcome, ReminderBatch } from '../../src/lib/contract/index.ts';
import type { ProvisionMovementReport, ProvisionWriteOffsReport } from '../../src/lib/contract/index.ts';
import type { CreditLimit, CreditReport, DsoReport, ExpectedLossReport, LeversReport } from '../../src/lib/contract/index.ts';
import { fixture, openDemoCopy, type DemoDb } from '../helpers.ts';
import { snapshotFile, trimmed } from '../contract/snapshots.ts';
import { withLaterRates } from '../rates.ts';

let t: DemoDb;
let app: FastifyInstance;
/** open until the accounts test creates the first admin with its code */
const auth = new Auth(false);
/** the answers checked so far, by route and status */
const answered = new Map<string, unknown>();

beforeAll(async () => {
  t = await openDemoCopy();
  // fewer simulations and backtest origins: the answers have the same shape, many times sooner
  // (and rates for the semesters after the shipped ones: letters run their charges to today)
  const settings = { ...t.settings, forecast: { ...t.settings.forecast, simulations: 100, backtest_origins: 6 }, reminders: { ...t.settings.reminders, charges: withLaterRates(t.settings.reminders.charges) } };
  app = await buildApp({ db: t.db, tmpDir: join(t.dir, 'tmp'), maxUploadBytes: 10 * 1024 * 1024, settings, auth });
});
afterAll(async () => {
  await app.close();
  t.cleanup();
});

const mismatches = (schema: TSchema, body: unknown) =>
  [...Value.Errors(schema, body)].slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}`);

/** Checks an answer against the route's schema for its status, and saves (or checks) its snapshot. */
function hold(name: RouteName, res: LightMyRequestResponse, status: number): unknown {
  expect(res.statusCode, `${name}: ${res.body.slice(0, 300)}`).toBe(status);
  const schema = (routes[name].response as Record<number, TSchema>)[status];
  expect(schema, `${name} declares no ${status} answer`).toBeDefined();
  const body = res.json();
  expect(mismatches(schema, body), `${name} ${status}: the answer breaks its schema`).toEqual([]);
  answered.set(`${name} ${status}`, body);

  if (status >= 300) return body;
  const file = snapshotFile(name, status);
  if (!existsSync(file) || process.env.UPDATE_CONTRACT === '1') {
    expect(process.env.CI === 'true' && !existsSync(file), `the contract snapshot ${file} is missing: run the tests locally and commit it`).toBe(false);
    writeFileSync(file, JSON.stringify(trimmed(body), null, 2) + '\n');
  } else {
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(mismatches(schema, saved), `${file} no longer matches the contract: write it again with UPDATE_CONTRACT=1 and make the UI follow`).toEqual([]);
  }
  return body;
}

const get = (url: string) => app.inject(url);
let uploadedId = 0;

describe('the API contract on the demo ledger', () => {
  it('serves every route of the contract', () => {
    for (const [name, r] of Object.entries(routes)) expect(app.hasRoute({ method: r.method, url: r.url }), name).toBe(true);
  });

  it('answers the status, the health check and the import history', async () => {
    hold('status', await get('/api/status'), 200);
    hold('health', await get('/api/health'), 200);
    hold('imports', await get('/api/imports'), 200);
    hold('imports', await get('/api/imports?limit=0'), 400);
  });

  it('answers the aged balance, its history, the DSO and the clients', async () => {
    const aging = hold('aging', await get('/api/aging'), 200) as AgingReport;
    hold('aging', await get('/api/aging?as_of=2026-13-01'), 400);
    // a large answer goes gzipped to a reader that accepts it (compressed once), the same JSON
    const zipped = await app.inject({ url: '/api/aging', headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toMatch(/accept-encoding/i);
    expect(JSON.parse(gunzipSync(zipped.rawPayload).toString('utf8'))).toEqual(aging);
    expect(zipped.rawPayload.length).toBeLessThan(JSON.stringify(aging).length / 4);
    // a reader that refuses gzip (q=0) gets the JSON as it is
    const refused = await app.inject({ url: '/api/aging', headers: { 'accept-encoding': 'gzip;q=0, identity' } });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.json()).toEqual(aging);
    hold('agingHistory', await get('/api/aging/history'), 200);
    const dso = hold('dso', await get('/api/dso'), 200) as DsoReport;
    hold('clients', await get(`/api/clients?as_of=${aging.as_of_date}`), 200);
    hold('clientItems', await get(`/api/clients/${encodeURIComponent(aging.clients[0].client_id)}/items`), 200);
    hold('clientItems', await get('/api/clients/NOPE/items'), 404);
    hold('riskQuality', await get('/api/risk/quality'), 200);
    // the provisions: the invoices provisioned are the aged balance's doubtful debts, to the cent,
    // each with the VAT of its own sale (the demo books 44571 on every invoice)
    const provisions = hold('provisions', await get('/api/provisions'), 200) as ProvisionsReport;
    expect(provisions.invoices.length).toBeGreaterThan(0);
    expect(provisions.totals.open_amount).toBe(aging.totals.doubtful);
    expect(provisions.totals.vat_assumed).toBe(0);
    expect(provisions.totals.required).toBeGreaterThan(0);
    hold('provisions', await get('/api/provisions?as_of=2030-01-01'), 400);
    // the entries to book: a FEC file named as a FEC is, two lines per client with an entry
    const fec = await get('/api/provisions/entries.fec');
    expect(fec.statusCode).toBe(200);
    expect(fec.headers['content-type']).toMatch(/^text\/plain/);
    expect(fec.headers['content-disposition']).toBe('attachment; filename="552081317FEC20261031.txt"');
    const entries = provisions.clients.filter((c) => c.allowance > 0 || c.reversal > 0).length;
    expect(fec.body.split('\r\n').filter(Boolean)).toHaveLength(1 + 2 * entries);
    hold('provisionEntries', await get('/api/provisions/entries.fec?as_of=2030-01-01'), 400);
    // the write-offs (the demo writes its defaulting clients off 416: 654 + 44571), each its loss
    // excluding VAT plus its VAT, and the movement since the previous closing: it reconciles, and
    // closes on the aged balance's doubtful debts and on what the proposal finds booked on 491
    const writeOffs = hold('provisionWriteOffs', await get('/api/provisions/write-offs'), 200) as ProvisionWriteOffsReport;
    expect(writeOffs.write_offs.length).toBeGreaterThan(0);
    for (const w of writeOffs.write_offs) expect([w.from_doubtful, Math.round((w.bad_debt + w.vat_recovered) * 100) / 100, w.invoices.length > 0]).toEqual([true, w.amount, true]);
    hold('provisionWriteOffs', await get('/api/provisions/write-offs?as_of=2030-01-01'), 400);
    const movement = hold('provisionMovement', await get('/api/provisions/movement'), 200) as ProvisionMovementReport;
    expect(movement.entities.map((e) => [e.entity_id, e.previous_closing, e.closing_basis])).toEqual([['552081317', '2025-12-31', 'fiscal_year']]);
    expect([movement.totals.doubtful.closing, movement.totals.doubtful.difference, movement.totals.provision.closing]).toEqual([aging.totals.doubtful, 0, provisions.totals.booked]);
    const lastYear = writeOffs.years.find((y) => y.fiscal_year_end === '2026-12-31');
    expect(movement.totals.doubtful.write_offs).toBe(lastYear?.amount ?? 0);
    hold('provisionMovement', await get('/api/provisions/movement?as_of=2030-01-01'), 400);
    // the expected-loss view (provision matrix): enough history on the demo (22 month-ends), its rows,
    // the doubtful debts and the unapplied credits make the aged total; the doubtful debts at the proposal's provision
    const expected = hold('expectedLoss', await get('/api/provisions/expected-loss'), 200) as ExpectedLossReport;
    expect([expected.status, expected.month_ends]).toEqual(['available', 22]);
    expect(expected.totals.aged_total).toBe(aging.totals.total);
    expect(expected.doubtful).toEqual({ open_amount: provisions.totals.open_amount, provision: provisions.totals.required });
    expect(expected.totals.expected_loss).toBeGreaterThan(0);
    hold('expectedLoss', await get('/api/provisions/expected-loss?as_of=2030-01-01'), 400);
    // the CFO's levers (an escompte of 1 % with funds at 10 %: worth offering to some clients, a
    // ranking in the snapshot): the overdue amount they cost is the aged balance's, their ADD the
    // DSO page's at its last month-end (the same date), and the factoring starts from what is open
    const levers = hold('levers', await get('/api/levers?discount_rate=0.01&cost_of_funds=0.1'), 200) as LeversReport;
    expect([levers.inputs.discount_rate, levers.inputs.cost_of_funds, levers.escompte.ranking.length > 0]).toEqual([0.01, 0.1, true]);
    expect([levers.as_of_date, levers.late_payment.overdue_amount]).toEqual([aging.as_of_date, aging.totals.overdue]);
    expect(dso.months.at(-1)).toMatchObject({ month_end: levers.as_of_date, dso_countback: levers.cash_freed.dso_countback, add_countback: levers.cash_freed.add_countback });
    expect([levers.factoring.remaining_days_method, levers.factoring.eligible_amount > 0, levers.late_payment.cost_12m > 0]).toEqual(['forecast', true, true]);
    hold('levers', await get('/api/levers?discount_rate=1'), 400);

    // credit limits: the exposure is the aged balance's total; a limit decided for the largest
    // client at half its exposure puts it over, in the snapshot with its suggested limit
    const before = (await get('/api/credit')).json() as CreditReport;
    expect([before.as_of_date, before.totals.exposure, before.totals.clients_with_limit]).toEqual([aging.as_of_date, aging.totals.total, 0]);
    const largest = [...before.clients].sort((a, b) => b.exposure - a.exposure)[0];
    const postLimit = (payload: object) => app.inject({ method: 'POST', url: '/api/credit/limits', payload });
    const limit = hold('recordCreditLimit', await postLimit({ client_id: largest.client_id, amount: Math.round(largest.exposure / 2), insurer: 'Allianz Trade', reason: 'Limite assureur' }), 201) as CreditLimit;
    expect(limit).toMatchObject({ entity_id: largest.entity_id, client_id: largest.client_id, source: 'app', decided_by: 'local', currency: 'EUR' });
    const credit = hold('credit', await get('/api/credit'), 200) as CreditReport;
    expect(credit.clients[0]).toMatchObject({ client_id: largest.client_id, status: 'over', limit_amount: limit.amount, decided_by: 'local' });
    expect([credit.totals.covered_by_insurer, credit.clients.filter((c) => c.suggested.amount !== null).length > 0]).toEqual([limit.amount, true]);
    hold('recordCreditLimit', await postLimit({ client_id: largest.client_id, amount: -5, reason: 'Limite assureur' }), 400);
    hold('recordCreditLimit', await postLimit({ client_id: 'NOPE', amount: 1000, reason: 'Limite assureur' }), 404);
    hold('creditLimits', await get(`/api/credit/limits?client=${encodeURIComponent(largest.client_id)}`), 200);
    hold('credit', await get('/api/credit?as_of=2030-01-01'), 400);
    const limitsFile = new FormData();
    limitsFile.append('file', new Blob([`Code client;Encours autorisé;Assureur\n${largest.client_id};12 500,00;Coface\n`]), 'limites.csv');
    const limitsRequest = new Request('http://x/', { method: 'POST', body: limitsFile });
    const imported = hold('importCreditLimits', await app.inject({ method: 'POST', url: '/api/credit/limits/import', payload: Buffer.from(await limitsRequest.arrayBuffer()), headers: { 'content-type': limitsRequest.headers.get('content-type')! } }), 200);
    expect(imported).toMatchObject({ file_name: 'limites.csv', limits: 1 });
    expect(((await get('/api/credit')).json() as CreditReport).clients.find((c) => c.client_id === largest.client_id)).toMatchObject({ limit_amount: 12500, insurer: 'Coface', source: 'import' });

    // a rate decided for the client with the most required: 100 % of its base, then back to the rules
    const top = provisions.clients[0];
    const post = (payload: object) => app.inject({ method: 'POST', url: '/api/provisions/judgements', payload });
    const judged = hold('recordProvisionJudgement', await post({ client_id: top.client_id, rate: 1, reason: 'Liquidation judiciaire' }), 201) as ProvisionJudgement;
    expect(judged).toMatchObject({ entity_id: top.entity_id, client_id: top.client_id, from_date: provisions.as_of_date, rate: 1 });
    const after = (await get('/api/provisions')).json() as ProvisionsReport;
    const topAfter = after.clients.find((c) => c.client_id === top.client_id)!;
    expect([topAfter.required, topAfter.judgement?.rate, topAfter.judgement?.reason]).toEqual([top.base, 1, 'Liquidation judiciaire']);
    expect(after.totals.required).toBe(Math.round((provisions.totals.required - top.required + top.base) * 100) / 100);
    hold('recordProvisionJudgement', await post({ client_id: top.client_id, rate: 1.5, reason: 'Liquidation judiciaire' }), 400);
    hold('recordProvisionJudgement', await post({ client_id: top.client_id, rate: 1, reason: ' ' }), 400);
    hold('recordProvisionJudgement', await post({ client_id: 'NOPE', rate: 1, reason: 'Liquidation judiciaire' }), 400);
    // 0 %: a rate of its own (a guarantee), not "back to the rules"
    expect(((await post({ client_id: top.client_id, rate: 0, reason: 'Garantie bancaire' })).json() as ProvisionJudgement).rate).toBe(0);
    expect(((await get('/api/provisions')).json() as ProvisionsReport).clients.find((c) => c.client_id === top.client_id)).toMatchObject({ required: 0, judgement: { rate: 0 } });
    await post({ client_id: top.client_id, rate: null, reason: 'Plan de continuation' });
    expect(((await get('/api/provisions')).json() as ProvisionsReport).totals.required).toBe(provisions.totals.required);
    const history = hold('provisionJudgements', await get(`/api/provisions/judgements?client=${top.client_id}`), 200) as { judgements: ProvisionJudgement[] };
    expect(history.judgements.map((j) => j.rate)).toEqual([null, 0, 1]);
    // recorded now, in UTC
    expect(Math.abs(Date.parse(history.judgements[0].decided_at) - Date.now())).toBeLessThan(60_000);
  });

  it('answers the forecast, a week of it, its past weeks and its backtest', async () => {
    hold('forecast', await get('/api/forecast'), 200);
    hold('forecastWeek', await get('/api/forecast/weeks/1'), 200);
    hold('forecastWeek', await get('/api/forecast/weeks/53'), 400);
    hold('forecastBacktest', await get('/api/forecast/backtest'), 200);
  });

  it('saves forecasts, lists them and reviews two of them', async () => {
    const status = (await get('/api/status')).json() as { as_of_date: string };
    const weekBefore = new Date(Date.parse(status.as_of_date) - 7 * 86_400_000).toISOString().slice(0, 10);
    const previous = hold('saveForecastSnapshot', await app.inject({ method: 'POST', url: '/api/forecast/snapshots', payload: { as_of: weekBefore } }), 201) as { snapshot_id: number };
    const current = (await app.inject({ method: 'POST', url: '/api/forecast/snapshots', payload: {} })).json() as { snapshot_id: number };
    hold('forecastSnapshots', await get('/api/forecast/snapshots'), 200);
    hold('forecastHistory', await get('/api/forecast/history'), 200);
    hold('forecastReview', await get(`/api/forecast/review?previous=${previous.snapshot_id}&current=${current.snapshot_id}`), 200);
    hold('forecastReview', await get(`/api/forecast/review?previous=${current.snapshot_id}&current=${previous.snapshot_id}`), 400);
    hold('forecastReview', await get(`/api/forecast/review?previous=999999&current=${current.snapshot_id}`), 404);
  });

  it('answers the collections: worklist, actions, disputes, a client, its profile and contacts', async () => {
    const list = hold('worklist', await get('/api/collections/worklist'), 200) as { clients: { client_id: string; amount_due: number }[] };
    hold('worklist', await get('/api/collections/worklist?level=99'), 400);
    const client = list.clients[0].client_id;
    const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });
    hold('recordAction', await post('/api/collections/actions', { client_id: client, kind: 'call', level: 1, outcome: 'promise', done_on: '2026-10-31', promise_date: '2026-11-15', amount: 1 }), 201);
    hold('recordAction', await post('/api/collections/actions', { client_id: 'NOPE', kind: 'call' }), 400);
    hold('actions', await get(`/api/collections/actions?client=${encodeURIComponent(client)}`), 200);
    hold('disputes', await get('/api/collections/disputes'), 200);
    hold('effectiveness', await get('/api/collections/effectiveness'), 200);
    hold('clientCollections', await get(`/api/collections/clients/${encodeURIComponent(client)}`), 200);
    hold('clientCollections', await get('/api/collections/clients/NOPE'), 404);
    hold('setClientProfile', await app.inject({ method: 'PUT', url: `/api/collections/clients/${encodeURIComponent(client)}`, payload: { owner: 'claire', policy: 'key_account' } }), 200);
    const contact = hold('addContact', await post('/api/collections/contacts', { client_id: client, name: 'Hélène Dupré', role: 'Comptable', email: 'helene@example.fr' }), 201) as { contact_id: number };
    hold('addContact', await post('/api/collections/contacts', { client_id: client, name: 'Nobody' }), 400);
    hold('contacts', await get(`/api/collections/contacts?client=${encodeURIComponent(client)}`), 200);
    hold('removeContact', await app.inject({ method: 'DELETE', url: `/api/collections/contacts/${contact.contact_id}` }), 200);
    // the contact's row is gone; who removed it is kept (open mode: the local admin)
    expect(await t.db.one(`SELECT done_by, action, detail FROM audit_log WHERE action = 'contact_removed'`)).toEqual({ done_by: 'local', action: 'contact_removed', detail: '{"name":"Hélène Dupré","email":"helene@example.fr"}' });
    hold('removeContact', await app.inject({ method: 'DELETE', url: '/api/collections/contacts/999999' }), 404);
    const body = new FormData();
    body.append('file', new Blob([`client;nom;email\n${client};Marc Petit;marc@example.fr\n`]), 'contacts.csv');
    const req = new Request('http://x/', { method: 'POST', body });
    const upload = { payload: Buffer.from(await req.arrayBuffer()), headers: { 'content-type': req.headers.get('content-type')! } };
    hold('importContacts', await app.inject({ method: 'POST', url: '/api/collections/contacts/import', ...upload }), 200);
    // the upload as the imports receive theirs (api/upload.ts): not multipart, or more than one file
    hold('importContacts', await app.inject({ method: 'POST', url: '/api/collections/contacts/import', payload: { file: 'x' } }), 415);
    const two = new FormData();
    for (const name of ['a.csv', 'b.csv']) two.append('file', new Blob(['Client;Nom\nC00001;X\n']), name);
    const twoRequest = new Request('http://x', { method: 'POST', body: two });
    hold('importContacts', await app.inject({ method: 'POST', url: '/api/collections/contacts/import', headers: Object.fromEntries(twoRequest.headers), payload: Buffer.from(await twoRequest.arrayBuffer()) }), 413);
  });

  it('answers the reminders: the batch, a send, the letters as PDF, a client\'s charges, terms and messages', async () => {
    const batch = hold('reminderBatch', await get('/api/reminders/batch'), 200) as ReminderBatch;
    hold('reminderBatch', await get('/api/reminders/batch?level=99'), 400);
    const letter = batch.letters.find((l) => !l.error && !l.manual)!;
    const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });
    hold('sendReminders', await post('/api/reminders/send', { keys: [letter.key], delivery: 'manual' }), 200);
    hold('sendReminders', await post('/api/reminders/send', { keys: [], delivery: 'manual' }), 400);
    // the files: a PDF, not JSON (no snapshot)
    for (const url of ['/api/reminders/letters.pdf', `/api/reminders/clients/${letter.client_id}/letter?template=statement`]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toBe('application/pdf');
      expect(res.rawPayload.subarray(0, 5).toString(), url).toBe('%PDF-');
    }
    hold('clientLetter', await get('/api/reminders/clients/NOPE/letter'), 404);
    hold('reminderLetters', await get('/api/reminders/letters.pdf?keys=nobody'), 400);
    hold('clientCharges', await get(`/api/reminders/clients/${letter.client_id}/charges`), 200);
    hold('clientCharges', await get('/api/reminders/clients/NOPE/charges'), 404);
    hold('setChargeTerms', await app.inject({ method: 'PUT', url: `/api/reminders/clients/${letter.client_id}/terms`, payload: { terms: 'b2b', late_rate: 12, language: 'fr' } }), 200);
    hold('setChargeTerms', await app.inject({ method: 'PUT', url: `/api/reminders/clients/${letter.client_id}/terms`, payload: { terms: 'sometimes' } }), 400);
    hold('reminderMessages', await get('/api/reminders/messages'), 200);
    // a message the server stopped while sending, said not sent
    const doubt = await t.db.one<{ message_id: number }>(
      `INSERT INTO reminder_messages (entity_id, client_id, level, template, language, delivery, status, subject, invoice_refs, total_due, interest, indemnity, as_of, recorded_by)
       VALUES ($entity, $client, 1, 'friendly', 'fr', 'email', 'sending', 'Rappel', [], 0, 0, 0, DATE '2026-10-31', 'claire') RETURNING message_id`,
      { entity: letter.entity_id, client: letter.client_id },
    );
    hold('resolveMessage', await post(`/api/reminders/messages/${doubt!.message_id}/resolve`, { sent: false }), 200);
    hold('resolveMessage', await post(`/api/reminders/messages/${doubt!.message_id}/resolve`, { sent: false }), 400);
    hold('resolveMessage', await post('/api/reminders/messages/999999/resolve', { sent: true }), 404);
    // what the message marked sent above carried: the letter's PDF
    const [sent] = ((await get(`/api/reminders/messages?client=${encodeURIComponent(letter.client_id)}`)).json() as { messages: { message_id: number; status: string }[] }).messages.filter((m) => m.status === 'sent');
    const content = await get(`/api/reminders/messages/${sent.message_id}/content`);
    expect([content.statusCode, content.headers['content-type'], content.rawPayload.subarray(0, 5).toString()]).toEqual([200, 'application/pdf', '%PDF-']);
    hold('messageContent', await get(`/api/reminders/messages/${doubt!.message_id}/content`), 404);
  });

  it('imports an upload, waiting or as a job to follow', async () => {
    const form = async () => {
      const body = new FormData();
      body.append('file', new Blob([readFileSync(fixture('fec', '123456789FEC20241231.txt'))]), '123456789FEC20241231.txt');
      const req = new Request('http://x/', { method: 'POST', body });
      return { payload: Buffer.from(await req.arrayBuffer()), headers: { 'content-type': req.headers.get('content-type')! } };
    };
    const { outcomes } = hold('upload', await app.inject({ method: 'POST', url: '/api/imports?wait=true', ...(await form()) }), 200) as { outcomes: ImportOutcome[] };
    uploadedId = outcomes[0].import_id!;
    const { jobs } = hold('upload', await app.inject({ method: 'POST', url: '/api/imports', ...(await form()) }), 202) as { jobs: ImportJob[] };
    let job = jobs[0];
    for (let i = 0; i < 100 && !job.outcome; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await get(`/api/imports/jobs/${job.job_id}`)).json() as ImportJob;
    }
    expect(job.outcome?.status).toBe('duplicate');
    hold('importJob', await get(`/api/imports/jobs/${job.job_id}`), 200);
    hold('importJob', await get('/api/imports/jobs/nope'), 404);
  });

  it('removes an import', async () => {
    hold('removeImport', await app.inject({ method: 'DELETE', url: `/api/imports/${uploadedId}` }), 200);
    hold('removeImport', await app.inject({ method: 'DELETE', url: '/api/imports/999999' }), 404);
  });

  it('creates the first admin, signs in and out, and manages users', async () => {
    hold('session', await get('/api/auth/session'), 200);
    hold('setup', await app.inject({ method: 'POST', url: '/api/auth/setup', payload: { code: 'WRONG', username: 'claire', password: 'correct horse battery' } }), 403);
    const setup = await app.inject({ method: 'POST', url: '/api/auth/setup', payload: { code: auth.setupCode, username: 'claire', password: 'correct horse battery' } });
    hold('setup', setup, 200);
    const cookie = String(setup.headers['set-cookie']).split(';')[0];
    const as = (options: InjectOptions) => app.inject({ ...options, headers: { cookie } });
    hold('users', await as({ method: 'GET', url: '/api/users' }), 200);
    hold('addUser', await as({ method: 'POST', url: '/api/users', payload: { username: 'marc', role: 'analyst', password: 'another long password' } }), 201);
    hold('addUser', await as({ method: 'POST', url: '/api/users', payload: { username: 'marc', role: 'analyst', password: 'another long password' } }), 400);
    hold('updateUser', await as({ method: 'PUT', url: '/api/users/marc', payload: { role: 'viewer' } }), 200);
    hold('updateUser', await as({ method: 'PUT', url: '/api/users/nobody', payload: { role: 'viewer' } }), 404);
    hold('changePassword', await as({ method: 'POST', url: '/api/auth/password', payload: { current: 'wrong password here', password: 'a new long password' } }), 401);
    hold('changePassword', await as({ method: 'POST', url: '/api/auth/password', payload: { current: 'correct horse battery', password: 'a new long password' } }), 200);
    hold('login', await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'claire', password: 'not it at all' } }), 401);
    hold('login', await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'claire', password: 'a new long password' } }), 200);
    hold('logout', await app.inject({ method: 'POST', url: '/api/auth/logout' }), 200);
  });

  it('gives every error as one sentence', () => {
    const errors = [...answered].filter(([key]) => !/ 20[0-2]$/.test(key));
    expect(errors.length).toBeGreaterThanOrEqual(6);
    for (const [key, body] of errors) expect(Value.Check(ErrorBody, body), key).toBe(true);
  });
});
