/**
 * Remembers the last team server across restarts in one small JSON file in the user's data
 * folder. The address is kept in plain text (it is not a secret); the token only when the OS
 * offers real encryption (Electron's safeStorage with a keychain, DPAPI or a Linux secret
 * service), never in plain text. Electron-free: the cipher is injected.
 */
import fs from 'node:fs';
import path from 'node:path';
import { normalizeServerUrl } from '../core/server-url.ts';
import type { ConnectionStore, SavedConnection } from './connection.ts';

export interface TokenCipher {
  encrypt(text: string): Buffer;
  decrypt(data: Buffer): string;
}

export function fileConnectionStore(file: string, cipher: TokenCipher | null): ConnectionStore {
  return {
    load() {
      let raw: unknown;
      try {
        raw = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch {
        return null; // missing or damaged: start local, as on a first run
      }
      const { url, token } = (raw ?? {}) as { url?: unknown; token?: unknown };
      const checked = typeof url === 'string' ? normalizeServerUrl(url) : null;
      if (!checked || 'error' in checked) return null;
      let plain: string | null = null;
      if (cipher && typeof token === 'string') {
        try {
          plain = cipher.decrypt(Buffer.from(token, 'base64'));
        } catch {
          plain = null; // encrypted by another OS user or keyring: ask for the token again
        }
      }
      return { url: checked.url, token: plain };
    },
    save(saved: SavedConnection | null) {
      if (!saved) {
        fs.rmSync(file, { force: true });
        return;
      }
      const token = cipher && saved.token ? cipher.encrypt(saved.token).toString('base64') : undefined;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, JSON.stringify({ url: saved.url, ...(token ? { token } : {}) }), { mode: 0o600 });
      fs.renameSync(temp, file);
    },
  };
}
