/**
 * Every security decision of the desktop shell, as plain data and pure functions, so they are
 * unit-tested without launching Electron. main.ts only wires these into Electron's hooks.
 * Only types come from 'electron' here: importing its runtime outside Electron would try to
 * download the binary.
 */
import path from 'node:path';
import type { WebPreferences } from 'electron';
import { CSP as HTTP_CSP } from '../backend/http.ts';
import { contentTypeOf } from '../backend/mime.ts';

export const APP_SCHEME = 'coldstart';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Privileges of our scheme, registered before `ready`. `standard` gives it an origin (so
 * relative URLs, localStorage and `'self'` in the CSP work) and `secure` makes it a secure
 * context like https; it may not bypass the CSP. `corsEnabled` lets Chromium load Vite's
 * `<script type="module" crossorigin>` and module workers from it (they are fetched in CORS
 * mode); it grants no other origin anything, as our responses carry no CORS headers.
 */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: true,
  bypassCSP: false,
  allowServiceWorkers: false,
  stream: true,
  codeCache: true,
} as const;

/**
 * The same policy the browser build is served with, plus `form-action 'none'`: the UI never
 * submits forms to a URL, and a form in model output that somehow rendered must go nowhere.
 */
export const DESKTOP_CSP = `${HTTP_CSP}; form-action 'none'`;

export function appWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

/** True only for URLs of our own UI: the custom scheme and its one host. */
export function isAppUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}

/** The IPC handler answers only frames showing our UI; anything else (an iframe, a page navigated elsewhere) is refused. */
export function isAllowedSender(frameUrl: string | null | undefined): boolean {
  return isAppUrl(frameUrl);
}

/** `will-navigate`: the UI is a single page, so only moves inside our own origin are allowed. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

/** Renderer requests that may leave the process: our scheme and inline data only; the UI needs no network. */
export function isAllowedRequest(url: string): boolean {
  if (isAppUrl(url)) return true;
  const scheme = url.slice(0, url.indexOf(':') + 1).toLowerCase();
  return scheme === 'data:' || scheme === 'blob:' || scheme === 'devtools:';
}

/** Every permission a page can ask for (camera, notifications, clipboard-read, …) is refused. */
export function isPermissionGranted(_permission: string): boolean {
  return false;
}

/**
 * Maps a request on our scheme to a file inside `root`, or null when it would name anything
 * outside it. Decoding happens once, before the containment check, so `%2e%2e%2f` cannot climb
 * out; backslashes and NUL are refused outright because they mean different things per OS.
 */
export function resolveAppPath(url: string, root: string): string | null {
  if (!isAppUrl(url)) return null;
  const rawPath = new URL(url).pathname;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  if (decoded.split('/').some((segment) => segment === '..')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const base = path.resolve(root);
  const file = path.resolve(base, relative);
  if (file !== base && !file.startsWith(base + path.sep)) return null;
  return file;
}


/** Headers for a file served on our scheme; the CSP rides on every response, not only HTML. */
export function responseHeaders(file: string): Record<string, string> {
  return {
    'Content-Type': contentTypeOf(file),
    'Content-Security-Policy': DESKTOP_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    // Explicit, because the scheme is CORS-enabled: only our own origin may read these files.
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}

/** A path the UI router owns (no extension) falls back to index.html; a missing asset is a 404. */
export function isClientRoute(file: string): boolean {
  return path.extname(file) === '';
}
