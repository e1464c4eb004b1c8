import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Page } from '@playwright/test';
import { Backend } from '../backend/backend.ts';
import { serve, type RunningServer } from '../backend/http.ts';
import { loadDemo, RENDERER_DIST } from '../scripts/cli/workspace.ts';

export const E2E_DIR = path.dirname(fileURLToPath(import.meta.url));
export const FIXTURE_DIR = path.join(E2E_DIR, 'fixtures');
const SCREENSHOT_DIR = path.join(E2E_DIR, 'screenshots');

export interface Served {
  url: string;
  backend: Backend;
  dir: string;
}

interface Options {
  /** What the fresh workspace holds when the test starts. */
  content: 'empty' | 'demo';
}

interface Fixtures {
  served: Served;
  /** Saves a screenshot of the test's page (or `of`) to e2e/screenshots/<name>.png (kept for people to look at). */
  shot: (name: string, of?: Page) => Promise<string>;
}

/** A fresh temp workspace and an in-process HTTP server for every test; both gone afterwards. */
export const test = base.extend<Options & Fixtures>({
  content: ['empty', { option: true }],

  served: async ({ content }, use) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'coldstart-e2e-'));
    // The folder name is the workspace name in the header (and in the screenshots).
    const dir = path.join(root, content === 'demo' ? 'demo-workspace' : 'workspace');
    const backend = Backend.open(dir);
    let running: RunningServer | null = null;
    try {
      if (content === 'demo') await loadDemo(backend);
      running = await serve(backend, { port: 0, staticDir: RENDERER_DIST });
      await use({ url: running.url, backend, dir });
    } finally {
      await running?.close();
      backend.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  },

  page: async ({ page }, use) => {
    // An uncaught exception or a console error is a bug even when the assertions pass.
    // Failed HTTP responses are logged by Chromium too; tests that expect them assert the UI instead.
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console error: ${message.text()}`);
    });
    await use(page);
    expect(problems, 'the page logged errors').toEqual([]);
  },

  shot: async ({ page }, use) => {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await use(async (name, of = page) => {
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      await of.screenshot({ path: file });
      return file;
    });
  },
});

export { expect };

/** Rows of a JSONL fixture, for tests that compare what the UI shows with what the file holds. */
export function readJsonl(name: string): Array<Record<string, unknown>> {
  return fs
    .readFileSync(path.join(FIXTURE_DIR, name), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export type { Page };
