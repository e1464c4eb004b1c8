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
