// The typed API client, derived from the contract's route table: one function per route, taking
// its query, path parameters and body as the route's schemas type them and resolving with its
// answer's type. Shared by the UI (src/lib/api/client.ts) and the CLI when it talks to a server.
// With `check`, every answer is checked against its schema (the UI does it in development and in
// tests): a server that drifts from the contract fails loudly instead of rendering nonsense.
import type { Static, TSchema } from 'typebox';
import type { RouteDef } from './common.ts';
import { routes, type Routes } from './index.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** An answer that does not match the route's schema. */
export class ContractError extends Error {}

type Loose<T> = { [K in keyof T]?: T[K] | null };
type SchemaOf<R, K extends string> = R extends { [P in K]: infer S extends TSchema } ? S : never;
type Success<R extends RouteDef> = R['response'] extends { 200: infer S extends TSchema } ? S : R['response'] extends { 201: infer S extends TSchema } ? S : R['response'] extends { 202: infer S extends TSchema } ? S : never;

/** What a route's function takes: only the parts the route declares. */
export type RouteInput<R extends RouteDef> = ([SchemaOf<R, 'querystring'>] extends [never] ? unknown : { query?: Loose<Static<SchemaOf<R, 'querystring'>>> }) &
  ([SchemaOf<R, 'params'>] extends [never] ? unknown : { params: Static<SchemaOf<R, 'params'>> }) &
  ([SchemaOf<R, 'body'>] extends [never] ? unknown : { body?: Static<SchemaOf<R, 'body'>> }) & { form?: FormData };
export type RouteAnswer<R extends RouteDef> = Static<Success<R>>;

export type ApiClient = {
  [K in keyof Routes]: (...input: {} extends RouteInput<Routes[K]> ? [RouteInput<Routes[K]>?] : [RouteInput<Routes[K]>]) => Promise<RouteAnswer<Routes[K]>>;
};

export interface ClientOptions {
  /** '' in the browser (same origin), the server's URL from the CLI */
  baseUrl: string;
  fetch?: typeof fetch;
  /** check every answer against its schema */
  check?: boolean;
  /** headers sent with every request (the UI's language: the server answers its errors in it) */
  headers?: () => Record<string, string>;
  /** what to say when the server cannot be reached (the UI says it in its language; the CLI in English, naming the URL) */
  unreachable?: () => string;
}

/** The query string of a request: empty, null and undefined values are left out. */
export function queryString(params: Record<string, unknown> | undefined): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** The URL of a route, its :params filled in. */
export function routeUrl(r: RouteDef, input: { query?: Record<string, unknown>; params?: Record<string, unknown> } = {}): string {
  const path = r.url.replace(/:([a-z_]+)/g, (_, name: string) => {
    const value = input.params?.[name];
    if (value === undefined || value === null) throw new Error(`${r.url} needs its parameter ${name}.`);
    return encodeURIComponent(String(value));
  });
  return path + queryString(input.query);
}

/** Throws a ContractError naming the route and the first mismatches when `body` breaks `schema`. */
export async function checkAnswer(r: RouteDef, status: number, schema: TSchema, body: unknown): Promise<void> {
  // loaded only when checking: production bundles do without the validator
  const { Value } = await import('typebox/value');
  if (Value.Check(schema, body)) return;
  const errors = [...Value.Errors(schema, body)].slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}`);
  throw new ContractError(`${r.method} ${r.url} answered ${status} with a body that breaks its schema: ${errors.join('; ')}`);
}

export function createClient(options: ClientOptions): ApiClient {
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  async function call(r: RouteDef, input: { query?: Record<string, unknown>; params?: Record<string, unknown>; body?: unknown; form?: FormData } = {}): Promise<unknown> {
    const headers: Record<string, string> = { ...options.headers?.() };
    const init: RequestInit = { method: r.method, headers };
    if (input.form) init.body = input.form;
    else if (input.body !== undefined) {
      init.body = JSON.stringify(input.body);
      headers['content-type'] = 'application/json';
    }
    let res: Response;
    try {
      res = await doFetch(options.baseUrl + routeUrl(r, input), init);
    } catch {
      throw new ApiError(0, options.unreachable?.() ?? `The Encours server cannot be reached${options.baseUrl ? ` at ${options.baseUrl}` : ''}. Is it running?`);
    }
    const body: unknown = await res.json().catch(() => undefined);
    const schema = r.response[res.status];
    if (options.check && schema && body !== undefined) await checkAnswer(r, res.status, schema, body);
    if (!res.ok) throw new ApiError(res.status, (body as { error?: string } | undefined)?.error ?? `HTTP ${res.status}`);
    return body;
  }
  return Object.fromEntries(Object.entries(routes).map(([name, r]) => [name, (input?: Parameters<typeof call>[1]) => call(r, input)])) as unknown as ApiClient;
}
