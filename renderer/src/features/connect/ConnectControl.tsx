import { useState } from 'react';
import { connectedServer, isDesktop, setToken } from '../../api/index.ts';
import { saveRemote } from '../../api/remote.ts';
import { ConnectDialog } from './ConnectDialog.tsx';
import './connect.css';

/**
 * Bottom of the navigation, desktop only: which backend this window uses, and the switch.
 * A browser tab is already served by its server (the sign-in form covers tokens there).
 */
export function ConnectControl() {
  const [open, setOpen] = useState(false);
  if (!isDesktop()) return null;
  const server = connectedServer();

  function disconnect(): void {
    saveRemote(window.localStorage, null);
    setToken(null);
    window.location.reload();
  }

  return (
    <div className="connect-control" data-testid="connect-control">
      {server ? (
        <>
          <span className="muted small">Team server</span>
          <span className="connect-server" title={server} data-testid="connected-server">
            {server.replace(/^https?:\/\//, '')}
          </span>
          <button type="button" className="link-button" onClick={disconnect} data-testid="disconnect">
            Use local workspace
          </button>
        </>
      ) : (
        <>
          <span className="muted small">Local workspace</span>
          <button type="button" className="link-button" onClick={() => setOpen(true)} data-testid="connect-open">
            Connect to team server…
          </button>
        </>
      )}
      {open ? <ConnectDialog onClose={() => setOpen(false)} /> : null}
    </div>
  );
}
