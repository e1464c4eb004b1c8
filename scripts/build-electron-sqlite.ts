/**
 * Builds a second better-sqlite3 for Electron's ABI into dist/electron-sqlite/abi<N>-<os>-<arch>/,
 * leaving node_modules/better-sqlite3 built for plain Node (tests, CLI, server). Electron's main
 * process loads the copy through better-sqlite3's `nativeBinding` option (electron/native.ts).
 *
 * It compiles from a copy of the installed package with node-gyp against Electron's headers,
 * which node-gyp downloads once (to ~/.cache/node-gyp/<version>): the first run needs network.
 *
 *   npm run build:electron-sqlite [-- --dist-url https://mirror/electron/headers]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SQLITE_BINDING_FILE, electronSqliteDir, installedElectronTarget } from '../electron/native.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_DIST_URL = 'https://electronjs.org/headers';

export class ElectronSqliteError extends Error {}

export interface BuildOptions {
  distUrl?: string;
  /** Where node-gyp keeps downloaded headers (its --devdir). */
  devDir?: string;
  /** Stream the compiler's output (the CLI does); start.ts keeps it quiet and shows it only on failure. */
  verbose?: boolean;
  log?: (line: string) => void;
}

/** Returns the path of the built `.node` file; throws ElectronSqliteError with a message a user can act on. */
export async function buildElectronSqlite(options: BuildOptions = {}): Promise<string> {
  const log = options.log ?? (() => {});
  const target = installedElectronTarget(REPO_ROOT);
  if (!target) throw new ElectronSqliteError('The electron package is not installed (node_modules/electron/abi_version is missing): run `npm ci` first.');
  const distUrl = options.distUrl ?? process.env.npm_config_disturl ?? DEFAULT_DIST_URL;
  const devDir = options.devDir ?? path.join(os.homedir(), '.cache', 'node-gyp');

  if (!fs.existsSync(path.join(devDir, target.version, 'include', 'node', 'node.h'))) {
    const headers = `${distUrl}/v${target.version}/node-v${target.version}-headers.tar.gz`;
    log(`Checking Electron ${target.version} headers at ${headers} …`);
    const reason = await unreachable(headers);
    if (reason) {
      throw new ElectronSqliteError(
        `Cannot download Electron ${target.version}'s headers (${reason}); building better-sqlite3 for Electron needs them once. ` +
          `Run this on a machine with network access, or pass --dist-url <mirror>. The plain-Node build in node_modules is unaffected.`,
      );
    }
  }

  const source = path.join(REPO_ROOT, 'node_modules', 'better-sqlite3');
  if (!fs.existsSync(path.join(source, 'binding.gyp'))) throw new ElectronSqliteError('node_modules/better-sqlite3 is missing: run `npm ci` first.');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'coldstart-electron-sqlite-'));
  try {
    // A copy, so node-gyp's build/ folder never replaces the Node-ABI binary the tests use.
    fs.cpSync(source, work, { recursive: true, filter: (file) => path.basename(file) !== 'build' && path.basename(file) !== 'node_modules' });
    log(`Compiling better-sqlite3 for Electron ${target.version} (ABI ${target.abi}); this takes about a minute …`);
    const args = [nodeGyp(), 'rebuild', '--release', `--runtime=electron`, `--target=${target.version}`, `--arch=${target.arch}`, `--dist-url=${distUrl}`, `--devdir=${devDir}`];
    const result = spawnSync(process.execPath, args, { cwd: work, encoding: 'utf8', stdio: options.verbose ? 'inherit' : 'pipe', env: { ...process.env, npm_config_runtime: 'electron' } });
    if (result.status !== 0) {
      const tail = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
      throw new ElectronSqliteError(`node-gyp failed to build better-sqlite3 for Electron ${target.version}${result.error ? ` (${result.error.message})` : ''}.${tail ? `\n${tail}` : ''}`);
    }
    const built = path.join(work, 'build', 'Release', SQLITE_BINDING_FILE);
    if (!fs.existsSync(built)) throw new ElectronSqliteError(`node-gyp finished but ${SQLITE_BINDING_FILE} is not in build/Release.`);
    const outDir = electronSqliteDir(REPO_ROOT, target);
    fs.mkdirSync(outDir, { recursive: true });
    fs.copyFileSync(built, path.join(outDir, SQLITE_BINDING_FILE));
    const { version: sqliteVersion } = JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf8')) as { version: string };
    fs.writeFileSync(path.join(outDir, 'build-info.json'), `${JSON.stringify({ electron: target.version, abi: target.abi, betterSqlite3: sqliteVersion, builtAt: new Date().toISOString() }, null, 2)}\n`);
    return path.join(outDir, SQLITE_BINDING_FILE);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** npm sets npm_config_node_gyp for scripts; otherwise use the node-gyp npm ships with. */
function nodeGyp(): string {
  const candidates = [process.env.npm_config_node_gyp, path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')];
  const found = candidates.find((c): c is string => Boolean(c && fs.existsSync(c)));
  if (!found) throw new ElectronSqliteError('node-gyp was not found (it ships with npm): install npm, or set npm_config_node_gyp to node-gyp.js.');
  return found;
}

/** null when the URL answers; otherwise a short reason. A quick probe beats node-gyp's long retry loop offline. */
async function unreachable(url: string): Promise<string | null> {
  try {
    const res = await fetch(url, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(10_000) });
    return res.ok ? null : `HTTP ${res.status}`;
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? (error as Error).message;
  }
}

function parseArgs(argv: string[]): BuildOptions {
  const options: BuildOptions = { verbose: true, log: (line) => console.log(line) };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--dist-url' && argv[i + 1]) options.distUrl = argv[++i]!;
    else if (arg.startsWith('--dist-url=')) options.distUrl = arg.slice('--dist-url='.length);
    else if (arg === '--help' || arg === '-h') {
      console.log('Usage: npm run build:electron-sqlite [-- --dist-url URL]\nBuilds better-sqlite3 for the installed Electron into dist/electron-sqlite/.');
      process.exit(0);
    } else {
      console.error(`Unknown option: ${arg}`);
      process.exit(2);
    }
  }
  return options;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildElectronSqlite(parseArgs(process.argv.slice(2))).then(
    (file) => console.log(`Built ${path.relative(REPO_ROOT, file)}; the desktop app loads it automatically.`),
    (error: unknown) => {
      console.error(error instanceof ElectronSqliteError ? error.message : `Failed: ${(error as Error).stack ?? String(error)}`);
      process.exit(1);
    },
  );
}
