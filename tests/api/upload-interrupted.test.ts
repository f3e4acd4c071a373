// An upload cut off before its end, or a body that is not well-formed multipart, is the sender's
// fault: a 400 with a sentence in the request's language, no file left behind — never a 500.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.ts';
import { fixture, openTestDb, type TestDb } from '../helpers.ts';

let t: TestDb;
let app: FastifyInstance;
let url: string;

beforeEach(async () => {
  t = await openTestDb();
  app = await buildApp({ db: t.db, tmpDir: join(t.dir, 'tmp'), maxUploadBytes: 1024 * 1024 });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterEach(async () => {
  await app.close();
  t.cleanup();
});

async function multipartBody(): Promise<{ body: Uint8Array<ArrayBuffer>; type: string }> {
  const form = new FormData();
  form.append('file', new Blob([readFileSync(fixture('fec', '123456789FEC20241231.txt'))]), '123456789FEC20241231.txt');
  const res = new Response(form);
  return { body: new Uint8Array(await res.arrayBuffer()), type: res.headers.get('content-type')! };
}

const ENGLISH = 'The upload was cut off, or is not well-formed multipart/form-data: send the files again (field name: file).';
const FRENCH = 'L’envoi a été interrompu, ou n’est pas un multipart/form-data bien formé : envoyez à nouveau les fichiers (nom du champ : file).';

describe('an interrupted or malformed upload', () => {
  it('a body cut off before its closing boundary is a 400, in English and in French', async () => {
    const { body, type } = await multipartBody();
    const cut = body.subarray(0, body.length - 60);
    for (const [lang, text] of [['en', ENGLISH], ['fr-FR', FRENCH]]) {
      const res = await fetch(`${url}/api/imports?wait=true`, { method: 'POST', body: cut, headers: { 'content-type': type, 'accept-language': lang } });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: text });
    }
    expect(readdirSync(join(t.dir, 'tmp'))).toEqual([]);
    expect(await t.db.all(`SELECT import_id FROM imports`)).toEqual([]);
  });

  it('a multipart body without its boundary is a 400', async () => {
    const { body } = await multipartBody();
    const res = await fetch(`${url}/api/imports?wait=true`, { method: 'POST', body, headers: { 'content-type': 'multipart/form-data' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: ENGLISH });
  });

  it('the same through inject answers at once', async () => {
    const { body, type } = await multipartBody();
    const res = await app.inject({ method: 'POST', url: '/api/imports?wait=true', payload: Buffer.from(body.subarray(0, body.length - 60)), headers: { 'content-type': type } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: ENGLISH });
  });
});
