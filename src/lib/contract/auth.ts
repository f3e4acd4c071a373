// The contract of accounts and sessions: who is signed in (and whether Encours runs open, without
// accounts), signing in and out, changing one's password, creating the first admin with the
// one-time code the server prints, and the users an admin manages.
import { ErrorBody, Input, NullableString, Obj, ROLES, route, StringEnum, Type, type Static } from './common.ts';

export const RoleSchema = StringEnum(ROLES);

/** A user as the API shows it (never its password). */
export const User = Obj({
  username: Type.String(),
  role: RoleSchema,
  created_at: Type.String(),
  created_by: NullableString,
  disabled: Type.Boolean(),
});
export type User = Static<typeof User>;

export const Session = Obj({
  /** open: no account exists yet and the server answers this machine only — everyone is the local admin */
  mode: StringEnum(['open', 'accounts']),
  user: Type.Union([Obj({ username: Type.String(), role: RoleSchema }), Type.Null()]),
  /** no account yet: the first admin can be created with the code the server printed */
  setup_required: Type.Boolean(),
});
export type Session = Static<typeof Session>;

const Username = Type.String({ pattern: '^[A-Za-z0-9._@-]{2,64}$', description: '2 to 64 letters, digits or . _ @ -' });
const Password = Type.String({ minLength: 10, maxLength: 200, description: 'at least 10 characters' });

export const authRoutes = {
  session: route({ method: 'GET', url: '/api/auth/session', access: 'public', description: 'Who is signed in, and whether Encours runs open.', response: { 200: Session } }),
  login: route({
    method: 'POST',
    url: '/api/auth/login',
    access: 'public',
    description: 'Signs in; the session lives in an httpOnly cookie.',
    body: Input({ username: Type.String({ maxLength: 64 }), password: Type.String({ maxLength: 200 }) }),
    response: { 200: Session, 400: ErrorBody, 401: ErrorBody, 429: ErrorBody },
  }),
  logout: route({ method: 'POST', url: '/api/auth/logout', access: 'public', description: 'Signs out.', response: { 200: Session } }),
  changePassword: route({
    method: 'POST',
    url: '/api/auth/password',
    description: "Changes the signed-in user's password.",
    body: Input({ current: Type.String({ maxLength: 200 }), password: Password }),
    response: { 200: Session, 400: ErrorBody, 401: ErrorBody },
  }),
  setup: route({
    method: 'POST',
    url: '/api/auth/setup',
    access: 'public',
    description: 'Creates the first admin with the one-time code the server printed at start, and signs in.',
    body: Input({ code: Type.String({ maxLength: 64 }), username: Username, password: Password }),
    response: { 200: Session, 400: ErrorBody, 403: ErrorBody, 429: ErrorBody },
  }),
  users: route({ method: 'GET', url: '/api/users', access: 'admin', description: 'The users.', response: { 200: Obj({ users: Type.Array(User) }) } }),
  addUser: route({
    method: 'POST',
    url: '/api/users',
    access: 'admin',
    description: 'Creates a user with a role and a first password.',
    body: Input({ username: Username, role: RoleSchema, password: Password }),
    response: { 201: User, 400: ErrorBody },
  }),
  updateUser: route({
    method: 'PUT',
    url: '/api/users/:username',
    access: 'admin',
    description: "Changes a user's role, sets a new password, or disables or enables the account.",
    params: Input({ username: Type.String({ maxLength: 64 }) }),
    body: Input({ role: Type.Optional(RoleSchema), password: Type.Optional(Password), disabled: Type.Optional(Type.Boolean()) }),
    response: { 200: User, 400: ErrorBody, 404: ErrorBody },
  }),
};
