import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { authApi } from '../api/endpoints';
import { configureApi } from '../api/http';
import { loadSession, saveSession, sessionFromLogin, type Session } from './session';
import type { User } from '../api/types';

interface AuthState {
  session: Session | null;
  user: User | null;
  isAdmin: boolean;
  /** Why the user was signed out, shown on the sign-in page. */
  notice: string | null;
  signIn: (username: string, password: string) => Promise<void>;
  signUp: (username: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  /** The server rejected our token (HTTP 401 or WebSocket 4401). */
  sessionEnded: () => void;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const [notice, setNotice] = useState<string | null>(null);
  const tokenRef = useRef<string | null>(session?.token ?? null);

  const update = useCallback((next: Session | null) => {
    tokenRef.current = next?.token ?? null;
    saveSession(next);
    setSession(next);
  }, []);

  const sessionEnded = useCallback(() => {
    if (!tokenRef.current) return;
    update(null);
    setNotice('Your session has ended. Please sign in again.');
  }, [update]);

  // Configured during render, not in an effect: children's effects (which fetch) run first.
  configureApi({ getToken: () => tokenRef.current, onUnauthorized: sessionEnded });

  // Sign out locally when the token expires, rather than failing the next call.
  useEffect(() => {
    if (!session?.expiresAt) return;
    const remaining = Date.parse(session.expiresAt) - Date.now();
    if (Number.isNaN(remaining)) return;
    // setTimeout overflows past ~24.8 days; such tokens are checked again on reload.
    if (remaining > 2_000_000_000) return;
    const timer = setTimeout(sessionEnded, Math.max(0, remaining));
    return () => clearTimeout(timer);
  }, [session, sessionEnded]);

  // Another tab signed in or out.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key !== 'devagent.session') return;
      const next = loadSession();
      tokenRef.current = next?.token ?? null;
      setSession(next);
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const signIn = useCallback(
    async (username: string, password: string) => {
      const response = await authApi.login(username, password);
      setNotice(null);
      update(sessionFromLogin(response, username));
    },
    [update],
  );

  const signUp = useCallback(
    async (username: string, password: string) => {
      await authApi.register(username, password);
      await signIn(username, password);
    },
    [signIn],
  );

  const signOut = useCallback(async () => {
    try {
      if (tokenRef.current) await authApi.logout();
    } catch {
      // The token is dropped locally either way.
    }
    setNotice(null);
    update(null);
  }, [update]);

  const value = useMemo<AuthState>(
    () => ({
      session,
      user: session?.user ?? null,
      isAdmin: session?.user.role === 'admin',
      notice,
      signIn,
      signUp,
      signOut,
      sessionEnded,
    }),
    [session, notice, signIn, signUp, signOut, sessionEnded],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}
