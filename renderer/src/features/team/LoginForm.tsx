import { useState, type FormEvent } from 'react';
import { TOKEN_KEY } from '../../api/http-transport.ts';
import { setToken } from '../../api/index.ts';

/**
 * Shown when the team server answers 401: the token goes to sessionStorage (this tab only)
 * and the page reloads so every screen and the event stream start over signed in.
 */
export function LoginForm({ rejected }: { rejected: boolean }) {
  const [token, setValue] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    const value = token.trim();
    if (!value) return;
    setToken(value);
    window.location.reload();
  }

  return (
    <form className="team-login" onSubmit={submit} data-testid="login-form">
      <h1>Sign in to the team server</h1>
      <p className="muted">Paste the token your lead gave you (from <code>coldstart annotator add</code>). It is kept for this tab only.</p>
      {rejected ? (
        <div className="banner error" role="alert" data-testid="login-error">
          That token was not accepted. It may have been revoked, or mistyped.
        </div>
      ) : null}
      <label>
        Token
        <input type="password" autoComplete="off" spellCheck={false} value={token} onChange={(e) => setValue(e.target.value)} data-testid="login-token" autoFocus />
      </label>
      <button type="submit" className="button primary" data-testid="login-submit" disabled={!token.trim()}>
        Sign in
      </button>
    </form>
  );
}

/** Whether this tab already holds a token (so a 401 means it was refused, not missing). */
export function hasStoredToken(): boolean {
  try {
    return Boolean(window.sessionStorage.getItem(TOKEN_KEY));
  } catch {
    return false;
  }
}
