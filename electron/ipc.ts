/**
 * The IPC transport: what main does with `invoke` from the preload. Electron-free (it takes
 * the event as a structural type), so it is tested against a real backend in plain Node.
 */
import { DESKTOP_PROCEDURES, UPLOAD_PROCEDURE, type BridgeResult } from '../core/bridge.ts';
import type { EventMessage } from '../core/contract.ts';
import { AppError, toAppError } from '../core/errors.ts';
import type { Backend } from '../backend/backend.ts';
import { LOCAL_ACTOR } from '../backend/router.ts';
import type { BackendSwitch } from './connection.ts';
import { isAllowedSender } from './security.ts';

/** The parts of Electron's WebFrameMain the sender check reads. */
export interface FrameLike {
  url: string;
  processId: number;
  routingId: number;
  parent: FrameLike | null;
}

/** The parts of Electron's IpcMainInvokeEvent the sender check reads. */
export interface InvokeEventLike {
  sender: unknown;
  senderFrame: FrameLike | null;
}

/** The window whose UI may call the backend: its webContents and that webContents' main frame. */
export interface TrustedTarget {
  webContents: unknown;
  mainFrame: FrameLike;
}

/**
 * A call is trusted only when it comes from our window's webContents, from its top frame (not
 * an iframe, which could hold anything) and while that frame shows our own origin. The frame
 * may be null when it navigated away or was destroyed mid-call: refused as well.
 */
export function isTrustedInvoke(event: InvokeEventLike, target: TrustedTarget | null): boolean {
  const frame = event.senderFrame;
  if (!target || !frame) return false;
  if (event.sender !== target.webContents) return false;
  if (frame.parent !== null) return false;
  if (frame.processId !== target.mainFrame.processId || frame.routingId !== target.mainFrame.routingId) return false;
  return isAllowedSender(frame.url);
}

/** IPC carries one message in memory; beyond this a user should import with the CLI, which streams. */
export const MAX_IPC_UPLOAD_BYTES = 1024 * 1024 * 1024;

export interface InvokeDeps {
  backend: Pick<Backend, 'router' | 'uploads'>;
  isTrusted: (event: InvokeEventLike) => boolean;
  /** Local workspace or team server (connection.ts); omitted: always the local backend. */
  connection?: Pick<BackendSwitch, 'remote' | 'connect' | 'disconnect' | 'state'>;
}

export type InvokeHandler = (event: InvokeEventLike, procedure: unknown, input: unknown) => Promise<BridgeResult>;

/** Errors cross as `{ok: false, error: {code, message, details}}` because IPC drops custom error classes. */
export function createInvokeHandler(deps: InvokeDeps): InvokeHandler {
  return async (event, procedure, input) => {
    try {
      if (!deps.isTrusted(event)) throw new AppError('forbidden', 'Only the Coldstart window may call the backend.');
      if (typeof procedure !== 'string') throw new AppError('bad_request', 'The procedure name must be a string.');
      if (procedure.startsWith('desktop.')) return { ok: true, value: await desktopCall(deps.connection, procedure, input) };
      // Connected: the server answers everything, uploads included, as the token's annotator.
      const remote = deps.connection?.remote;
      if (remote) return await remote.call(procedure, input);
      if (procedure === UPLOAD_PROCEDURE) return { ok: true, value: saveUpload(deps.backend.uploads, input) };
      const value = await deps.backend.router.call(procedure, input, { actor: LOCAL_ACTOR });
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error: toAppError(error).toPayload() };
    }
  };
}

/** The reserved `desktop.*` procedures, answered by main itself and never sent to a server. */
async function desktopCall(connection: InvokeDeps['connection'], procedure: string, input: unknown): Promise<unknown> {
  if (connection) {
    if (procedure === DESKTOP_PROCEDURES.connect) return connection.connect(input);
    if (procedure === DESKTOP_PROCEDURES.disconnect) return connection.disconnect();
    if (procedure === DESKTOP_PROCEDURES.connection) return connection.state();
  }
  throw new AppError('not_found', `Unknown procedure "${procedure}".`);
}

function saveUpload(uploads: Backend['uploads'], input: unknown): { uploadId: string; bytes: number } {
  const { fileName, bytes } = (input ?? {}) as { fileName?: unknown; bytes?: unknown };
  if (typeof fileName !== 'string' || fileName.length === 0) throw new AppError('invalid_input', `${UPLOAD_PROCEDURE}: fileName must be a non-empty string.`);
  const data = bytes instanceof Uint8Array ? bytes : bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : null;
  if (!data) throw new AppError('invalid_input', `${UPLOAD_PROCEDURE}: bytes must be a Uint8Array with the file's content.`);
  if (data.byteLength > MAX_IPC_UPLOAD_BYTES) {
    throw new AppError('payload_too_large', `${fileName} is larger than ${MAX_IPC_UPLOAD_BYTES / 1024 / 1024} MiB; import it with \`coldstart import\`, which streams.`);
  }
  return uploads.saveBytes(data);
}

/** Forwards backend events to one window for as long as it lives; returns the unsubscribe. */
export function forwardEvents(events: Pick<Backend['events'], 'subscribe'>, send: (message: EventMessage) => void, isAlive: () => boolean): () => void {
  const unsubscribe = events.subscribe((message) => {
    if (isAlive()) send(message);
    else unsubscribe();
  });
  return unsubscribe;
}
