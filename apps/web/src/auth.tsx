import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { client, read, SESSION_STORAGE_KEY, setAccessToken, UNAUTHENTICATED_EVENT } from './api/client';
import type { LoginResult, Role, User } from './api/types';

interface Session {
  accessToken: string;
  user: User;
}

interface AuthContextValue {
  user: User | null;
  /** Why the user was sent back to the login page (expired session), shown there once. */
  notice: string | null;
  login(username: string, password: string): Promise<User>;
  logout(notice?: string): void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(SESSION_STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

/** The session lives in sessionStorage: it ends with the tab, and is never shared with other sites (same origin only). */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [notice, setNotice] = useState<string | null>(null);

  const logout = useCallback((message?: string) => {
    sessionStorage.removeItem(SESSION_STORAGE_KEY);
    setAccessToken(null);
    setSession(null);
    setNotice(message ?? null);
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const result = await read<LoginResult>(client.POST('/api/auth/login', { body: { username, password } }));
    const next: Session = { accessToken: result.accessToken, user: result.user };
    setAccessToken(next.accessToken);
    sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(next));
    setSession(next);
    setNotice(null);
    try {
      const me = await read<User>(client.GET('/api/auth/me'));
      const withName: Session = { ...next, user: { ...next.user, displayName: me.displayName } };
      sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(withName));
      setSession(withName);
    } catch {
      // The display name is a nicety: the username is shown instead.
    }
    return next.user;
  }, []);

  useEffect(() => {
    const expired = () => logout('Votre session a expiré. Reconnectez-vous pour continuer.');
    window.addEventListener(UNAUTHENTICATED_EVENT, expired);
    return () => window.removeEventListener(UNAUTHENTICATED_EVENT, expired);
  }, [logout]);

  const value = useMemo(
    () => ({ user: session?.user ?? null, notice, login, logout }),
    [session, notice, login, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The authenticated user (pages under the layout are only rendered when there is one). */
export function useUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error('no user');
  return user;
}

export const canRecord = (role: Role): boolean =>
  role === 'accompagnateur' || role === 'coordinateur' || role === 'admin';
export const canSeeDashboard = (role: Role): boolean =>
  role === 'coordinateur' || role === 'administration' || role === 'admin';
/** Not the sanctioning officer: compliance lists personal data of every case (docs/security.md, data minimisation). */
export const canSeeCompliance = (role: Role): boolean =>
  role === 'administration' || role === 'admin' || role === 'coordinateur';
export const canSanction = (role: Role): boolean => role === 'sanctioning-officer' || role === 'admin';
export const canTransfer = (role: Role): boolean => role === 'coordinateur' || role === 'admin';
export const canSeeCases = (role: Role): boolean => role !== 'sanctioning-officer';

/** Where each role lands after signing in. */
export function homeFor(role: Role): string {
  switch (role) {
    case 'accompagnateur':
    case 'coordinateur':
      return '/dossiers';
    case 'administration':
    case 'admin':
      return '/conformite';
    case 'sanctioning-officer':
      return '/sanctions';
  }
}
