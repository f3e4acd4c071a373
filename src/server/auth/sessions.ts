// Signed-in sessions, kept in the server's memory: a random token in an httpOnly cookie, the
// server holding only its hash. A restart signs everyone out; signing out, a new password, a new
// role or a disabled account take effect at once (the server is the only one to change accounts
// while it runs).
import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../lib/contract/index.ts';

export const SESSION_COOKIE = 'encours_session';
/** a working day and a half: a session opened in the morning lasts the day */
const LIFETIME_MS = 12 * 3600 * 1000;

interface Session {
  username: string;
  role: Role;
  expires: number;
}

const digest = (token: string) => createHash('sha256').update(token).digest('base64url');

export class Sessions {
  private readonly byDigest = new Map<string, Session>();

  /** A new session; returns the token to set in the cookie. */
  open(user: { username: string; role: Role }): string {
    const token = randomBytes(32).toString('base64url');
    this.byDigest.set(digest(token), { ...user, expires: Date.now() + LIFETIME_MS });
    return token;
  }

  find(token: string | undefined): { username: string; role: Role } | null {
    if (!token) return null;
    const key = digest(token);
    const s = this.byDigest.get(key);
    if (!s) return null;
    if (s.expires < Date.now()) {
      this.byDigest.delete(key);
      return null;
    }
    return { username: s.username, role: s.role };
  }

  close(token: string | undefined): void {
    if (token) this.byDigest.delete(digest(token));
  }

  /** A user's role changed: their sessions act with the new one. */
  setRole(username: string, role: Role): void {
    for (const s of this.byDigest.values()) if (s.username === username) s.role = role;
  }

  /** A user's password changed or the account was disabled: their other sessions end. */
  closeAll(username: string, except?: string): void {
    const kept = except ? digest(except) : undefined;
    for (const [key, s] of this.byDigest) if (s.username === username && key !== kept) this.byDigest.delete(key);
  }

  get size(): number {
    return this.byDigest.size;
  }
}

/** The cookies of a request: `a=1; b=2` → { a: '1', b: '2' } (values URI-decoded when they can be). */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 1) continue;
    const name = part.slice(0, i).trim();
    const raw = part.slice(i + 1).trim();
    try {
      out[name] = decodeURIComponent(raw);
    } catch {
      out[name] = raw;
    }
  }
  return out;
}

/** The Set-Cookie header of the session: httpOnly, SameSite=Lax, Secure over HTTPS; an empty value ends it. */
export function sessionCookie(token: string | null, secure: boolean): string {
  const parts = [`${SESSION_COOKIE}=${token ?? ''}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', token ? `Max-Age=${LIFETIME_MS / 1000}` : 'Max-Age=0'];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}
