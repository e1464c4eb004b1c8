import type { ColdstartBridge } from '../../../core/bridge.ts';
import { bridgeTransport } from './bridge-transport.ts';
import { ApiClient } from './client.ts';
import { httpTransport, TOKEN_KEY } from './http-transport.ts';

export { ApiClient } from './client.ts';
export { AppError, isAppError } from '../../../core/errors.ts';

declare global {
  interface Window {
    coldstart?: ColdstartBridge;
  }
}

function safeStorage(kind: 'sessionStorage' | 'localStorage'): Storage | null {
  try {
    return window[kind];
  } catch {
    return null; // storage disabled (privacy settings, sandboxed frame)
  }
}

export interface CreateApiOptions {
  /** A team server's origin (and path prefix): talk HTTP to it instead of the default backend. */
  baseUrl?: string;
  /** Bearer token for `baseUrl`; omitted: the one this tab stored (sessionStorage). */
  token?: string;
  fetch?: typeof fetch;
  EventSource?: typeof EventSource;
}

/**
 * With `baseUrl`: HTTP to that server. Otherwise the Electron preload bridge when present (a
 * desktop window connected to a team server still uses it: main forwards the calls, see
 * desktop.ts), else the HTTP server this page came from.
 */
export function createApi(options: CreateApiOptions = {}): ApiClient {
  const hasWindow = typeof window !== 'undefined';
  const session = hasWindow ? safeStorage('sessionStorage') : null;
  if (options.baseUrl !== undefined) {
    const token = options.token;
    const storage = token !== undefined ? { getItem: (key: string) => (key === TOKEN_KEY ? token : null) } : session;
    return new ApiClient(httpTransport({ baseUrl: options.baseUrl, storage, fetch: options.fetch, EventSource: options.EventSource }));
  }
  if (hasWindow && window.coldstart) return new ApiClient(bridgeTransport(window.coldstart));
  return new ApiClient(httpTransport({ storage: session }));
}

/** Keeps a team-server bearer token for this tab only. */
export function setToken(token: string | null): void {
  const storage = safeStorage('sessionStorage');
  if (!storage) return;
  if (token) storage.setItem(TOKEN_KEY, token);
  else storage.removeItem(TOKEN_KEY);
}

/** Whether this page runs in the desktop shell (which can switch to a team server). */
export function isDesktop(): boolean {
  return typeof window !== 'undefined' && Boolean(window.coldstart);
}

export const api = createApi();
