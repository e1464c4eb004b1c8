import { useState, type FormEvent } from 'react';
import { normalizeServerUrl } from '../../../../core/server-url.ts';
import { desktop, fieldOf } from '../../api/desktop.ts';

type Failure = { field: 'url' | 'token'; message: string };

/**
 * Desktop only: switch from the local workspace to a team server. The address is checked
 * here first, so a plain-http warning comes before the token is sent anywhere; then Electron
 * main probes the server (health, workspace.info) and, on success, makes every later call with
 * the token, which it keeps. The page reloads so every screen starts over against the server.
 */
export function ConnectDialog({ initialUrl = '', onClose }: { initialUrl?: string; onClose(): void }) {
  const [url, setUrl] = useState(initialUrl);
  const [token, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<Failure | null>(null);
  /** Plain http off this machine: shown before the token is sent anywhere. */
  const [warning, setWarning] = useState<string | null>(null);

  async function submit(event?: FormEvent): Promise<void> {
    event?.preventDefault();
    const checked = normalizeServerUrl(url);
    if ('error' in checked) return setFailed({ field: 'url', message: checked.error });
    if (!token.trim()) return setFailed({ field: 'token', message: 'Paste your token (from `coldstart annotator add`).' });
    setFailed(null);
    if (checked.warning) return setWarning(checked.warning);
    await connect(checked.url);
  }

  async function connect(serverUrl: string): Promise<void> {
    setWarning(null);
    setBusy(true);
    try {
      await desktop.connect(serverUrl, token);
      window.location.reload();
    } catch (error) {
      setFailed({ field: fieldOf(error), message: (error as Error).message });
      setBusy(false);
    }
  }

  function connectAnyway(): void {
    const checked = normalizeServerUrl(url);
    if ('url' in checked) void connect(checked.url);
  }

  return (
    <div className="modal-backdrop" role="presentation" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="modal connect-dialog" role="dialog" aria-modal="true" aria-label="Connect to a team server" data-testid="connect-dialog">
        <form onSubmit={submit}>
          <h2>Connect to a team server</h2>
          <p className="muted">
            Work on a shared workspace served by <code>coldstart serve</code> instead of this computer’s. The app keeps your token outside this page; the address is remembered.
          </p>
          <label className="connect-field">
            <span>Server address</span>
            <input value={url} onChange={(e) => (setUrl(e.target.value), setWarning(null))} placeholder="https://coldstart.example.org:7420" spellCheck={false} aria-invalid={failed?.field === 'url'} data-testid="connect-url" autoFocus />
          </label>
          {failed?.field === 'url' ? <small className="field-error" role="alert" data-testid="connect-url-error">{failed.message}</small> : null}
          <label className="connect-field">
            <span>Token</span>
            <input type="password" value={token} onChange={(e) => setValue(e.target.value)} autoComplete="off" spellCheck={false} aria-invalid={failed?.field === 'token'} data-testid="connect-token" />
          </label>
          {failed?.field === 'token' ? <small className="field-error" role="alert" data-testid="connect-token-error">{failed.message}</small> : null}
          {warning ? (
            <div className="banner error" role="alert" data-testid="connect-warning">
              {warning}
            </div>
          ) : null}
          <div className="modal-actions">
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            {warning ? (
              <button type="button" className="button primary" onClick={connectAnyway} data-testid="connect-anyway">
                Connect anyway
              </button>
            ) : (
              <button type="submit" className="button primary" disabled={busy || !url.trim() || !token.trim()} data-testid="connect-submit">
                {busy ? 'Connecting…' : 'Connect'}
              </button>
            )}
          </div>
        </form>
      </div>
    </div>
  );
}
