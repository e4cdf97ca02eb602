import type { LoginResponse, Role, User } from '../api/types';

export interface Session {
  token: string;
  expiresAt: string | null;
  user: User;
}

const STORAGE_KEY = 'devagent.session';

/** Reads claims from a JWT without verifying it: only to label the UI, the server decides. */
export function decodeClaims(token: string): Record<string, unknown> {
  try {
    const payload = token.split('.')[1];
    if (!payload) return {};
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const parsed: unknown = JSON.parse(json);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function sessionFromLogin(response: LoginResponse, username: string): Session {
  if (response.user) {
    return { token: response.token, expiresAt: response.expiresAt ?? null, user: response.user };
  }
  const claims = decodeClaims(response.token);
  const roleClaim = claims.role ?? (Array.isArray(claims.roles) ? claims.roles[0] : undefined);
  const role: Role = roleClaim === 'admin' || roleClaim === 'ROLE_admin' ? 'admin' : 'user';
  return {
    token: response.token,
    expiresAt: response.expiresAt ?? null,
    user: {
      userId: typeof claims.sub === 'string' ? claims.sub : username,
      username: typeof claims.username === 'string' ? claims.username : username,
      role,
    },
  };
}

export function isExpired(session: Session, now: number = Date.now()): boolean {
  if (!session.expiresAt) return false;
  const at = Date.parse(session.expiresAt);
  return !Number.isNaN(at) && at <= now;
}

export function loadSession(): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Session;
    if (!parsed?.token || !parsed.user) return null;
    return isExpired(parsed) ? null : parsed;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  try {
    if (session) localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Private mode without storage: the session lives for this tab only.
  }
}
