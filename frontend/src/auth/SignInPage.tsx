import { useId, useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { ErrorNotice } from '../components/ErrorNotice';
import { useAuth } from './AuthContext';

interface SignInPageProps {
  mode: 'signin' | 'signup';
}

export function SignInPage({ mode }: SignInPageProps) {
  const { session, signIn, signUp, notice } = useAuth();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ error: unknown; at: number } | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const ids = { user: useId(), pass: useId(), confirm: useId(), passHint: useId() };
  const next = (location.state as { from?: string } | null)?.from ?? '/chat';

  if (session) return <Navigate to={next} replace />;

  const signingUp = mode === 'signup';
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setLocalError(null);
    if (!username.trim() || !password) {
      setLocalError('Enter a username and a password.');
      return;
    }
    if (signingUp && password !== confirm) {
      setLocalError('The two passwords are not the same.');
      return;
    }
    setBusy(true);
    try {
      if (signingUp) await signUp(username.trim(), password);
      else await signIn(username.trim(), password);
    } catch (e) {
      setError({ error: e, at: Date.now() });
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="auth-page">
      <div className="auth-card">
        <p className="brand brand-large" aria-hidden="true">
          <span className="brand-mark">◆</span> Developer Agent
        </p>
        <h1>{signingUp ? 'Create your account' : 'Sign in'}</h1>
        {notice && !signingUp && (
          <div className="notice notice-warn" role="status">
            {notice}
          </div>
        )}
        <form onSubmit={onSubmit} noValidate>
          <div className="field">
            <label htmlFor={ids.user}>Username</label>
            <input
              id={ids.user}
              className="input"
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              required
            />
          </div>
          <div className="field">
            <label htmlFor={ids.pass}>Password</label>
            <input
              id={ids.pass}
              className="input"
              type="password"
              name="password"
              autoComplete={signingUp ? 'new-password' : 'current-password'}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-describedby={signingUp ? ids.passHint : undefined}
              required
            />
            {signingUp && (
              <p id={ids.passHint} className="muted small">
                Use a long password; a short phrase works well.
              </p>
            )}
          </div>
          {signingUp && (
            <div className="field">
              <label htmlFor={ids.confirm}>Repeat password</label>
              <input
                id={ids.confirm}
                className="input"
                type="password"
                name="confirm"
                autoComplete="new-password"
                value={confirm}
                onChange={(e) => setConfirm(e.target.value)}
                required
              />
            </div>
          )}
          {localError && (
            <p className="error-text" role="alert">
              {localError}
            </p>
          )}
          {error && <ErrorNotice error={error.error} receivedAt={error.at} />}
          <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
            {busy ? 'Please wait…' : signingUp ? 'Create account' : 'Sign in'}
          </button>
        </form>
        <p className="auth-switch">
          {signingUp ? (
            <>
              Already have an account? <Link to="/signin">Sign in</Link>
            </>
          ) : (
            <>
              New here? <Link to="/signup">Create an account</Link>
            </>
          )}
        </p>
      </div>
    </main>
  );
}
