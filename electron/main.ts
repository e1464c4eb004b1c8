/**
 * The desktop shell: one window showing the built renderer on `coldstart://app/`, talking to
 * the same backend router as the HTTP server through two IPC channels. Every decision lives in
 * security.ts / ipc.ts (unit-tested); this file only wires them into Electron.
 * Started through electron/entry.mjs, which registers tsx first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session, type Session, type WebContents } from 'electron';
import { Backend } from '../backend/backend.ts';
import { IPC_CHANNELS } from '../core/bridge.ts';
import { ensurePreload } from './build.ts';
import { BackendSwitch } from './connection.ts';
import { fileConnectionStore, type TokenCipher } from './connection-store.ts';
import { createInvokeHandler, forwardEvents, isTrustedInvoke } from './ipc.ts';
import { findElectronSqliteBinding } from './native.ts';
import { connectRemote } from './remote.ts';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  DESKTOP_CSP,
  appWebPreferences,
  isAllowedNavigation,
  isAllowedRequest,
  isAppUrl,
  isClientRoute,
  isPermissionGranted,
  resolveAppPath,
  responseHeaders,
} from './security.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RENDERER_DIST = process.env.COLDSTART_RENDERER_DIST ?? path.join(REPO_ROOT, 'dist', 'renderer');
const WORKSPACE_DIR = path.resolve(process.env.COLDSTART_WORKSPACE ?? path.join(REPO_ROOT, '.workspaces', 'demo'));

// Both must happen before `ready`: scheme privileges cannot be granted later, and enableSandbox
// covers every renderer, including any a future feature creates without our preferences.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  // Two instances on one workspace would both write to it; the first one gets focus instead.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
  app.on('window-all-closed', () => app.quit());
  app.whenReady().then(start, (error: unknown) => fail('Coldstart could not start', error));
}

async function start(): Promise<void> {
  if (!fs.existsSync(path.join(RENDERER_DIST, 'index.html'))) {
    return fail('The UI is not built', new Error(`${RENDERER_DIST}/index.html is missing. Run \`npm run build\` (or \`npm start\`, which builds it).`));
  }
  const backend = openBackend();
  if (!backend) return;
  app.on('will-quit', () => backend.close());
  void backend.flagger.schedule();

  hardenSession(session.defaultSession);
  protocol.handle(APP_SCHEME, serveAppFile);

  // Local workspace or a team server; the token of the latter stays in this process.
  const connection = new BackendSwitch(
    backend.events,
    (url, token) => connectRemote(url, token, { onStreamEnd: (error) => console.warn(`Team server events stopped: ${error.message}`) }),
    fileConnectionStore(path.join(app.getPath('userData'), 'team-server.json'), tokenCipher()),
  );
  app.on('will-quit', () => connection.close());
  // Before the window loads, so the UI's first calls already go where the user left off.
  const restoreError = await connection.restore();
  if (restoreError) console.warn(`Working locally: the remembered team server did not answer (${restoreError.message}).`);

  const onInvoke = createInvokeHandler({
    backend,
    connection,
    isTrusted: (event) => isTrustedInvoke(event, mainWindow && !mainWindow.isDestroyed() ? { webContents: mainWindow.webContents, mainFrame: mainWindow.webContents.mainFrame } : null),
  });
  ipcMain.handle(IPC_CHANNELS.invoke, (event, procedure: unknown, input: unknown) => onInvoke(event, procedure, input));

  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    show: false,
    title: 'Coldstart',
    backgroundColor: '#ffffff',
    webPreferences: appWebPreferences(ensurePreload()),
  });
  mainWindow = window;
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    mainWindow = null;
  });
  const unsubscribe = forwardEvents(
    connection,
    (message) => {
      // Events go only to our own UI, never to whatever a frame might have been navigated to.
      if (isAppUrl(window.webContents.getURL())) window.webContents.send(IPC_CHANNELS.event, message);
    },
    () => !window.isDestroyed(),
  );
  window.on('closed', unsubscribe);
  await window.loadURL(APP_ENTRY_URL);
}

/**
 * safeStorage only where it is real encryption: on Linux without a secret service it falls
 * back to a fixed key ('basic_text'), and then the token is not kept across restarts at all.
 */
function tokenCipher(): TokenCipher | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  if (process.platform === 'linux' && ['basic_text', 'unknown'].includes(safeStorage.getSelectedStorageBackend())) return null;
  return { encrypt: (text) => safeStorage.encryptString(text), decrypt: (data) => safeStorage.decryptString(data) };
}

function openBackend(): Backend | null {
  const binding = findElectronSqliteBinding(REPO_ROOT, { abi: process.versions.modules, platform: process.platform, arch: process.arch });
  try {
    return Backend.open(WORKSPACE_DIR, binding ? { open: { nativeBinding: binding } } : {});
  } catch (error) {
    const message = (error as Error).message;
    if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(message)) {
      fail('SQLite is not built for Electron', new Error(`better-sqlite3 in node_modules is built for Node, not for Electron (ABI ${process.versions.modules}). Run \`npm run build:electron-sqlite\` once (it needs network access for Electron's headers).`));
    } else {
      fail(`Cannot open the workspace ${WORKSPACE_DIR}`, error);
    }
    return null;
  }
}

async function serveAppFile(request: Request): Promise<Response> {
  let file = resolveAppPath(request.url, RENDERER_DIST);
  if (!file) return new Response('Not found', { status: 404 });
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    if (!isClientRoute(file)) return new Response('Not found', { status: 404 });
    file = path.join(RENDERER_DIST, 'index.html');
  }
  const body = await fs.promises.readFile(file);
  return new Response(body, { status: 200, headers: responseHeaders(file) });
}

function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, permission, callback) => callback(isPermissionGranted(permission)));
  ses.setPermissionCheckHandler((_contents, permission) => isPermissionGranted(permission));
  // The UI needs no network: any http(s)/ws/file request from a renderer is a bug or an attack.
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url) }));
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [DESKTOP_CSP] } });
  });
}

/** Applied to every webContents, so no window or frame can leave our origin or open another window. */
function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // Links in model output must never reach the OS browser (no shell.openExternal anywhere): deny.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

function fail(title: string, error: unknown): void {
  const detail = error instanceof Error ? error.message : String(error);
  console.error(`${title}: ${detail}`);
  dialog.showErrorBox(title, detail);
  app.exit(1);
}
