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

function safeSessionStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage disabled (privacy settings, sandboxed frame)
  }
}

/** Electron's preload bridge when present, else the HTTP server this page came from. */
export function createApi(): ApiClient {
  if (typeof window !== 'undefined' && window.coldstart) return new ApiClient(bridgeTransport(window.coldstart));
  return new ApiClient(httpTransport({ storage: typeof window !== 'undefined' ? safeSessionStorage() : null }));
}

/** Keeps a team-server bearer token for this tab only. */
export function setToken(token: string | null): void {
  const storage = safeSessionStorage();
  if (!storage) return;
  if (token) storage.setItem(TOKEN_KEY, token);
  else storage.removeItem(TOKEN_KEY);
}

export const api = createApi();
