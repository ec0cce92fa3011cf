import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, type Location } from 'react-router';
import { errorMessage } from '../api.ts';
import { useSession } from '../session.tsx';

/** Where to go after logging in: the page that sent the user here, else the home page. */
function returnPath(state: unknown): string {
  const from = (state as { from?: Location } | null)?.from;
  if (!from || from.pathname === '/login') return '/';
  return `${from.pathname}${from.search}${from.hash}`;
}

export function LoginPage() {
  const { session, login } = useSession();
  const location = useLocation();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  if (session) return <Navigate to={returnPath(location.state)} replace />;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      await login(String(form.get('username')), String(form.get('password')));
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  return (
    <main className="login" id="main">
      <title>Log in · Sinag</title>
      <form className="login-card" data-testid="login-form" onSubmit={submit}>
        <p className="brand">Sinag</p>
        <h1>Log in</h1>
        <div className="field">
          <label htmlFor="username">Username</label>
          <input
            id="username"
            name="username"
            autoComplete="username"
            required
            autoFocus
            spellCheck={false}
          />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </div>
        <p role="alert" className="form-error">
          {error}
        </p>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
      {/* Served by the server as a plain HTML page, not by this app's router. */}
      <p>
        <a href="/report">Report a concern about a child (no account needed)</a>
      </p>
    </main>
  );
}
