// The accounts: who may sign in, with which role. Passwords are stored hashed (passwords.ts); a
// disabled account keeps its history (what it wrote still names it) but can no longer sign in.
import type { Database } from '../db/database.ts';
import type { Role, User } from '../../lib/contract/index.ts';
import { say, UserError } from '../util/messages.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

const USER_FIELDS = `username, role, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at, created_by, disabled_at IS NOT NULL AS disabled`;

export async function countUsers(db: Database): Promise<number> {
  return (await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM users`))!.n;
}

export function listUsers(db: Database): Promise<User[]> {
  return db.all<User>(`SELECT ${USER_FIELDS} FROM users ORDER BY username`);
}

async function getUser(db: Pick<Database, 'one'>, username: string): Promise<User | undefined> {
  return db.one<User>(`SELECT ${USER_FIELDS} FROM users WHERE username = $username`, { username });
}

// a hash to check a password against when the user does not exist: the answer takes as long
let decoy: Promise<string> | undefined;

/** The user whose password this is, or null — in the same time whether the user exists or not. */
export async function checkCredentials(db: Database, username: string, password: string): Promise<{ username: string; role: Role } | null> {
  const row = await db.one<{ username: string; role: Role; password_hash: string; disabled: boolean }>(
    `SELECT username, role, password_hash, disabled_at IS NOT NULL AS disabled FROM users WHERE username = $username`,
    { username },
  );
  decoy ??= hashPassword('no such user');
  const ok = await verifyPassword(password, row?.password_hash ?? (await decoy));
  return row && ok && !row.disabled ? { username: row.username, role: row.role } : null;
}

export async function addUser(db: Database, user: { username: string; role: Role; password: string }, by: string): Promise<User> {
  const hash = await hashPassword(user.password);
  return db.transaction(async (s) => {
    if (await s.one(`SELECT 1 FROM users WHERE username = $username`, { username: user.username })) throw new UserError(say.userExists(user.username));
    // whoever creates the first account must not lock everyone out of managing them
    if (user.role !== 'admin' && !(await s.one(`SELECT 1 FROM users LIMIT 1`))) throw new UserError(say.firstIsAdmin);
    await s.run(`INSERT INTO users (username, role, password_hash, created_by) VALUES ($username, $role, $hash, $by)`, { username: user.username, role: user.role, hash, by });
    return (await getUser(s, user.username))!;
  });
}

/** Changes a user's role, password or state; the last active admin cannot lose the role nor be disabled. */
export async function updateUser(db: Database, username: string, change: { role?: Role; password?: string; disabled?: boolean }, by: string): Promise<User> {
  const hash = change.password ? await hashPassword(change.password) : null;
  return db.transaction(async (s) => {
    const user = await getUser(s, username);
    if (!user) throw new UserError(say.noSuchUser(username), 404);
    const losesAdmin = user.role === 'admin' && !user.disabled && ((change.role && change.role !== 'admin') || change.disabled === true);
    if (losesAdmin) {
      const admins = (await s.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM users WHERE role = 'admin' AND disabled_at IS NULL`))!.n;
      if (admins <= 1) throw new UserError(say.lastAdmin(username));
    }
    if (change.role) await s.run(`UPDATE users SET role = $role WHERE username = $username`, { role: change.role, username });
    if (hash) await s.run(`UPDATE users SET password_hash = $hash, password_changed_at = current_timestamp WHERE username = $username`, { hash, username });
    if (change.disabled !== undefined) await s.run(`UPDATE users SET disabled_at = CASE WHEN $disabled THEN current_timestamp END WHERE username = $username`, { disabled: change.disabled, username });
    // who did it (the users table keeps only the account as it is now); what changed, never the password
    const detail = { role: change.role, password_changed: change.password ? true : undefined, disabled: change.disabled };
    await s.run(`INSERT INTO audit_log (done_by, action, target, detail) VALUES ($by, 'user_changed', $username, $detail)`, { by, username, detail: JSON.stringify(detail) });
    return (await getUser(s, username))!;
  });
}

/** The id of this database file (set by its first migration to accounts): what the CLI checks a server by. */
export async function databaseId(db: Database): Promise<string> {
  return (await db.one<{ value: string }>(`SELECT value FROM app_meta WHERE name = 'database_id'`))!.value;
}
