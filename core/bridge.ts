/**
 * What Electron's preload exposes to the renderer as `window.coldstart`: exactly these two
 * functions. Results cross as plain data (`{ok, value}` or `{ok: false, error}`) because
 * Electron does not carry custom error classes through IPC.
 */
import type { ErrorPayload } from './errors.ts';
import type { EventMessage } from './contract.ts';

export type BridgeResult = { ok: true; value: unknown } | { ok: false; error: ErrorPayload };

export interface ColdstartBridge {
  invoke(procedure: string, input: unknown): Promise<BridgeResult>;
  subscribe(listener: (message: EventMessage) => void): () => void;
}

/**
 * Uploading a file for import goes through `invoke` too, under this reserved name, with
 * `{ fileName: string, bytes: Uint8Array }` as input and `{ uploadId }` as value; over HTTP
 * the same step is `POST /api/upload` with the raw file as the body.
 */
export const UPLOAD_PROCEDURE = 'uploads.put';

export const IPC_CHANNELS = { invoke: 'coldstart:invoke', event: 'coldstart:event' } as const;

/**
 * Desktop-only procedures that Electron main answers itself instead of the backend router:
 * switching the window between the local workspace and a team server. The renderer never
 * sees the token again after `connect`; main keeps it and makes every call.
 */
export const DESKTOP_PROCEDURES = {
  /** `{url, token}` → `RemoteConnection`; errors carry `details.field` ('url' | 'token'). */
  connect: 'desktop.connect',
  /** `{}` → `DesktopConnection`: back to the local workspace. */
  disconnect: 'desktop.disconnect',
  /** `{}` → `DesktopConnection`. */
  connection: 'desktop.connection',
} as const;

export interface RemoteConnection {
  /** Normalised origin + path prefix. */
  url: string;
  /** The server's workspace name and mode (workspace.info). */
  name: string;
  mode: string;
  /** Who the token belongs to (team.me); null for a server without team.me. */
  actor: { id: number | null; name: string; role: string } | null;
}

/** Where the desktop window's calls go: `remote` null means the local workspace. */
export interface DesktopConnection {
  remote: RemoteConnection | null;
  /** The last team server connected to (remembered across restarts), to prefill the dialog. */
  lastUrl: string | null;
}
