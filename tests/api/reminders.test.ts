// The reminders that go out, on the demo ledger, through a real SMTP server started in the test
// (smtp-server) whose messages are read back with mailparser: what is sent, to whom, with which
// parts and attachment; that a level of an invoice goes out once, even when two sends race; that
// a refused address or a server down leaves the letter failed, recorded and offered again; that
// formal notices wait for their confirmation; and the charges and letters the routes answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.ts';
import { Auth } from '../../src/server/auth/access.ts';
import type { Settings } from '../../src/server/models/settings.ts';
import type { BatchLetter, ClientCharges, CollectionAction, ReminderBatch, ReminderMessage, SendResult } from '../../src/lib/contract/index.ts';
import { openDemoCopy, type DemoDb } from '../helpers.ts';
import { readPdf } from '../pdf.ts';
import { withLaterRates } from '../rates.ts';
import { ECB_MRO_RATES, LEGAL_RATES } from '../../src/server/reminders/rates.ts';
import { addDays } from '../../src/server/util/dates.ts';

let t: DemoDb;
let app: FastifyInstance;
let smtp: SMTPServer;
let smtpPort = 0;
const received: ParsedMail[] = [];
/** addresses the SMTP server refuses (550) */
const refused = new Set<string>();

function appFor(settings: Settings): Promise<FastifyInstance> {
  return buildApp({ db: t.db, tmpDir: join(t.dir, 'tmp'), maxUploadBytes: 1 << 20, settings, auth: new Auth(false) });
}

beforeAll(async () => {
  t = await openDemoCopy();
  // letters run their charges to today: rates for the semesters after the shipped tables
  t.settings = { ...t.settings, reminders: { ...t.settings.reminders, charges: withLaterRates(t.settings.reminders.charges) } };
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refused.has(address.address)) return callback(Object.assign(new Error(`5.1.1 <${address.address}>: mailbox unavailable`), { responseCode: 550 }));
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => received.push(mail))
        .then(() => callback(), callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  const settings: Settings = { ...t.settings, reminders: { ...t.settings.reminders, smtp: { host: '127.0.0.1', port: smtpPort, secure: false, user: null, password: null, from: 'relances@demo-distribution.example' } } };
  app = await appFor(settings);
});
afterAll(async () => {
  await app?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  t.cleanup();
});

const batch = async (query = '') => (await app.inject(`/api/reminders/batch${query}`)).json() as ReminderBatch;
const send = (body: object) => app.inject({ method: 'POST', url: '/api/reminders/send', payload: body });
/** The French amount 1 234,56 € (a no-break or narrow no-break space between thousands, before €). */
const FRENCH_MONEY = /\d{1,3}(?:[\u00a0\u202f]\d{3})*,\d{2}\u00a0€/;

describe('the batch of the day', () => {
  it('writes one letter per client and written level, with its invoices, its charges and its recipients', async () => {
    const b = await batch();
    expect(b.smtp).toMatchObject({ configured: true, host: '127.0.0.1', port: smtpPort });
    expect(JSON.stringify(b)).not.toContain('password');
    expect(b.letters.length).toBeGreaterThan(5);
    expect(b.totals.letters).toBe(b.letters.length);
    for (const l of b.letters) {
      expect(['reminder_email', 'reminder_letter', 'formal_notice']).toContain(l.channel);
      expect(l.key).toBe(`${l.entity_id}/${l.client_id}/${l.level}`);
      expect(l.error, l.key).toBeNull();
      const open = l.invoices.reduce((s, i) => s + i.open_amount, 0);
      expect(l.open_amount).toBeCloseTo(open, 2);
      expect(l.total_due).toBeCloseTo(l.open_amount + l.interest + l.indemnity, 2);
      // between businesses: 40 € a late invoice, and interest on every one late
      if (!l.no_charges) expect(l.indemnity).toBe(40 * l.invoices.length);
      expect(l.manual).toBe(l.template === 'formal_notice');
      expect(l.delivery).toBe(l.recipients.length ? 'email' : 'letter');
    }
    expect(b.letters.some((l) => l.template === 'friendly')).toBe(true);
    expect(b.letters.some((l) => l.template === 'formal_notice')).toBe(true);
  });
});

describe('sending', () => {
  let friendly: BatchLetter[];

  it('sends e-mails with HTML and text parts, in French, replying to the credit controller, and records each as an action', async () => {
    friendly = (await batch()).letters.filter((l) => l.template === 'friendly' && l.delivery === 'email').slice(0, 2);
    expect(friendly).toHaveLength(2);
    const before = received.length;
    const res = await send({ keys: friendly.map((l) => l.key), delivery: 'email' });
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json() as SendResult;
    expect(result).toMatchObject({ sent: 2, failed: 0, skipped: 0 });
    expect(received.length - before).toBe(2);
    for (const [i, l] of friendly.entries()) {
      const mail = received.find((m) => m.headers.get('x-encours-reference') && (m.to as { text: string }).text.includes(l.recipients[0]))!;
      expect(mail, l.key).toBeDefined();
      expect((mail.to as { value: { address: string }[] }).value.map((v) => v.address).sort()).toEqual([...l.recipients].sort());
      expect(mail.subject).toBe(l.subject);
      expect(mail.text).toContain(l.invoices[0].number!);
      expect(mail.html).toContain(l.invoices[0].number!);
      expect(mail.text).toMatch(FRENCH_MONEY);
      expect(mail.text).toMatch(/\d{2}\/\d{2}\/\d{4}/);
      expect(mail.attachments).toHaveLength(0);
      const replyTo = (mail.replyTo as { value: { address: string }[] } | undefined)?.value[0].address;
      if (l.owner) expect(t.settings.reminders.team[l.owner]).toContain(`<${replyTo}>`);
      if (l.owner) expect(mail.text).toContain(t.settings.reminders.team[l.owner].split(' <')[0]);
      const outcome = result.results[i];
      expect(outcome).toMatchObject({ key: l.key, status: 'sent' });
      // on the client's timeline: one action per invoice, the level done, the message named
      const actions = ((await app.inject(`/api/collections/actions?client=${l.client_id}`)).json() as { actions: (CollectionAction & { message_id?: number })[] }).actions;
      const mine = actions.filter((a) => a.kind === l.channel && a.level === l.level && a.outcome === 'sent' && a.recorded_by === 'local');
      expect(mine.map((a) => a.invoice_ref).sort()).toEqual(l.invoices.map((x) => x.number).sort());
    }
    const messages = ((await app.inject(`/api/reminders/messages?client=${friendly[0].client_id}`)).json() as { messages: ReminderMessage[] }).messages;
    expect(messages[0]).toMatchObject({ status: 'sent', delivery: 'email', level: friendly[0].level, template: 'friendly', error: null, content_type: 'message/rfc822' });
    expect(messages[0].smtp_id).toMatch(/^<.+>$/);
    // what went is kept as it went: the same message, byte for byte the one the server received
    const kept = await app.inject(`/api/reminders/messages/${messages[0].message_id}/content`);
    expect(kept.headers['content-type']).toContain('message/rfc822');
    const copy = await simpleParser(kept.rawPayload);
    const original = received.find((m) => m.messageId === messages[0].smtp_id)!;
    expect(original).toBeDefined();
    expect([copy.messageId, copy.subject, copy.text]).toEqual([original.messageId, original.subject, original.text]);
  });

  it('never sends a level of an invoice twice: a second send is skipped, the batch no longer has it', async () => {
    const before = received.length;
    const again = (await send({ keys: friendly.map((l) => l.key), delivery: 'email' })).json() as SendResult;
    expect(again.results.map((r) => [r.status, r.reason])).toEqual([
      ['skipped', 'already_sent'],
      ['skipped', 'already_sent'],
    ]);
    expect(received.length).toBe(before);
    const keys = (await batch()).letters.map((l) => l.key);
    for (const l of friendly) expect(keys).not.toContain(l.key);
  });

  it('sends one message when two people press send together', async () => {
    const [l] = (await batch()).letters.filter((x) => !x.manual && x.delivery === 'email');
    const before = received.length;
    const [a, b] = (await Promise.all([send({ keys: [l.key], delivery: 'email' }), send({ keys: [l.key], delivery: 'email' })])).map((r) => r.json() as SendResult);
    expect([a.sent + b.sent, a.skipped + b.skipped]).toEqual([1, 1]);
    expect(received.length - before).toBe(1);
  });

  it('waits for a confirmation of each formal notice, then sends it with its PDF attached', async () => {
    const notice = (await batch()).letters.find((l) => l.template === 'formal_notice' && l.delivery === 'email' && !l.no_charges)!;
    expect(notice).toBeDefined();
    const unconfirmed = (await send({ keys: [notice.key], delivery: 'email' })).json() as SendResult;
    expect(unconfirmed.results[0]).toMatchObject({ status: 'skipped', reason: 'needs_confirmation' });
    const before = received.length;
    const sent = (await send({ keys: [notice.key], confirmed: [notice.key], delivery: 'email' })).json() as SendResult;
    expect(sent.results[0]).toMatchObject({ status: 'sent' });
    const mail = received[before];
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0].contentType).toBe('application/pdf');
    const pdf = await readPdf(mail.attachments[0].content);
    const text = pdf.text.join(' ');
    expect(text).toContain('RECOMMANDÉE');
    expect(text).toContain(notice.client_name ?? notice.client_id);
    for (const i of notice.invoices) expect(text).toContain(i.number!);
    expect(text.replace(/\s/g, ' ')).toContain('40,00 €');
    expect(pdf.pages).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/Page 1 \/ \d/);
  });

  it('records a refused address as a failure, marks nothing sent and offers the letter again', async () => {
    const l = (await batch()).letters.find((x) => !x.manual && x.delivery === 'email' && x.recipients.length === 1)!;
    refused.add(l.recipients[0]);
    try {
      const result = (await send({ keys: [l.key], delivery: 'email' })).json() as SendResult;
      expect(result.results[0]).toMatchObject({ key: l.key, status: 'failed' });
      expect(result.results[0].error).toMatch(/550|mailbox unavailable|none of the addresses/i);
      const [message] = ((await app.inject(`/api/reminders/messages?client=${l.client_id}`)).json() as { messages: ReminderMessage[] }).messages;
      expect(message).toMatchObject({ status: 'failed', level: l.level });
      const actions = ((await app.inject(`/api/collections/actions?client=${l.client_id}`)).json() as { actions: CollectionAction[] }).actions;
      expect(actions.filter((a) => a.outcome === 'sent' && a.level === l.level && a.recorded_by === 'local')).toEqual([]);
      expect((await batch()).letters.map((x) => x.key)).toContain(l.key);
    } finally {
      refused.clear();
    }
  });

  it('records a server that does not answer as a failure', async () => {
    const down = await appFor({ ...t.settings, reminders: { ...t.settings.reminders, smtp: { ...t.settings.reminders.smtp, host: '127.0.0.1', port: 9, secure: false } } });
    try {
      const l = (await batch()).letters.find((x) => !x.manual && x.delivery === 'email')!;
      const result = (await down.inject({ method: 'POST', url: '/api/reminders/send', payload: { keys: [l.key], delivery: 'email' } })).json() as SendResult;
      expect(result.results[0]).toMatchObject({ status: 'failed' });
      expect(result.results[0].error).toMatch(/ECONNREFUSED|ESOCKET|connect/i);
      expect((await batch()).letters.map((x) => x.key)).toContain(l.key);
    } finally {
      await down.close();
    }
  });

  it('posts the letters of a level whose channel is a letter, even to a client with an address', async () => {
    const standard = t.settings.dunning.standard.map((l, i) => (i === 0 ? { ...l, channel: 'reminder_letter' as const } : l));
    const byPost = await appFor({ ...t.settings, dunning: { ...t.settings.dunning, standard } });
    try {
      const b = (await byPost.inject('/api/reminders/batch?level=1')).json() as ReminderBatch;
      const l = b.letters.find((x) => x.recipients.length && x.channel === 'reminder_letter')!;
      expect(l).toMatchObject({ delivery: 'letter', template: 'friendly' });
      const result = (await byPost.inject({ method: 'POST', url: '/api/reminders/send', payload: { keys: [l.key], delivery: 'email' } })).json() as SendResult;
      expect(result.results[0]).toMatchObject({ status: 'skipped', reason: 'by_post' });
    } finally {
      await byPost.close();
    }
  });

  it('keeps a message the server stopped while sending in doubt, until someone says whether it went', async () => {
    const l = (await batch()).letters.find((x) => !x.manual && x.delivery === 'email' && x.invoices.every((i) => i.number))!;
    // what a process killed after its claim leaves: the message opened (sending), its invoices claimed
    const [entity, client, level] = l.key.split('/');
    await t.db.transaction(async (s) => {
      const m = await s.one<{ message_id: number }>(
        `INSERT INTO reminder_messages (entity_id, client_id, level, template, language, delivery, status, subject, invoice_refs, total_due, interest, indemnity, as_of, recorded_by)
         VALUES ($entity, $client, $level, 'friendly', 'fr', 'email', 'sending', $subject, [], 0, 0, 0, DATE '2026-10-31', 'claire') RETURNING message_id`,
        { entity, client, level: Number(level), subject: l.subject! },
      );
      for (const i of l.invoices) {
        await s.run(`INSERT INTO reminder_claims (entity_id, client_id, invoice_ref, level, message_id, claimed_by) VALUES ($entity, $client, $ref, $level, $id, 'claire')`, {
          entity,
          client,
          ref: `${i.number}@${i.due_date}`,
          level: Number(level),
          id: m!.message_id,
        });
      }
    });
    // never sent again on its own: out of the batch, shown as interrupted
    expect((await batch()).letters.map((x) => x.key)).not.toContain(l.key);
    const [doubt] = ((await app.inject(`/api/reminders/messages?client=${client}`)).json() as { messages: ReminderMessage[] }).messages;
    expect(doubt).toMatchObject({ status: 'sending', level: Number(level) });
    // it did not go: the letter is offered again
    const notSent = await app.inject({ method: 'POST', url: `/api/reminders/messages/${doubt.message_id}/resolve`, payload: { sent: false } });
    expect(notSent.json()).toEqual({ message_id: doubt.message_id, status: 'failed' });
    expect((await batch()).letters.map((x) => x.key)).toContain(l.key);
    expect((await app.inject({ method: 'POST', url: `/api/reminders/messages/${doubt.message_id}/resolve`, payload: { sent: true } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/reminders/messages/999999/resolve', payload: { sent: true } })).statusCode).toBe(404);
    // a message that did not go carries nothing to keep
    expect((await app.inject(`/api/reminders/messages/${doubt.message_id}/content`)).statusCode).toBe(404);
  });

  it('records letters printed or sent by hand, without SMTP', async () => {
    const l = (await batch()).letters.find((x) => x.delivery === 'letter' && !x.manual) ?? (await batch()).letters.find((x) => !x.manual)!;
    const result = (await send({ keys: [l.key], delivery: 'manual' })).json() as SendResult;
    expect(result.results[0]).toMatchObject({ status: 'sent', recipients: [] });
    const [message] = ((await app.inject(`/api/reminders/messages?client=${l.client_id}`)).json() as { messages: ReminderMessage[] }).messages;
    expect(message).toMatchObject({ delivery: 'manual', status: 'sent', content_type: 'application/pdf' });
    // the letter as printed is kept
    const pdf = await readPdf((await app.inject(`/api/reminders/messages/${message.message_id}/content`)).rawPayload);
    expect(pdf.text.join(' ')).toContain(l.client_name ?? l.client_id);
  });
});

describe('charges, terms and letters', () => {
  /** the client whose terms the first test changes */
  let changed = '';

  it("answers a client's charges, and none once it is marked a consumer", async () => {
    const l = (await batch()).letters.find((x) => !x.no_charges)!;
    changed = l.client_id;
    const charges = (await app.inject(`/api/reminders/clients/${l.client_id}/charges`)).json() as ClientCharges;
    expect(charges.applied).toBe(true);
    expect(charges.error).toBeNull();
    expect(charges.totals.indemnity).toBe(40 * charges.invoices.length);
    expect(charges.totals.interest).toBeGreaterThan(0);
    expect(charges.rates.length).toBeGreaterThan(0);
    // the invoices it paid late in the last twelve months, each at the rate of its semester(s)
    const paid = charges.settled_late;
    expect(paid.invoices.length).toBeGreaterThan(0);
    expect(paid.indemnity).toBe(40 * paid.invoices.length);
    for (const i of paid.invoices) {
      expect(i.days_late).toBe((Date.parse(i.settled_date) - Date.parse(i.due_date)) / 86_400_000);
      expect(i.settled_date > paid.since && i.settled_date <= charges.as_of_date).toBe(true);
      const half = (d: string) => `${d.slice(0, 4)}-H${Number(d.slice(5, 7)) <= 6 ? 1 : 2}`;
      const first = half(addDays(i.due_date, 1));
      if (first !== half(i.settled_date)) continue;
      // one semester: amount × rate × days / 365
      const ecb = { ...ECB_MRO_RATES, ...t.settings.reminders.charges.ecb_rates }[first];
      const legal = { ...LEGAL_RATES, ...t.settings.reminders.charges.legal_rates }[first];
      const rate = charges.late_rate === null ? ecb + 10 : Math.max(charges.late_rate, 3 * legal);
      expect(i.interest).toBeCloseTo((i.amount * rate * i.days_late) / 36_500, 2);
    }
    const put = await app.inject({ method: 'PUT', url: `/api/reminders/clients/${l.client_id}/terms`, payload: { terms: 'consumer' } });
    expect(put.statusCode, put.body).toBe(200);
    const after = (await app.inject(`/api/reminders/clients/${l.client_id}/charges`)).json() as ClientCharges;
    expect(after).toMatchObject({ applied: false, no_charges: 'consumer', totals: { interest: 0, indemnity: 0 }, settled_late: { interest: 0, indemnity: 0 } });
    // the owner and the policy stayed
    const profile = (await app.inject(`/api/collections/clients/${l.client_id}`)).json() as { owner: string | null };
    expect(profile.owner).toBe(l.owner);
    // a contractual rate of 5 % is floored at 3 × the legal rate
    await app.inject({ method: 'PUT', url: `/api/reminders/clients/${l.client_id}/terms`, payload: { terms: 'b2b', late_rate: 5 } });
    const floored = (await app.inject(`/api/reminders/clients/${l.client_id}/charges`)).json() as ClientCharges;
    for (const r of floored.rates) expect(r.rate).toBeGreaterThan(5);
    // and back to the legal default: null is not 0
    const cleared = await app.inject({ method: 'PUT', url: `/api/reminders/clients/${l.client_id}/terms`, payload: { late_rate: null } });
    expect(cleared.json()).toMatchObject({ late_rate: null, terms: 'b2b' });
    expect(((await app.inject(`/api/reminders/clients/${l.client_id}/charges`)).json() as ClientCharges).late_rate).toBeNull();
    await app.inject({ method: 'PUT', url: `/api/reminders/clients/${l.client_id}/terms`, payload: { late_rate: 5 } });
  });

  it('writes no letter that cannot name our company', async () => {
    const anonymous = await appFor({ ...t.settings, reminders: { ...t.settings.reminders, company: { ...t.settings.reminders.company, name: '', iban: ' ' } } });
    try {
      const b = (await anonymous.inject('/api/reminders/batch')).json() as ReminderBatch;
      expect(b.letters.length).toBeGreaterThan(0);
      for (const l of b.letters) expect(l.error?.en).toMatch(/name, iban missing in the settings \(reminders\.company\)/);
      const res = await anonymous.inject(`/api/reminders/clients/${b.letters[0].client_id}/letter?template=statement`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatch(/reminders\.company/);
    } finally {
      await anonymous.close();
    }
  });

  it('names the missing semester instead of guessing a rate', async () => {
    const noRate = await appFor({ ...t.settings, reminders: { ...t.settings.reminders, charges: { ...t.settings.reminders.charges, ecb_rates: {} } } });
    try {
      const l = (await batch()).letters.find((x) => !x.no_charges && x.client_id !== changed)!;
      const charges = (await noRate.inject(`/api/reminders/clients/${l.client_id}/charges`)).json() as ClientCharges;
      expect(charges.error?.en).toContain('2026-H2');
      expect(charges.error?.fr).toContain('2e semestre 2026');
      const b = (await noRate.inject('/api/reminders/batch')).json() as ReminderBatch;
      // every letter with charges at the legal rate waits for the rate (the client with a rate of its own does not need it)
      expect(b.letters.filter((x) => x.client_id !== changed).every((x) => x.error?.en.includes('2026-H2'))).toBe(true);
      expect(b.totals.errors).toBeGreaterThan(0);
    } finally {
      await noRate.close();
    }
  });

  it("prints the day's letters in one PDF, and gives a client's statement as PDF and its e-mail as .eml", async () => {
    const b = await batch();
    const keys = b.letters.filter((l) => !l.error).slice(0, 3);
    const res = await app.inject(`/api/reminders/letters.pdf?keys=${encodeURIComponent(keys.map((k) => k.key).join(','))}`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = await readPdf(res.rawPayload);
    expect(pdf.pages).toBeGreaterThanOrEqual(3);
    for (const k of keys) expect(pdf.text.join(' ')).toContain(k.client_name ?? k.client_id);

    const client = keys[0].client_id;
    const statement = await app.inject(`/api/reminders/clients/${client}/letter?template=statement`);
    expect(statement.statusCode).toBe(200);
    expect((await readPdf(statement.rawPayload)).text.join(' ')).toMatch(/Relevé de compte/i);
    const eml = await app.inject(`/api/reminders/clients/${client}/letter?format=eml`);
    expect(eml.statusCode, eml.body.slice(0, 300)).toBe(200);
    expect(eml.headers['content-type']).toContain('message/rfc822');
    const parsed = await simpleParser(eml.rawPayload);
    expect(parsed.subject).toMatch(/^Relevé de compte au \d{2}\/\d{2}\/\d{4} – /);
    expect(parsed.html).toContain('<html');
    expect(parsed.text).toMatch(FRENCH_MONEY);
    expect((await app.inject('/api/reminders/clients/NOPE/charges')).statusCode).toBe(404);
    expect((await app.inject({ method: 'PUT', url: '/api/reminders/clients/NOPE/terms', payload: { terms: 'none' } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'PUT', url: `/api/reminders/clients/${client}/terms`, payload: { late_rate: 90 } })).statusCode).toBe(400);
  });
});
