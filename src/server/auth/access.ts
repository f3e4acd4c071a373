// Who is calling, and may they: every request's Host must be one the server answers for (a page
// of another site made to resolve to this machine — DNS rebinding — is refused), a request that
// changes something must come from this site (Origin: no cross-site form or script can import a
// file or remove one), and each API route lets in the roles its contract names. The caller is the
// signed-in user (session cookie), the CLI of this machine (the token of the server's file next to
// the database), or, in open mode — no account yet, loopback only — the local admin.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Access, Role } from '../../lib/contract/index.ts';
import { say, UserError } from '../util/messages.ts';
import { parseCookies, SESSION_COOKIE, Sessions } from './sessions.ts';

export interface Caller {
  username: string;
  role: Role;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** who makes the request (null: nobody signed in) */
    caller: Caller | null;
  }
  interface FastifyContextConfig {
    /** who may call the route (from the contract; public for the pages of the app) */
    access?: Access;
  }
}

/** the header in which the CLI names the system user running it */
export const CLI_ACTOR_HEADER = 'x-encours-actor';

const safeEqual = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

const RANK: Record<Role, number> = { viewer: 1, analyst: 2, admin: 3 };
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '::1', '[::1]'];
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AuthOptions {
  /** host names the server answers for, beside the loopback ones */
  allowedHosts?: string[];
  /** the token of the CLI of this machine (written next to the database file, readable by its owner only) */
  cliToken?: string;
  /** set the session cookie Secure (the server is behind HTTPS) */
  secureCookies?: boolean;
}

/** A browser names the site a request comes from (Origin; Sec-Fetch-Site); scripts and the CLI send neither. */
function isForeign(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (!origin) return req.headers['sec-fetch-site'] === 'cross-site';
  try {
    // both through URL: a default port (:80, :443) is dropped alike
    return new URL(origin).host !== new URL(`${req.protocol}://${req.host}`).host;
  } catch {
    return true; // "null" (a sandboxed page, a file) or junk
  }
}

/** The state of access control of one server: its sessions, whether accounts exist, its one-time setup code. */
export class Auth {
  readonly sessions = new Sessions();
  readonly allowedHosts: Set<string>;
  /** to create the first admin from the browser; printed in the server's log when there is no account */
  readonly setupCode = randomBytes(6).toString('hex').toUpperCase().replace(/(.{4})(.{4})(.{4})/, '$1-$2-$3');

  constructor(
    private accounts: boolean,
    readonly options: AuthOptions = {},
  ) {
    this.allowedHosts = new Set([...LOOPBACK_HOSTS, ...(options.allowedHosts ?? [])].map((h) => h.toLowerCase()));
  }

  /** open: no account exists — every request acts as the local admin (the server answers this machine only) */
  get mode(): 'open' | 'accounts' {
    return this.accounts ? 'accounts' : 'open';
  }

  accountsExist(): void {
    this.accounts = true;
  }

  /** Who makes the request, or null. */
  callerOf(req: FastifyRequest): Caller | null {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (bearer && this.options.cliToken && safeEqual(bearer, this.options.cliToken)) {
      // the CLI names the system user who runs it: the history says cli:<them>
      const actor = req.headers[CLI_ACTOR_HEADER];
      return { username: typeof actor === 'string' && /^[\w.@-]{1,64}$/.test(actor) ? `cli:${actor}` : 'cli', role: 'admin' };
    }
    const session = this.sessions.find(parseCookies(req.headers.cookie)[SESSION_COOKIE]);
    if (session) return session;
    return this.mode === 'open' ? { username: 'local', role: 'admin' } : null;
  }

  /** The fastify onRequest hook: Host, Origin, caller and the route's access. */
  readonly check = async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (!this.allowedHosts.has(req.hostname.toLowerCase())) throw new UserError(say.hostNotAllowed(req.hostname), 403);
    if (!READS.has(req.method) && isForeign(req)) throw new UserError(say.foreignOrigin(req.headers.origin ?? 'cross-site'), 403);
    req.caller = this.callerOf(req);
    const access = req.routeOptions.config?.access ?? (req.url.startsWith('/api') ? 'viewer' : 'public');
    if (access === 'public') return;
    if (!req.caller) throw new UserError(say.signIn, 401);
    if (RANK[req.caller.role] < RANK[access]) throw new UserError(say.forbidden(req.caller.role, access), 403);
  };
}
