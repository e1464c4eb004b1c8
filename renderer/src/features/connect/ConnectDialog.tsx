import { useState, type FormEvent } from 'react';
import { setToken } from '../../api/index.ts';
import { saveRemote } from '../../api/remote.ts';
import { probeServer, type ProbeResult } from './probe.ts';

/**
 * Desktop only: switch from the local workspace to a team server. The address and token are
 * checked first (health, then workspace.info); on success the URL is remembered, the token
 * kept for this window only, and the page reloads so every screen and the event stream start
 * over against the server.
 */
export function ConnectDialog({ onClose }: { onClose(): void }) {
  const [url, setUrl] = useState('');
  const [token, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ProbeResult | null>(null);
  const failed = result && !result.ok ? result : null;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    const probed = await probeServer(url, token);
    setResult(probed);
    setBusy(false);
    if (probed.ok && !probed.warning) connect(probed.url);
  }

  function connect(serverUrl: string): void {
    setToken(token.trim());
    saveRemote(window.localStorage, serverUrl);
    window.location.reload();
  }

  return (
    <div className="modal-backdrop" role="presentation" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="modal connect-dialog" role="dialog" aria-modal="true" aria-label="Connect to a team server" data-testid="connect-dialog">
        <form onSubmit={submit}>
          <h2>Connect to a team server</h2>
          <p className="muted">
            Work on a shared workspace served by <code>coldstart serve</code> instead of this computer’s. Your token is kept for this window only; the address is remembered.
          </p>
          <label className="connect-field">
            <span>Server address</span>
            <input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://coldstart.example.org:7420" spellCheck={false} aria-invalid={failed?.field === 'url'} data-testid="connect-url" autoFocus />
          </label>
          {failed?.field === 'url' ? <small className="field-error" role="alert" data-testid="connect-url-error">{failed.message}</small> : null}
          <label className="connect-field">
            <span>Token</span>
            <input type="password" value={token} onChange={(e) => setValue(e.target.value)} autoComplete="off" spellCheck={false} aria-invalid={failed?.field === 'token'} data-testid="connect-token" />
          </label>
          {failed?.field === 'token' ? <small className="field-error" role="alert" data-testid="connect-token-error">{failed.message}</small> : null}
          {result?.ok && result.warning ? (
            <div className="banner error" role="alert" data-testid="connect-warning">
              {result.warning}
              <p>
                Workspace “{result.info.name}” answered{result.me ? ` (you are ${result.me.name}, ${result.me.role})` : ''}.
              </p>
            </div>
          ) : null}
          <div className="modal-actions">
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            {result?.ok && result.warning ? (
              <button type="button" className="button primary" onClick={() => connect(result.url)} data-testid="connect-anyway">
                Connect anyway
              </button>
            ) : (
              <button type="submit" className="button primary" disabled={busy || !url.trim() || !token.trim()} data-testid="connect-submit">
                {busy ? 'Checking…' : 'Connect'}
              </button>
            )}
          </div>
        </form>
      </div>
    </div>
  );
}
