/** Decisions `npm start` makes before it launches anything; pure enough to test on their own. */
import fs from 'node:fs';
import path from 'node:path';

/** Newest modification time under `entries` (files or folders), skipping unit tests, which never reach the bundle. */
export function newestSourceMtime(entries: string[]): number {
  let newest = 0;
  const visit = (file: string) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(file)) if (name !== 'node_modules' && !name.startsWith('.')) visit(path.join(file, name));
    } else if (!/\.test\.tsx?$/.test(file)) newest = Math.max(newest, stat.mtimeMs);
  };
  entries.forEach(visit);
  return newest;
}

/** The UI needs (re)building when its index.html is missing or older than any source it is built from. */
export function needsRendererBuild(distDir: string, sources: string[]): boolean {
  const index = path.join(distDir, 'index.html');
  if (!fs.existsSync(index)) return true;
  return newestSourceMtime(sources) > fs.statSync(index).mtimeMs;
}

/** Why an installed Electron still cannot open a window here; null when nothing stands in the way. */
export function desktopBlocker(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | null {
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'no graphical display: DISPLAY and WAYLAND_DISPLAY are unset';
  return null;
}

/**
 * The short reason inside the output of a failed `require('electron')`: its own message
 * ("Electron failed to install correctly…") says nothing; the download error before it does.
 */
export function electronResolveFailure(stderr: string): string {
  const errors = stderr
    .split('\n')
    .map((line) => /^\s*(?:[A-Z]\w*)?Error: (.+)$/.exec(line)?.[1]?.trim())
    .filter((m): m is string => Boolean(m));
  const download = errors.find((m) => !m.startsWith('Electron failed to install'));
  if (download) return `the Electron binary could not be downloaded (${download})`;
  return errors[0] ? `the Electron binary is missing (${errors[0]})` : 'the Electron binary is missing';
}

/** PORT as given, or the default; a malformed value is a usage error rather than a silent default. */
export function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a number from 0 to 65535, got "${value}".`);
  return port;
}
