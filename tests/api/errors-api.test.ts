// What the API refuses, and how it says so: as-of dates outside the data, entities without data,
// bad parameters and bodies, unknown routes, bad uploads — each a 4xx with one sentence, in French
// when the request's Accept-Language prefers it, in English otherwise; never a stack trace nor a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../../src/server/app.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../src/server/models/settings.ts';
import type { ForecastSnapshot } from '../../src/lib/contract/index.ts';
import { fixture, openTestDb, type TestDb } from '../helpers.ts';
import { load, receipt, sale } from '../sql/ledger.ts';

let t: TestDb;
let app: FastifyInstance;
const settings: Settings = { ...DEFAULT_SETTINGS, forecast: { ...DEFAULT_SETTINGS.forecast, simulations: 200 } };

const FRENCH = { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.8' };

// Two entities: 123456789 from 10/01 to 01/03/2024, 987654321 from 01/02 to 30/04/2024.
beforeAll(async () => {
  t = await openTestDb();
  await load(
    t,
    [
      { name: '123456789FEC20241231.txt', lines: [...sale('1', '2024-01-10', 'C1', 'F1', 1200, 'A'), ...receipt('1', '2024-02-20', 'C1', 'V1', 1200, 'A'), ...sale('2', '2024-03-01', 'C1', 'F2', 500)] },
      { name: '987654321FEC20241231.txt', lines: [...sale('1', '2024-02-01', 'D1', 'G1', 800), ...receipt('1', '2024-04-30', 'D1', 'W1', 300)] },
    ],
    settings,
  );
  app = await buildApp({ db: t.db, tmpDir: join(t.dir, 'tmp'), maxUploadBytes: 1024 * 1024, settings });
});
afterAll(async () => {
  await app.close();
  t.cleanup();
});

/** A request's status and error sentence. */
async function refusal(request: string | InjectOptions, headers: Record<string, string> = {}): Promise<{ status: number; error: string }> {
  const options = typeof request === 'string' ? { url: request } : request;
  const res = await app.inject({ ...options, headers: { ...options.headers, ...headers } });
  return { status: res.statusCode, error: (res.json() as { error: string }).error };
}

const saveSnapshot = (payload: object) => app.inject({ method: 'POST', url: '/api/forecast/snapshots', payload });

describe('as-of dates outside the data', () => {
  const REPORTS_AT_A_DATE = [
    '/api/aging',
    '/api/clients',
    '/api/clients/C1/items',
    '/api/forecast',
    '/api/forecast/weeks/1',
    // the reminders at a date: the batch and its letters
    '/api/reminders/batch',
    '/api/reminders/letters.pdf',
  ];
  // a client's letter and charges run on its entity's data (C1: 123456789, to 01/03/2024)
  const CLIENT_REMINDERS = ['/api/reminders/clients/C1/letter', '/api/reminders/clients/C1/charges'];

  it('refuses a date after the latest date of the data on every report at a date, saying where the data ends and what to do', async () => {
    const after = 'The data ends on 2024-04-30: there are no figures on 2030-01-01 yet. Pick a date up to 2024-04-30; what comes after is projected on the Forecast page.';
    for (const url of REPORTS_AT_A_DATE) expect(await refusal(`${url}?as_of=2030-01-01`), url).toEqual({ status: 400, error: after });
    expect(await refusal({ method: 'POST', url: '/api/forecast/snapshots', payload: { as_of: '2030-01-01' } })).toEqual({ status: 400, error: after });
    const afterC1 = 'The data of entity 123456789 ends on 2024-03-01: there are no figures on 2030-01-01 yet. Pick a date up to 2024-03-01; what comes after is projected on the Forecast page.';
    for (const url of CLIENT_REMINDERS) expect(await refusal(`${url}?as_of=2030-01-01`), url).toEqual({ status: 400, error: afterC1 });
  });

  it('says there is no data yet at a date before the first one', async () => {
    const before = 'No data yet on 2023-12-31: the data starts on 2024-01-10. Pick a date from 2024-01-10 on.';
    for (const url of REPORTS_AT_A_DATE) expect(await refusal(`${url}?as_of=2023-12-31`), url).toEqual({ status: 400, error: before });
    expect(await refusal({ method: 'POST', url: '/api/forecast/snapshots', payload: { as_of: '2023-12-31' } })).toEqual({ status: 400, error: before });
    for (const url of CLIENT_REMINDERS) {
      expect(await refusal(`${url}?as_of=2023-12-31`), url).toEqual({ status: 400, error: 'No data yet on 2023-12-31: the data of entity 123456789 starts on 2024-01-10. Pick a date from 2024-01-10 on.' });
    }
  });

  it('takes the span of the entity asked for, first and last dates included', async () => {
    for (const url of ['/api/aging?as_of=2024-01-10', '/api/aging?as_of=2024-04-30', '/api/aging?as_of=2024-03-01&entity=123456789', '/api/aging?as_of=2024-02-01&entity=987654321']) {
      expect((await app.inject(url)).statusCode, url).toBe(200);
    }
    expect(await refusal('/api/aging?as_of=2024-04-30&entity=123456789')).toEqual({
      status: 400,
      error: 'The data of entity 123456789 ends on 2024-03-01: there are no figures on 2024-04-30 yet. Pick a date up to 2024-03-01; what comes after is projected on the Forecast page.',
    });
    expect(await refusal('/api/clients?as_of=2024-01-31&entity=987654321')).toEqual({
      status: 400,
      error: 'No data yet on 2024-01-31: the data of entity 987654321 starts on 2024-02-01. Pick a date from 2024-02-01 on.',
    });
  });

  it('still answers 404 for a client without items at a date inside the data', async () => {
    expect(await refusal('/api/clients/NOPE/items?as_of=2024-02-01')).toEqual({ status: 404, error: 'No items for client NOPE on or before 2024-02-01.' });
    expect(await refusal('/api/clients/D1/items?as_of=2024-01-20')).toEqual({ status: 404, error: 'No items for client D1 on or before 2024-01-20.' });
  });
});

describe('entities without data', () => {
  it('every route that takes an entity refuses one without data, naming those with data', async () => {
    const unknown = { status: 400, error: 'Unknown entity 0000000001: the entities with data are 123456789, 987654321.' };
    const routes = [
      '/api/aging',
      '/api/aging/history',
      '/api/dso',
      '/api/clients',
      '/api/clients/C1/items',
      '/api/risk/quality',
      '/api/forecast',
      '/api/forecast/weeks/1',
      '/api/forecast/history',
      '/api/forecast/backtest',
      '/api/forecast/snapshots',
      '/api/reminders/batch',
      '/api/reminders/letters.pdf',
      '/api/reminders/clients/C1/letter',
      '/api/reminders/clients/C1/charges',
    ];
    for (const url of routes) expect(await refusal(`${url}?entity=0000000001`), url).toEqual(unknown);
    expect(await refusal({ method: 'POST', url: '/api/forecast/snapshots', payload: { entity: '0000000001' } })).toEqual(unknown);
    expect(await refusal({ method: 'POST', url: '/api/reminders/send', payload: { entity: '0000000001', keys: ['C1'], delivery: 'email' } })).toEqual(unknown);
    // an entity with data is answered
    expect((await app.inject('/api/dso?entity=987654321')).statusCode).toBe(200);
  });
});

describe('errors in the language of the request', () => {
  it.each([
    ['/api/aging?as_of=2030-13-45', 'The date as_of (2030-13-45) does not exist: write a date YYYY-MM-DD.', 'La date as_of (2030-13-45) n’existe pas : écrivez une date AAAA-MM-JJ.'],
    ['/api/aging?as_of=19/02/2024', 'The date as_of (19/02/2024) is not written YYYY-MM-DD: write it like 2024-06-30.', 'La date as_of (19/02/2024) n’est pas écrite AAAA-MM-JJ : écrivez-la comme 2024-06-30.'],
    ['/api/aging?basis=age', 'The parameter basis (age) must be due or invoice.', 'Le paramètre basis (age) doit être due ou invoice.'],
    [
      '/api/aging?buckets=30;60',
      'The parameter buckets (30;60) must be a list of increasing numbers of days separated by commas, such as 30,60,90.',
      'Le paramètre buckets (30;60) doit être une liste de nombres de jours croissants séparés par des virgules, comme 30,60,90.',
    ],
    [
      '/api/aging/history?buckets=60,30',
      'The parameter buckets (60,30) must be a list of increasing numbers of days separated by commas, such as 30,60,90.',
      'Le paramètre buckets (60,30) doit être une liste de nombres de jours croissants séparés par des virgules, comme 30,60,90.',
    ],
    ['/api/forecast?weeks=abc', 'The parameter weeks (abc) must be a whole number from 1 to 52.', 'Le paramètre weeks (abc) doit être un nombre entier de 1 à 52.'],
    ['/api/forecast?weeks=60', 'The parameter weeks (60) must be a whole number from 1 to 52.', 'Le paramètre weeks (60) doit être un nombre entier de 1 à 52.'],
    ['/api/forecast/weeks/0', 'The parameter week (0) must be a whole number from 1 to 52.', 'Le paramètre week (0) doit être un nombre entier de 1 à 52.'],
    ['/api/imports?limit=0', 'The parameter limit (0) must be a whole number from 1 to 1000.', 'Le paramètre limit (0) doit être un nombre entier de 1 à 1000.'],
    ['/api/forecast/review?previous=1', 'The parameter current is missing: give a whole number of at least 1.', 'Le paramètre current manque : donnez un nombre entier d’au moins 1.'],
    ['/api/forecast/review?previous=x&current=2', 'The parameter previous (x) must be a whole number of at least 1.', 'Le paramètre previous (x) doit être un nombre entier d’au moins 1.'],
    ['/api/forecast/weeks/14', 'The plan has 13 weeks; there is no week 14.', 'Le plan compte 13 semaines ; il n’y a pas de semaine 14.'],
    ['/api/aging?as_of=2030-01-01', 'The data ends on 2024-04-30: there are no figures on 2030-01-01 yet. Pick a date up to 2024-04-30; what comes after is projected on the Forecast page.', 'Les données s’arrêtent au 30/04/2024 : il n’y a pas encore de chiffres au 01/01/2030. Choisissez une date jusqu’au 30/04/2024 ; la suite est projetée sur la page Prévision.'],
    ['/api/aging?as_of=2023-12-31', 'No data yet on 2023-12-31: the data starts on 2024-01-10. Pick a date from 2024-01-10 on.', 'Pas encore de données au 31/12/2023 : les données commencent le 10/01/2024. Choisissez une date à partir du 10/01/2024.'],
    ['/api/dso?entity=0000000001', 'Unknown entity 0000000001: the entities with data are 123456789, 987654321.', 'Entité inconnue 0000000001 : les entités avec des données sont 123456789, 987654321.'],
    ['/api/clients/NOPE/items', 'No items for client NOPE.', 'Aucune pièce pour le client NOPE.'],
    ['/api/imports/jobs/nope', 'No such import job (jobs are kept while the server runs).', 'Aucun import en cours sous ce numéro (ils sont gardés tant que le serveur tourne).'],
    ['/api/nothing-here?x=1', 'No API route GET /api/nothing-here.', 'Aucune route d’API GET /api/nothing-here.'],
    ['/api/clients/%ZZ/items', 'The address /api/clients/%ZZ/items is not valid: a character in it is not encoded (write % as %25).', 'L’adresse /api/clients/%ZZ/items n’est pas valide : un caractère n’y est pas encodé (écrivez % comme %25).'],
  ])('%s', async (url, english, french) => {
    const en = await refusal(url);
    expect(en.error).toBe(english);
    expect(en.status).toBeGreaterThanOrEqual(400);
    expect(en.status).toBeLessThan(500);
    expect(await refusal(url, FRENCH)).toEqual({ status: en.status, error: french });
  });

  it('refuses impossible dates and numbers too large to be ids or days with a 400, never a 500', async () => {
    for (const url of [
      '/api/aging?as_of=2025-02-30',
      '/api/aging?as_of=0000-00-00',
      '/api/clients?as_of=2024-02-29T00:00',
      '/api/aging?buckets=30,99999999999999999999',
      '/api/forecast/review?previous=99999999999999999999&current=1',
      '/api/forecast/weeks/99999999999999999999',
      '/api/imports?limit=99999999999999999999',
    ]) {
      const res = await refusal(url);
      expect(res.status, url).toBe(400);
      expect(res.error, url).toMatch(/^The (date|parameter) /);
    }
    const removal = await refusal({ method: 'DELETE', url: '/api/imports/99999999999999999999' });
    expect(removal.status).toBe(400);
  });

  it('reads the fields of a JSON body, and says when the body is not a JSON object', async () => {
    const post = (payload: string, lang: Record<string, string> = {}) => refusal({ method: 'POST', url: '/api/forecast/snapshots', payload, headers: { 'content-type': 'application/json' } }, lang);
    expect(await post('{"as_of": "2024-13-01"}')).toEqual({ status: 400, error: 'The date as_of (2024-13-01) does not exist: write a date YYYY-MM-DD.' });
    expect(await post('{"as_of": "2024-13-01"}', FRENCH)).toEqual({ status: 400, error: 'La date as_of (2024-13-01) n’existe pas : écrivez une date AAAA-MM-JJ.' });
    expect(await post('[1]')).toEqual({ status: 400, error: 'The request body must be a JSON object.' });
    expect(await post('{bad', FRENCH)).toEqual({ status: 400, error: 'Le corps de la requête n’est pas du JSON valide.' });
    expect(await post('{bad')).toEqual({ status: 400, error: 'The request body is not valid JSON.' });
    expect(await post(JSON.stringify({ as_of: '2024-02-29', pad: 'x'.repeat(1024 * 1024) }))).toEqual({ status: 413, error: 'The request body is larger than 1 MB.' });
    expect(await refusal({ method: 'POST', url: '/api/forecast/snapshots', payload: '<as_of/>', headers: { 'content-type': 'application/xml' } }, FRENCH)).toEqual({
      status: 415,
      error: 'Cette route ne lit pas un corps de type application/xml : envoyez du JSON (application/json).',
    });
  });

  it('says why two saved forecasts cannot be reviewed', async () => {
    const early = (await saveSnapshot({ as_of: '2024-02-29' })).json() as ForecastSnapshot;
    const late = (await saveSnapshot({ as_of: '2024-04-30' })).json() as ForecastSnapshot;
    const ofOne = (await saveSnapshot({ as_of: '2024-03-01', entity: '123456789' })).json() as ForecastSnapshot;
    const review = (previous: number, current: number) => `/api/forecast/review?previous=${previous}&current=${current}`;
    expect(await refusal(review(late.snapshot_id, early.snapshot_id))).toEqual({
      status: 400,
      error: `The previous snapshot (#${late.snapshot_id}, 2024-04-30) must be dated before the current one (#${early.snapshot_id}, 2024-02-29).`,
    });
    expect(await refusal(review(late.snapshot_id, early.snapshot_id), FRENCH)).toEqual({
      status: 400,
      error: `La prévision précédente (n° ${late.snapshot_id}, du 30/04/2024) doit être datée avant l’actuelle (n° ${early.snapshot_id}, du 29/02/2024).`,
    });
    expect(await refusal(review(early.snapshot_id, ofOne.snapshot_id), FRENCH)).toEqual({ status: 400, error: 'Les deux prévisions enregistrées ne portent pas sur la même entité.' });
    expect(await refusal(review(999_999, late.snapshot_id), FRENCH)).toEqual({ status: 404, error: 'Il n’y a pas de prévision enregistrée n° 999999.' });
    expect((await app.inject(review(early.snapshot_id, late.snapshot_id))).statusCode).toBe(200);
  });

  it('answers in French only when Accept-Language ranks French above English', async () => {
    const url = '/api/forecast?weeks=0';
    const french = 'Le paramètre weeks (0) doit être un nombre entier de 1 à 52.';
    const english = 'The parameter weeks (0) must be a whole number from 1 to 52.';
    for (const [header, expected] of [
      ['fr', french],
      ['FR-ca', french],
      ['de-DE,de;q=0.9,fr;q=0.8,en;q=0.5', french],
      ['en;q=0.5, fr;q=0.9', french],
      ['en-GB,en;q=0.9,fr;q=0.8', english],
      ['fr;q=0, en', english],
      ['de', english],
      ['*', english],
    ]) {
      expect((await refusal(url, { 'accept-language': header })).error, header).toBe(expected);
    }
    expect((await refusal(url)).error).toBe(english);
  });
});

describe('upload errors in the language of the request', () => {
  /** A multipart body built by the platform's FormData, as a browser would send it. */
  async function multipart(files: string[], fields: Record<string, string> = {}): Promise<InjectOptions> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (const f of files) form.append('file', new Blob([readFileSync(f)]), f.split('/').pop());
    const res = new Response(form);
    return { method: 'POST', url: '/api/imports?wait=true', payload: Buffer.from(await res.arrayBuffer()), headers: { 'content-type': res.headers.get('content-type')! } };
  }

  it('no file, not multipart, too many files, a mapping that is not JSON', async () => {
    expect(await refusal(await multipart([], { entity: 'X' }), FRENCH)).toEqual({ status: 400, error: 'Aucun fichier reçu : joignez un ou plusieurs exports comptables (nom du champ : file).' });
    expect(await refusal({ method: 'POST', url: '/api/imports', payload: {} }, FRENCH)).toEqual({ status: 415, error: 'Envoyez les fichiers en multipart/form-data (nom du champ : file).' });
    expect(await refusal({ method: 'POST', url: '/api/imports', payload: {} })).toEqual({ status: 415, error: 'Send the files as multipart/form-data (field name: file).' });
    const tooMany = await multipart(Array.from({ length: 51 }, () => fixture('invoices', 'open-items-us.csv')));
    expect(await refusal(tooMany, FRENCH)).toEqual({ status: 413, error: 'Envoyez au plus 50 fichiers à la fois.' });
    const badMapping = await refusal(await multipart([fixture('invoices', 'open-items-us.csv')], { mapping: '{"columns": ' }), FRENCH);
    expect(badMapping.status).toBe(400);
    expect(badMapping.error).toMatch(/^La correspondance des colonnes n’est pas du JSON valide \(.+\)\. Exemple : \{"columns"/);
  });

  it('a file over the upload limit', async () => {
    const small = await buildApp({ db: t.db, tmpDir: join(t.dir, 'tmp-small'), maxUploadBytes: 200, settings });
    try {
      const body = await multipart([fixture('fec', '123456789FEC20241231.txt')]);
      const res = await small.inject({ ...body, headers: { ...body.headers, ...FRENCH } });
      expect(res.statusCode).toBe(413);
      expect(res.json().error).toBe(
        '123456789FEC20241231.txt dépasse la taille maximale d’envoi (200 octets). Importez-le avec la CLI (npx encours import) ou le dossier d’arrivée (inbox), ou relevez la limite avec --max-upload / ENCOURS_MAX_UPLOAD.',
      );
    } finally {
      await small.close();
    }
  });
});
