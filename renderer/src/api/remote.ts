import { normalizeServerUrl } from '../../../core/server-url.ts';

export { normalizeServerUrl, type ServerUrl } from '../../../core/server-url.ts';

/**
 * A remembered server address in browser storage. The desktop app no longer uses this (Electron
 * main holds the connection, see docs/desktop.md); kept for pages that remember an address.
 */
export const REMOTE_KEY = 'coldstart.server';

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function storedRemote(storage: Pick<Storage, 'getItem'> | null): string | null {
  const value = storage?.getItem(REMOTE_KEY) ?? null;
  if (!value) return null;
  const checked = normalizeServerUrl(value);
  return 'url' in checked ? checked.url : null;
}

export function saveRemote(storage: KeyValueStore | null, url: string | null): void {
  if (!storage) return;
  if (url) storage.setItem(REMOTE_KEY, url);
  else storage.removeItem(REMOTE_KEY);
}
