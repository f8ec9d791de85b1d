import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { ApiError, setUnauthorizedHandler, tokenStore } from '../api/client';
import { http, unwrap } from '../api/http';
import type { Me } from '../api/types';

/** The signed-in user as the server knows them (mustChangePassword, MFA state included). */
function fetchMe(): Promise<Me> {
  return unwrap(http.GET('/api/v1/auth/me'));
}

export type AuthReason = 'sessionExpired' | 'loggedOut';

interface AuthState {
  user: Me | null;
  /** error: the session could not be checked (network); the token is kept for a retry */
  status: 'loading' | 'anonymous' | 'authenticated' | 'error';
  retry?: () => void;
  /** why the last session ended, for the login page's notice */
  endReason?: AuthReason | null;
  /** `otp`: the authenticator's code or a recovery code, for a user with a second factor */
  login: (username: string, password: string, otp?: string) => Promise<Me>;
  logout: () => Promise<void>;
  /** Reads /auth/me again (after a password change or an enrolment lifts a gate). */
  refresh?: () => Promise<Me>;
}

/**
 * Where a signed-in user must go before anything else: the server refuses every other route
 * (403 auth.password_change_required / auth.mfa_enrollment_required) until the step is done.
 */
export function pendingAccountStep(user: Me | null | undefined): string | null {
  if (!user) return null;
  if (user.mustChangePassword) return '/account/password-change';
  if (user.mfaEnrollmentRequired) return '/account/mfa-setup';
  return null;
}

export const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<Me | null>(null);
  const [endReason, setEndReason] = useState<AuthReason | null>(null);
  const [status, setStatus] = useState<AuthState['status']>(() =>
    tokenStore.get() ? 'loading' : 'anonymous',
  );
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();

  const endSession = useCallback(
    (reason: AuthReason, from?: string) => {
      tokenStore.clear();
      setEndReason(reason);
      setUser(null);
      setStatus('anonymous');
      queryClient.clear();
      void navigate('/login', { replace: true, state: { reason, from } });
    },
    [navigate, queryClient],
  );

  // Any 401 outside the login means the token ended (expiry, logout elsewhere, disabled user).
  const currentPath = location.pathname + location.search;
  useEffect(() => {
    setUnauthorizedHandler(() => endSession('sessionExpired', currentPath));
    return () => setUnauthorizedHandler(null);
  }, [endSession, currentPath]);

  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!tokenStore.get()) return;
    let cancelled = false;
    fetchMe()
      .then((me) => {
        if (cancelled) return;
        setUser(me);
        setStatus('authenticated');
      })
      .catch((err: unknown) => {
        if (cancelled) return;
        // Only the server saying no ends the session; a failed request (offline, page unloading)
        // must not throw the token away.
        if (err instanceof ApiError && err.status === 401) {
          tokenStore.clear();
          setStatus('anonymous');
        } else {
          setStatus('error');
        }
      });
    return () => {
      cancelled = true;
    };
  }, [attempt]);
  const retry = useCallback(() => {
    setStatus('loading');
    setAttempt((a) => a + 1);
  }, []);

  const login = useCallback(
    async (username: string, password: string, otp?: string) => {
      const res = await unwrap(
        http.POST('/api/v1/auth/login', { body: { username, password, ...(otp ? { otp } : {}) } }),
      );
      tokenStore.set(res.accessToken);
      queryClient.clear();
      const me = res.user;
      setUser(me);
      setEndReason(null);
      setStatus('authenticated');
      return me;
    },
    [queryClient],
  );

  const refresh = useCallback(async () => {
    const me = await fetchMe();
    setUser(me);
    return me;
  }, []);

  const logout = useCallback(async () => {
    try {
      await unwrap(http.POST('/api/v1/auth/logout'));
    } catch {
      /* the token is dropped either way */
    }
    endSession('loggedOut');
  }, [endSession]);

  const value = useMemo(
    () => ({ user, status, login, logout, retry, endReason, refresh }),
    [user, status, login, logout, retry, endReason, refresh],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in user; only for pages behind RequireAuth. */
export function useMe(): Me {
  const { user } = useAuth();
  if (!user) throw new Error('not signed in');
  return user;
}
