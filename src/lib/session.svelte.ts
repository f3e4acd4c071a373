// Who uses the app: the session the server knows (an account and its role, or open mode — no
// account yet, this machine only — where everyone acts as the local admin). Pages ask `can(role)`
// to show or hide what the role does not allow (the server refuses it anyway); a request answered
// 401 (the session ended: expired, signed out elsewhere, a new password) brings the sign-in page.
import { goto } from '$app/navigation';
import { api, onUnauthorized, type Role, type Session } from './api/client.ts';

export const session = $state<{ value: Session | null; error: string | null }>({ value: null, error: null });

const RANK: Record<Role, number> = { viewer: 1, analyst: 2, admin: 3 };

export async function loadSession(): Promise<Session | null> {
  try {
    session.value = await api.session();
    session.error = null;
  } catch (err) {
    session.error = (err as Error).message;
  }
  return session.value;
}

/** Whether the user may do what takes `role` (in open mode: everything). */
export function can(role: Role): boolean {
  const s = session.value;
  if (!s) return false;
  if (s.mode === 'open') return true;
  return !!s.user && RANK[s.user.role] >= RANK[role];
}

/** Whether the app may show its pages: open mode, or someone signed in. */
export function signedIn(): boolean {
  const s = session.value;
  return !!s && (s.mode === 'open' || !!s.user);
}

/** The sign-in page, coming back here afterwards. */
export function toSignIn(): Promise<void> {
  const here = location.pathname + location.search;
  return goto(here.startsWith('/login') ? here : `/login?next=${encodeURIComponent(here)}`, { replaceState: true });
}

export function setSession(value: Session): void {
  session.value = value;
}

// a 401 from any route but the sign-in ones: the session is over
onUnauthorized(() => {
  if (session.value?.user) session.value = { ...session.value, user: null };
  void loadSession().then(() => {
    if (!signedIn()) void toSignIn();
  });
});
