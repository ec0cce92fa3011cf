import type { Permission, SessionInfo } from '@sinag/core';
import { createContext, use, useCallback, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, errorMessage, setCsrfToken, setUnauthorizedHandler } from './api.ts';

interface SessionContextValue {
  session: SessionInfo | null;
  can: (permission: Permission) => boolean;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/** Knows who is logged in. Renders its children only once the first session check has answered. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionInfo | null>();
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);

  const store = useCallback((next: SessionInfo | null) => {
    setCsrfToken(next?.csrfToken ?? null);
    setSession(next);
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => store(null));
    api.get<SessionInfo>('/auth/session').then(store, (e: unknown) => {
      if (e instanceof ApiError && e.status === 401) store(null);
      else setError(errorMessage(e));
    });
  }, [attempt, store]);

  if (session === undefined) {
    return (
      <div className="splash">
        <p className="brand">Sinag</p>
        {error ? (
          <>
            <p role="alert">{error}</p>
            <button
              type="button"
              className="button"
              onClick={() => {
                setError(undefined);
                setAttempt((n) => n + 1);
              }}
            >
              Try again
            </button>
          </>
        ) : (
          <p aria-live="polite">Loading…</p>
        )}
      </div>
    );
  }

  const value: SessionContextValue = {
    session,
    can: (permission) => session?.permissions.includes(permission) ?? false,
    login: async (username, password) =>
      store(await api.post<SessionInfo>('/auth/login', { username, password })),
    logout: async () => {
      try {
        await api.post('/auth/logout');
      } catch (e) {
        // An already-expired session is as good as logged out; anything else must not look like success.
        if (!(e instanceof ApiError && e.status === 401)) throw e;
      }
      store(null);
    },
  };
  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): SessionContextValue {
  const value = use(SessionContext);
  if (!value) throw new Error('useSession needs a SessionProvider');
  return value;
}
