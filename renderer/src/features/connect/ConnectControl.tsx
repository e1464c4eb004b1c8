import { useEffect, useState } from 'react';
import type { DesktopConnection } from '../../../../core/bridge.ts';
import { isDesktop } from '../../api/index.ts';
import { desktop } from '../../api/desktop.ts';
import { ConnectDialog } from './ConnectDialog.tsx';
import './connect.css';

/**
 * Bottom of the navigation, desktop only: which backend this window uses, and the switch.
 * A browser tab is already served by its server (the sign-in form covers tokens there).
 */
export function ConnectControl() {
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<DesktopConnection | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shown = isDesktop();

  useEffect(() => {
    if (!shown) return;
    desktop.connection().then(setState, (e: unknown) => setError((e as Error).message));
  }, [shown]);

  if (!shown) return null;
  const remote = state?.remote ?? null;

  async function disconnect(): Promise<void> {
    try {
      await desktop.disconnect();
      // Every screen and subscription starts over against the local workspace.
      window.location.reload();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <div className="connect-control" data-testid="connect-control">
      {remote ? (
        <>
          <span className="muted small">Team server{remote.actor ? ` · ${remote.actor.name} (${remote.actor.role})` : ''}</span>
          <span className="connect-server" title={remote.url} data-testid="connected-server">
            {remote.url.replace(/^https?:\/\//, '')}
          </span>
          <button type="button" className="link-button" onClick={disconnect} data-testid="disconnect">
            Use local workspace
          </button>
        </>
      ) : (
        <>
          <span className="muted small">Local workspace</span>
          <button type="button" className="link-button" onClick={() => setOpen(true)} disabled={!state} data-testid="connect-open">
            Connect to team server…
          </button>
        </>
      )}
      {error ? <small className="field-error" role="alert">{error}</small> : null}
      {open ? <ConnectDialog initialUrl={state?.lastUrl ?? ''} onClose={() => setOpen(false)} /> : null}
    </div>
  );
}
