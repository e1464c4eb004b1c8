import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { desktopBlocker, electronResolveFailure, needsRendererBuild, parsePort } from './checks.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-start-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function touch(file: string, secondsAgo: number) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, 'x');
  const t = new Date(Date.now() - secondsAgo * 1000);
  fs.utimesSync(file, t, t);
}

describe('needsRendererBuild', () => {
  it('builds when there is no build, and again after a source changes', () => {
    const dist = path.join(dir, 'dist');
    const src = path.join(dir, 'renderer');
    touch(path.join(src, 'src', 'App.tsx'), 100);
    expect(needsRendererBuild(dist, [src])).toBe(true);
    touch(path.join(dist, 'index.html'), 50);
    expect(needsRendererBuild(dist, [src])).toBe(false);
    touch(path.join(src, 'src', 'deep', 'Table.tsx'), 10);
    expect(needsRendererBuild(dist, [src])).toBe(true);
  });
  it('ignores unit tests and missing source folders', () => {
    const dist = path.join(dir, 'dist');
    touch(path.join(dist, 'index.html'), 50);
    touch(path.join(dir, 'core', 'x.test.ts'), 1);
    expect(needsRendererBuild(dist, [path.join(dir, 'core'), path.join(dir, 'nope')])).toBe(false);
  });
});

describe('desktopBlocker', () => {
  it('needs a display on Linux but not elsewhere', () => {
    expect(desktopBlocker({}, 'linux')).toMatch(/DISPLAY/);
    expect(desktopBlocker({ DISPLAY: ':0' }, 'linux')).toBeNull();
    expect(desktopBlocker({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBeNull();
    expect(desktopBlocker({}, 'darwin')).toBeNull();
  });
});

describe('electronResolveFailure', () => {
  it('names the download error rather than electron’s generic one', () => {
    const stderr = [
      'TypeError: fetch failed',
      '    at node:internal/deps/undici/undici:14976:13',
      '/work/main/node_modules/electron/index.js:43',
      'Error: Electron failed to install correctly. Please delete `node_modules/electron` and run "npx install-electron --no" manually.',
    ].join('\n');
    expect(electronResolveFailure(stderr)).toBe('the Electron binary could not be downloaded (fetch failed)');
  });
  it('falls back to electron’s message, or a plain one', () => {
    expect(electronResolveFailure('Error: Electron failed to install correctly.')).toBe('the Electron binary is missing (Electron failed to install correctly.)');
    expect(electronResolveFailure('')).toBe('the Electron binary is missing');
  });
});

describe('parsePort', () => {
  it('takes PORT, defaults when unset, and refuses nonsense', () => {
    expect(parsePort(undefined, 7420)).toBe(7420);
    expect(parsePort('', 7420)).toBe(7420);
    expect(parsePort('8080', 7420)).toBe(8080);
    expect(parsePort('0', 7420)).toBe(0);
    expect(() => parsePort('http', 7420)).toThrow(/PORT/);
    expect(() => parsePort('70000', 7420)).toThrow(/PORT/);
  });
});
