// What every route module shares: the options the app gives it, and `spec`, which turns a route
// of the contract (src/lib/contract) into fastify's route options — method, URL and the schemas
// that validate its input and serialise its answers, typed through the TypeBox type provider.
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Access, RouteDef } from '../../lib/contract/index.ts';
import type { Auth } from '../auth/access.ts';
import type { Database } from '../db/database.ts';
import type { Settings } from '../models/settings.ts';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

export interface RouteOptions {
  db: Database;
  /** the model settings in force (bucket edges, thresholds, forecast parameters) */
  settings: () => Settings;
  /** sessions and access (who is calling: req.caller) */
  auth: Auth;
}

/** Who a write is recorded as made by: the signed-in user, 'cli', or 'local' in open mode. */
export const who = (req: { caller: { username: string } | null }): string => req.caller?.username ?? 'unknown';

type Parts<R extends RouteDef> = { response: R['response'] } & Pick<R, Extract<keyof R, 'querystring' | 'params' | 'body'>>;

/** The method, URL, schemas and access of a contract route, for app.route({ ...spec(r), handler }). */
export function spec<const R extends RouteDef>(r: R): { method: R['method']; url: R['url']; schema: Parts<R> & { description: string }; config: { access: Access } } {
  const schema: Record<string, unknown> = { description: r.description, response: r.response };
  for (const part of ['querystring', 'params', 'body'] as const) if (r[part]) schema[part] = r[part];
  return { method: r.method, url: r.url, schema: schema as Parts<R> & { description: string }, config: { access: r.access ?? 'viewer' } };
}
