/**
 * Where the Electron-ABI copy of better-sqlite3 lives. The copy in node_modules stays built for
 * plain Node (tests, CLI, server); Electron loads this second build through better-sqlite3's
 * `nativeBinding` option. The folder name carries the ABI, so an Electron upgrade that changes
 * it cannot pick up a stale build.
 */
import fs from 'node:fs';
import path from 'node:path';

export const SQLITE_BINDING_FILE = 'better_sqlite3.node';

export interface RuntimeTarget {
  /** NODE_MODULE_VERSION of the runtime (process.versions.modules; node_modules/electron/abi_version). */
  abi: string;
  platform: string;
  arch: string;
}

export function electronSqliteDir(repoRoot: string, target: RuntimeTarget): string {
  return path.join(repoRoot, 'dist', 'electron-sqlite', `abi${target.abi}-${target.platform}-${target.arch}`);
}

export function electronSqliteBinding(repoRoot: string, target: RuntimeTarget): string {
  return path.join(electronSqliteDir(repoRoot, target), SQLITE_BINDING_FILE);
}

/** The binding for this runtime if it has been built, else null. */
export function findElectronSqliteBinding(repoRoot: string, target: RuntimeTarget): string | null {
  const file = electronSqliteBinding(repoRoot, target);
  return fs.existsSync(file) ? file : null;
}

/** The target Electron's installed package will run as, read without loading Electron. */
export function installedElectronTarget(repoRoot: string, platform: string = process.platform, arch: string = process.arch): (RuntimeTarget & { version: string }) | null {
  const dir = path.join(repoRoot, 'node_modules', 'electron');
  try {
    const abi = fs.readFileSync(path.join(dir, 'abi_version'), 'utf8').trim();
    const { version } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string };
    if (!/^\d+$/.test(abi)) return null;
    return { abi, platform, arch, version };
  } catch {
    return null;
  }
}

/**
 * The Electron executable if its binary has been downloaded, without triggering the download
 * that `require('electron')` starts (which would block and print its own errors).
 */
export function installedElectronBinary(repoRoot: string): string | null {
  const dir = path.join(repoRoot, 'node_modules', 'electron');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  try {
    const relative = fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    const file = override ? path.join(override, relative) : path.join(dir, 'dist', relative);
    return fs.existsSync(file) ? file : null;
  } catch {
    return null;
  }
}
