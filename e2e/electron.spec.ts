/**
 * The desktop shell end to end: Electron's own main process, preload and custom protocol.
 * Runs only where an Electron binary exists; our build machines cannot download it, so there
 * the test is skipped with the reason (the security decisions are unit-tested in electron/).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { Backend } from '../backend/backend.ts';
import { LOCAL_ACTOR } from '../backend/router.ts';
import { findElectronSqliteBinding, installedElectronBinary, installedElectronTarget } from '../electron/native.ts';
import { loadDemo } from '../scripts/cli/workspace.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCREENSHOTS = path.join(ROOT, 'e2e', 'screenshots');

/** Why this machine cannot run the desktop app; null when it can. Never triggers Electron's download. */
function whyNoElectron(): string | null {
  if (!installedElectronBinary(ROOT)) {
    return 'no Electron binary in node_modules/electron/dist (it is downloaded on first use, which needs network: run `node -e "require(\'electron\')"` where that is available)';
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'no display: run the e2e suite under `xvfb-run`';
  const target = installedElectronTarget(ROOT);
  if (!target || !findElectronSqliteBinding(ROOT, target)) return 'better-sqlite3 is not built for Electron’s ABI: run `npm run build:electron-sqlite` first';
  return null;
}

/** The page's globals as the evaluated functions see them (the node tsconfig has no DOM types). */
type PageGlobals = {
  coldstart: { invoke(procedure: string, input: unknown): Promise<unknown> };
  require?: unknown;
  process?: unknown;
  open(url: string): unknown;
  location: { href: string };
  fetch(url: string): Promise<unknown>;
};

const skipReason = whyNoElectron();
// The list reporter shows a skipped test as a bare dash: say why once, where people look.
if (skipReason) console.log(`e2e/electron.spec.ts skipped: ${skipReason}`);

test.describe('desktop app (Electron)', () => {
  test.skip(skipReason !== null, `Electron cannot run here: ${skipReason}`);

  let root: string;
  let app: ElectronApplication;
  let page: Page;
  let expectedSamples: number;

  test.beforeEach(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'coldstart-electron-'));
    const workspace = path.join(root, 'demo-workspace');
    const backend = Backend.open(workspace);
    try {
      await loadDemo(backend);
      expectedSamples = ((await backend.router.call('workspace.stats', {}, { actor: LOCAL_ACTOR })) as { samples: number }).samples;
    } finally {
      backend.close();
    }
    app = await electron.launch({
      executablePath: installedElectronBinary(ROOT)!,
      args: [path.join(ROOT, 'electron', 'entry.mjs')],
      cwd: ROOT,
      env: { ...process.env, COLDSTART_WORKSPACE: workspace } as Record<string, string>,
    });
    page = await app.firstWindow();
    await page.locator('html[data-app-ready="true"]').waitFor();
  });

  test.afterEach(async () => {
    await app?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('opens the demo workspace on coldstart://app and lists its samples over IPC', async () => {
    expect(page.url()).toMatch(/^coldstart:\/\/app\//);
    await expect(page.getByTestId('stat-samples')).toHaveText(String(expectedSamples));
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'electron-samples.png') });
  });

  test('the page sees exactly invoke and subscribe, and no Node', async () => {
    const seen = await page.evaluate(async () => {
      const w = (globalThis as unknown as PageGlobals);
      return {
        keys: Object.keys(w.coldstart).sort(),
        require: typeof w.require,
        process: typeof w.process,
        health: await w.coldstart.invoke('health.get', {}),
        unknown: await w.coldstart.invoke('no.such', {}),
      };
    });
    expect(seen.keys).toEqual(['invoke', 'subscribe']);
    expect(seen.require).toBe('undefined');
    expect(seen.process).toBe('undefined');
    expect(seen.health).toMatchObject({ ok: true, value: { ok: true } });
    expect(seen.unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  test('refuses new windows, navigation away and the network', async () => {
    const opened = await page.evaluate(() => (globalThis as unknown as PageGlobals).open('https://example.com/') === null);
    expect(opened).toBe(true);
    expect(app.windows()).toHaveLength(1);

    const fetched = await page.evaluate(() => (globalThis as unknown as PageGlobals).fetch('https://example.com/').then(() => 'loaded', () => 'blocked'));
    expect(fetched).toBe('blocked');

    await page.evaluate(() => {
      (globalThis as unknown as PageGlobals).location.href = 'https://example.com/';
    });
    // A round trip through main lets a (wrongly) allowed navigation start before we look.
    await app.evaluate(() => undefined);
    expect(page.url()).toMatch(/^coldstart:\/\/app\//);
    await expect(page.locator('html[data-app-ready="true"]')).toHaveCount(1);
  });
});
