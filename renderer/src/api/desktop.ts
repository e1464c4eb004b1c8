import { DESKTOP_PROCEDURES, type DesktopConnection, type RemoteConnection } from '../../../core/bridge.ts';
import { AppError } from '../../../core/errors.ts';

/**
 * The desktop shell's own procedures: which backend the window uses, and the switch. Electron
 * main makes the team server's calls and keeps its token; this page only ever talks to the
 * preload bridge, so its CSP (`connect-src 'self'`) stays as strict as in the browser.
 */
async function invoke<T>(procedure: string, input: unknown): Promise<T> {
  const bridge = typeof window === 'undefined' ? undefined : window.coldstart;
  if (!bridge) throw new AppError('not_found', 'Only the desktop app can connect to a team server.');
  let result;
  try {
    result = await bridge.invoke(procedure, input);
  } catch (error) {
    throw new AppError('unavailable', `The desktop backend did not answer: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (result.ok) return result.value as T;
  throw AppError.fromPayload(result.error);
}

export const desktop = {
  connection: () => invoke<DesktopConnection>(DESKTOP_PROCEDURES.connection, {}),
  /** Throws AppError; `details.field` ('url' | 'token') names what to fix. */
  connect: (url: string, token: string) => invoke<RemoteConnection>(DESKTOP_PROCEDURES.connect, { url, token }),
  disconnect: () => invoke<DesktopConnection>(DESKTOP_PROCEDURES.disconnect, {}),
};

/** Which field a failed connect points at; the address unless the server blamed the token. */
export function fieldOf(error: unknown): 'url' | 'token' {
  const details = (error as { details?: { field?: unknown } } | null)?.details;
  return details?.field === 'token' ? 'token' : 'url';
}
