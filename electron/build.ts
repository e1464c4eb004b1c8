/**
 * Builds what Electron cannot take as TypeScript: the sandboxed preload must be a single
 * CommonJS script. (main.ts needs no build: electron/entry.mjs registers tsx, as bin/ does.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PRELOAD_SOURCE = path.join(REPO_ROOT, 'electron', 'preload.ts');
export const PRELOAD_OUTPUT = path.join(REPO_ROOT, 'dist', 'electron', 'preload.cjs');
const PRELOAD_INPUTS = [PRELOAD_SOURCE, path.join(REPO_ROOT, 'core', 'bridge.ts')];

/** Bundles the preload to `outFile` when it is missing or older than its sources; returns its path. */
export function ensurePreload(outFile: string = PRELOAD_OUTPUT): string {
  const builtAt = fs.existsSync(outFile) ? fs.statSync(outFile).mtimeMs : 0;
  if (PRELOAD_INPUTS.some((file) => fs.statSync(file).mtimeMs > builtAt)) buildPreload(outFile);
  return outFile;
}

export function buildPreload(outFile: string): void {
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  buildSync({
    entryPoints: [PRELOAD_SOURCE],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'es2022',
    // The sandbox provides 'electron'; everything else must be inlined or the preload fails to load.
    external: ['electron'],
    logLevel: 'silent',
  });
}
