// The fastify application as a plugin-style factory: tests build it with a database and call
// inject(); main.ts adds logging, the inbox and the listening socket.
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from './db/database.ts';
import { importJobs, type ImportJobs } from './import/jobs.ts';
import { statusApi } from './api/status.ts';
import { importsApi } from './api/imports.ts';
import { agingApi } from './api/aging.ts';
import { dsoApi } from './api/dso.ts';
import { clientsApi } from './api/clients.ts';
import { riskApi } from './api/risk.ts';
import { forecastApi } from './api/forecast.ts';
import { collectionsApi } from './api/collections.ts';
import { remindersApi } from './api/reminders.ts';
import { provisionsApi } from './api/provisions.ts';
import { expectedLossApi } from './api/expected-loss.ts';
import { leversApi } from './api/levers.ts';
import { creditApi } from './api/credit.ts';
import { ensureModelsFresh } from './models/runner.ts';
import { routes } from '../lib/contract/index.ts';
import { DEFAULT_SETTINGS, type Settings } from './models/settings.ts';
import { errorAnswer } from './api/errors.ts';
import { authApi } from './api/auth.ts';
import { preferredLang, say } from './util/messages.ts';
import { Auth } from './auth/access.ts';
import { countUsers } from './auth/users.ts';
import rateLimit from '@fastify/rate-limit';
import helmet from '@fastify/helmet';
import { createHash } from 'node:crypto';
import { sharedCompilers } from './api/compilers.ts';

export interface AppOptions {
  db: Database;
  jobs?: ImportJobs;
  /** folder of the built SvelteKit app; absent → the API only */
  uiDir?: string;
  tmpDir: string;
  maxUploadBytes: number;
  settings?: Settings;
  logger?: boolean;
  /** sessions, allowed hosts, the CLI's token (serve.ts); absent: accounts as the database has them, loopback only */
  auth?: Auth;
  /** behind a reverse proxy: its X-Forwarded-* headers are believed (the protocol, for Secure cookies) */
  trustProxy?: boolean;
}

/** The hashes of the inline scripts of the app's page (SvelteKit's bootstrap): the only scripts it may run inline. */
function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`);
}


/** The largest JSON body a route reads (uploads are multipart, with their own limit). */
const BODY_LIMIT = 1024 * 1024;

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  // Errors leave as a sentence in the request's language (the UI sends its own), never as a stack trace.
  const answerError = (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const { status, text } = errorAnswer(err, req, { maxUploadBytes: opts.maxUploadBytes, bodyLimit: BODY_LIMIT });
    if (status >= 500) req.log.error(err);
    reply.code(status).send({ error: text[preferredLang(req.headers['accept-language'])] });
  };
  // warn level: errors and warnings, not a line per request
  // every route's schemas come from the contract (src/lib/contract), typed by TypeBox
  // frameworkErrors: what fastify refuses before routing (a URL it cannot decode) is answered the same way
  // schemaController: each schema compiled once per process (api/compilers.ts)
  const app = Fastify({ logger: opts.logger ? { level: 'warn' } : false, bodyLimit: BODY_LIMIT, frameworkErrors: answerError, trustProxy: opts.trustProxy ?? false, schemaController: { compilersFactory: sharedCompilers } }).withTypeProvider<TypeBoxTypeProvider>();
  const settings = opts.settings ?? DEFAULT_SETTINGS;
  const jobs = opts.jobs ?? importJobs(opts.db, settings);
  const models = await ensureModelsFresh(opts.db, settings);
  if (models.warnings.length) app.log.warn({ warnings: models.warnings }, 'model checks');
  app.setErrorHandler(answerError);

  // who may do what (auth/access.ts): Host, Origin, the caller, each route's role
  const auth = opts.auth ?? new Auth((await countUsers(opts.db)) > 0);
  app.decorateRequest('caller', null);
  app.addHook('onRequest', auth.check);
  await app.register(rateLimit, { global: false });

  const index = opts.uiDir ? join(opts.uiDir, 'index.html') : undefined;
  const indexHtml = index && existsSync(index) ? readFileSync(index, 'utf8') : undefined;
  // security headers; scripts from this server only (and the page's own bootstrap, by its hash);
  // inline styles stay allowed (Svelte and ECharts set style attributes); images may be data: (PNG export)
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...(indexHtml ? inlineScriptHashes(indexHtml) : [])],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // served over plain HTTP on loopback too: HSTS is for the proxy that adds HTTPS to say
    strictTransportSecurity: false,
  });

  await app.register(multipart, { limits: { fileSize: opts.maxUploadBytes } });
  // every API route is one of the contract's, with its schemas: a route outside it is a bug
  const contract = new Set(Object.values(routes).map((r) => `${r.method} ${r.url}`));
  app.addHook('onRoute', (r) => {
    if (!r.url.startsWith('/api/')) return;
    for (const method of [r.method].flat()) {
      if (method === 'HEAD') continue;
      if (!contract.has(`${method} ${r.url}`) || !r.schema?.response) throw new Error(`${method} ${r.url} is not a route of the API contract (src/lib/contract).`);
    }
  });
  const routeOptions = { db: opts.db, settings: () => settings, auth };
  await app.register(statusApi, routeOptions);
  await app.register(authApi, routeOptions);
  await app.register(importsApi, { ...routeOptions, jobs, tmpDir: opts.tmpDir, maxUploadBytes: opts.maxUploadBytes });
  await app.register(agingApi, routeOptions);
  await app.register(dsoApi, routeOptions);
  await app.register(clientsApi, routeOptions);
  await app.register(riskApi, routeOptions);
  await app.register(forecastApi, routeOptions);
  await app.register(collectionsApi, { ...routeOptions, tmpDir: opts.tmpDir, maxUploadBytes: opts.maxUploadBytes });
  await app.register(remindersApi, routeOptions);
  await app.register(provisionsApi, routeOptions);
  await app.register(expectedLossApi, routeOptions);
  await app.register(leversApi, routeOptions);
  await app.register(creditApi, { ...routeOptions, tmpDir: opts.tmpDir, maxUploadBytes: opts.maxUploadBytes });

  if (opts.uiDir && indexHtml) {
    await app.register(fastifyStatic, {
      root: opts.uiDir,
      wildcard: false,
      cacheControl: false,
      setHeaders(res, path) {
        // hashed file names under _app/immutable never change
        res.setHeader('cache-control', path.includes(`${join('_app', 'immutable')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    const lang = preferredLang(req.headers['accept-language']);
    if (req.url.startsWith('/api/') || req.url === '/api') return reply.code(404).send({ error: say.noApiRoute(req.method, req.url.split('?')[0])[lang] });
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply.code(404).send({ error: say.notFound[lang] });
    // the single-page app routes every other path itself
    if (indexHtml) return reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
    return reply.code(503).type('text/html; charset=utf-8').send('<p>The Encours UI is not built yet: run <code>npm run build</code> (npm start does it for you).</p>');
  });
  return app;
}
