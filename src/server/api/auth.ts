// /api/auth… (who is signed in; sign in and out; change one's password; create the first admin
// with the server's one-time code) and /api/users (an admin's list of accounts).
import { routes, type Session } from '../../lib/contract/index.ts';
import type { Caller } from '../auth/access.ts';
import { sessionCookie, parseCookies, SESSION_COOKIE } from '../auth/sessions.ts';
import { addUser, checkCredentials, countUsers, listUsers, updateUser } from '../auth/users.ts';
import { say, UserError } from '../util/messages.ts';
import { spec, who, type App, type RouteOptions } from './route.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';

// signing in: 10 tries a quarter of an hour from one address, then a wait
const LOGIN_LIMIT = { max: 10, timeWindow: 15 * 60 * 1000, errorResponseBuilder: () => new UserError(say.tooManyAttempts, 429) };

export async function authApi(app: App, opts: RouteOptions): Promise<void> {
  const { db, auth } = opts;
  const secure = (req: FastifyRequest) => auth.options.secureCookies ?? req.protocol === 'https';
  const session = (caller: Caller | null): Session => ({
    mode: auth.mode,
    user: auth.mode === 'open' || !caller ? null : { username: caller.username, role: caller.role },
    setup_required: auth.mode === 'open',
  });
  const signIn = (req: FastifyRequest, reply: FastifyReply, user: Caller): Session => {
    reply.header('set-cookie', sessionCookie(auth.sessions.open(user), secure(req)));
    return session(user);
  };
  const token = (req: FastifyRequest) => parseCookies(req.headers.cookie)[SESSION_COOKIE];

  app.route({ ...spec(routes.session), handler: async (req) => session(req.caller) });

  app.route({
    ...spec(routes.login),
    config: { ...spec(routes.login).config, rateLimit: LOGIN_LIMIT },
    handler: async (req, reply) => {
      const user = await checkCredentials(db, req.body.username, req.body.password);
      if (!user) throw new UserError(say.badCredentials, 401);
      return signIn(req, reply, user);
    },
  });

  app.route({
    ...spec(routes.logout),
    handler: async (req, reply) => {
      auth.sessions.close(token(req));
      reply.header('set-cookie', sessionCookie(null, secure(req)));
      return session(auth.mode === 'open' ? req.caller : null);
    },
  });

  app.route({
    ...spec(routes.changePassword),
    handler: async (req) => {
      const caller = req.caller!;
      if (!(await checkCredentials(db, caller.username, req.body.current))) throw new UserError(say.wrongCurrentPassword, 401);
      await updateUser(db, caller.username, { password: req.body.password }, caller.username);
      auth.sessions.closeAll(caller.username, token(req));
      return session(caller);
    },
  });

  app.route({
    ...spec(routes.setup),
    config: { ...spec(routes.setup).config, rateLimit: LOGIN_LIMIT },
    handler: async (req, reply) => {
      if (auth.mode !== 'open' || (await countUsers(db)) > 0) throw new UserError(say.setupDone, 403);
      if (req.body.code.trim().toUpperCase() !== auth.setupCode) throw new UserError(say.badSetupCode, 403);
      const user = await addUser(db, { username: req.body.username, role: 'admin', password: req.body.password }, 'setup');
      auth.accountsExist();
      return signIn(req, reply, user);
    },
  });

  app.route({ ...spec(routes.users), handler: async () => ({ users: await listUsers(db) }) });

  app.route({
    ...spec(routes.addUser),
    handler: async (req, reply) => {
      const user = await addUser(db, req.body, who(req));
      auth.accountsExist();
      return reply.code(201).send(user);
    },
  });

  app.route({
    ...spec(routes.updateUser),
    handler: async (req) => {
      const user = await updateUser(db, req.params.username, req.body, who(req));
      if (req.body.role) auth.sessions.setRole(user.username, user.role);
      if (req.body.password || user.disabled) auth.sessions.closeAll(user.username);
      return user;
    },
  });
}
