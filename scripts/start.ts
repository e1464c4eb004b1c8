/**
 * `npm start`: the app on a demo workspace. Builds the UI when its sources changed, fills the
 * workspace with the demo data on first use, then opens the desktop app, or, where Electron
 * cannot run (no binary, no display, no Electron-ABI SQLite), says why in one line and serves
 * the same UI to the browser on 127.0.0.1.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Backend } from '../backend/backend.ts';
import { createAuthenticator } from '../backend/auth.ts';
import { serve, type RunningServer } from '../backend/http.ts';
import { LOCAL_ACTOR } from '../backend/router.ts';
import { findElectronSqliteBinding, installedElectronBinary, installedElectronTarget } from '../electron/native.ts';
import { DEMO_DIR, loadDemo, RENDERER_DIST, REPO_ROOT } from './cli/workspace.ts';
import { buildElectronSqlite } from './build-electron-sqlite.ts';
import { desktopBlocker, electronResolveFailure, needsRendererBuild, parsePort } from './start/checks.ts';

const DEFAULT_PORT = 7420;
const DEFAULT_WORKSPACE = path.join(REPO_ROOT, '.workspaces', 'demo');
const RENDERER_SOURCES = ['renderer', 'core', 'vite.config.ts'].map((p) => path.join(REPO_ROOT, p));
/** An Electron that dies this soon after launch never showed a window: fall back to the browser. */
const EARLY_EXIT_MS = 5_000;

async function main(): Promise<void> {
  let port: number;
  try {
    port = parsePort(process.env.PORT, DEFAULT_PORT);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  buildRendererIfStale();
  const workspaceDir = path.resolve(process.env.COLDSTART_WORKSPACE || DEFAULT_WORKSPACE);
  await prepareWorkspace(workspaceDir);

  const desktop = await findDesktop();
  if ('binary' in desktop) {
    const early = await launchElectron(desktop.binary, workspaceDir);
    if (early === null) return;
    console.log(`Electron exited at start (${early}); serving the UI in your browser instead.`);
  } else {
    console.log(`Desktop app unavailable: ${desktop.reason}; serving the same UI in your browser instead.`);
  }
  await serveInBrowser(workspaceDir, port);
}

function buildRendererIfStale(): void {
  if (!needsRendererBuild(RENDERER_DIST, RENDERER_SOURCES)) return;
  const hadBuild = fs.existsSync(path.join(RENDERER_DIST, 'index.html'));
  process.stdout.write(hadBuild ? 'UI sources changed: rebuilding the UI… ' : 'Building the UI (first run)… ');
  const started = Date.now();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', '-s', 'build'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: 'pipe' });
  if (result.status === 0) {
    console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return;
  }
  console.log('failed.');
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
  console.error(output || result.error?.message || 'npm run build exited without output.');
  if (!hadBuild) {
    console.error('The UI could not be built; fix the error above and run `npm start` again.');
    process.exit(1);
  }
  console.error('Using the previous UI build.');
}

async function prepareWorkspace(dir: string): Promise<void> {
  const isNew = !fs.existsSync(dir);
  const backend = Backend.open(dir);
  try {
    const stats = (await backend.router.call('workspace.stats', {}, { actor: LOCAL_ACTOR })) as { prompts: number; samples: number };
    const empty = stats.prompts === 0 && stats.samples === 0;
    // The demo goes only into a workspace made for it: never into one a user keeps empty on purpose.
    if (empty && (isNew || dir === DEFAULT_WORKSPACE)) {
      if (!fs.existsSync(path.join(DEMO_DIR, 'prompts.jsonl'))) {
        console.log(`Workspace ${shown(dir)} is empty and the demo data (${shown(DEMO_DIR)}) is missing.`);
        return;
      }
      process.stdout.write(`Creating the demo workspace in ${shown(dir)}… `);
      const demo = await loadDemo(backend);
      console.log(`${demo.prompts} prompts, ${demo.samples} samples.`);
    } else {
      console.log(`Workspace ${shown(dir)}: ${stats.prompts} prompts, ${stats.samples} samples.`);
    }
  } finally {
    backend.close();
  }
}

/** The Electron binary and an Electron-ABI SQLite, or the one reason the desktop app cannot run. */
async function findDesktop(): Promise<{ binary: string } | { reason: string }> {
  if (process.env.COLDSTART_NO_ELECTRON) return { reason: 'COLDSTART_NO_ELECTRON is set' };
  let binary = installedElectronBinary(REPO_ROOT);
  if (!binary) {
    // First run: electron's package downloads its binary on the first require; do that in a
    // child so its output stays out of ours unless it worked.
    const resolved = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 10 * 60_000 });
    if (resolved.status !== 0) return { reason: electronResolveFailure(resolved.stderr ?? '') };
    binary = resolved.stdout.trim().split('\n').pop() ?? '';
    if (!binary || !fs.existsSync(binary)) return { reason: 'the Electron binary is missing after download' };
  }
  const blocker = desktopBlocker(process.env, process.platform);
  if (blocker) return { reason: blocker };
  const target = installedElectronTarget(REPO_ROOT);
  if (!target) return { reason: 'node_modules/electron is incomplete (no abi_version)' };
  if (!findElectronSqliteBinding(REPO_ROOT, target)) {
    console.log(`Building SQLite for Electron ${target.version} (first run, about a minute)…`);
    try {
      await buildElectronSqlite();
    } catch (error) {
      return { reason: `better-sqlite3 is not built for Electron: ${(error as Error).message.split('\n')[0]}` };
    }
  }
  return { binary };
}

/** Runs Electron until it quits (then exits with its code); resolves with a reason only if it died at start. */
function launchElectron(binary: string, workspaceDir: string): Promise<string | null> {
  console.log(`Opening the desktop app on ${shown(workspaceDir)}…`);
  const env: NodeJS.ProcessEnv = { ...process.env, COLDSTART_WORKSPACE: workspaceDir };
  delete env.ELECTRON_RUN_AS_NODE;
  const started = Date.now();
  const child = spawn(binary, [path.join(REPO_ROOT, 'electron', 'entry.mjs')], { cwd: REPO_ROOT, env, stdio: 'inherit' });
  // Ctrl-C reaches Electron through the terminal's process group; we only wait for it to go.
  process.on('SIGINT', () => {});
  return new Promise((resolve) => {
    child.once('error', (error) => resolve(error.message));
    child.once('exit', (code, signal) => {
      if (code !== 0 && signal === null && Date.now() - started < EARLY_EXIT_MS) return resolve(`exit code ${code}`);
      process.exit(code ?? 0);
    });
  });
}

async function serveInBrowser(workspaceDir: string, port: number): Promise<void> {
  const backend = Backend.open(workspaceDir);
  void backend.flagger.schedule();
  // A workspace with annotators asks for their tokens even on loopback.
  const authenticate = createAuthenticator(backend.workspace, { allowLocal: true });
  let running: RunningServer;
  try {
    running = await serve(backend, { host: '127.0.0.1', port, staticDir: RENDERER_DIST, authenticate });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    running = await serve(backend, { host: '127.0.0.1', port: 0, staticDir: RENDERER_DIST, authenticate });
    console.log(`Port ${port} is in use; using ${new URL(running.url).port} instead.`);
  }
  console.log(`Coldstart is running at ${running.url}/  (workspace: ${shown(workspaceDir)})`);
  console.log('Open that address in your browser. Press Ctrl-C to stop.');
  const stop = () => {
    void running.close().finally(() => {
      backend.close();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function shown(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative && !relative.startsWith('..') ? relative : dir;
}

main().catch((error: unknown) => {
  console.error(`npm start failed: ${(error as Error).message ?? String(error)}`);
  process.exit(1);
});
