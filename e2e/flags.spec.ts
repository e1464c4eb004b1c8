/**
 * The Flags screen: a lead changes a threshold, saves, watches the workspace re-flag, and sees
 * the counts follow; an annotator on a team server sees the thresholds but cannot change them.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { importFile } from '../backend/import/importer.ts';
import { createAuthenticator } from '../backend/auth.ts';
import { serve, type RunningServer } from '../backend/http.ts';
import { LOCAL_ACTOR } from '../backend/router.ts';
import type { Stats } from '../core/contract.ts';
import { RENDERER_DIST } from '../scripts/cli/workspace.ts';
import { expect, test, type Served } from './harness.ts';
import { AppPage } from './pages/app.ts';

test.use({ content: 'demo' });

async function statsOf(served: Served): Promise<Stats> {
  return (await served.backend.router.call('workspace.stats', {}, { actor: LOCAL_ACTOR })) as Stats;
}

const countText = (n: number) => (n === 0 ? 'no samples' : `${n} ${n === 1 ? 'sample' : 'samples'}`);

async function expectCountsOf(page: Page, stats: Stats): Promise<void> {
  for (const code of ['mixed_language', 'repetition', 'long_paragraph', 'filler', 'bad_think_tags', 'no_summary', 'truncated', 'code_in_reasoning', 'mojibake']) {
    await expect(page.getByTestId(`flags-count-${code}`)).toHaveText(countText(stats.byFlag[code] ?? 0));
  }
}

test('a lead changes a threshold, the workspace re-flags with progress, and the counts follow', async ({ page, served, shot }) => {
  const before = await statsOf(served);
  const app = new AppPage(page);
  await app.open(served.url, 'flags');
  const status = page.getByTestId('flags-status');
  await expect(status).toHaveText(`Flags of all ${before.samples} samples follow these thresholds`);
  await expectCountsOf(page, before);
  await expect(page.getByTestId('flags-save')).toBeDisabled();
  await shot('flags-settings');

  // A value out of bounds is named at its field and cannot be saved.
  const period = page.getByTestId('flags-set-loopMaxPeriod');
  await period.fill('500');
  await expect(page.getByText('From 1 to 200')).toBeVisible();
  await expect(page.getByTestId('flags-unsaved')).toHaveText('1 field needs fixing');
  await expect(page.getByTestId('flags-save')).toBeDisabled();
  await shot('flags-invalid');
  await period.fill('40');

  // Long paragraphs from 40 words: many more of the demo traces have one.
  await page.getByTestId('flags-set-longParagraphWords').fill('40');
  await expect(page.getByTestId('flags-unsaved')).toHaveText('1 unsaved change');
  await page.getByTestId('flags-save').click();
  await expect(page.getByTestId('flags-message')).toContainText('Saved 1 change');
  await expect(status).toHaveText(`Flags of all ${before.samples} samples follow these thresholds`, { timeout: 30_000 });
  const after = await statsOf(served);
  expect(after.byFlag.long_paragraph ?? 0).toBeGreaterThan(before.byFlag.long_paragraph ?? 0);
  await expectCountsOf(page, after);
  await expect(page.getByTestId('flags-progress')).toHaveCount(0);
  await shot('flags-reflagged');

  // Stored: a reload shows the saved value, with the default beside it.
  await page.reload();
  await page.locator('html[data-app-ready="true"]').waitFor();
  await expect(page.getByTestId('flags-set-longParagraphWords')).toHaveValue('40');
  await expect(page.getByText('An error above twice this (default 200)')).toBeVisible();

  // Restoring the defaults is one change to save, and brings the counts back.
  await page.getByTestId('flags-defaults').click();
  await expect(page.getByTestId('flags-unsaved')).toHaveText('1 unsaved change');
  await page.getByTestId('flags-save').click();
  await expect(status).toHaveText(`Flags of all ${before.samples} samples follow these thresholds`, { timeout: 30_000 });
  await expectCountsOf(page, before);
});

test('re-flagging a large workspace shows its progress until every sample is done', async ({ page, served, shot }) => {
  // 4,000 more traces (each told apart by its last line), so the pass outlasts a few screenshots.
  const demo = fs.readFileSync(path.join(import.meta.dirname, '..', 'demo', 'traces.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { prompt: string; completion: string });
  const file = path.join(served.dir, '..', 'more.jsonl');
  fs.writeFileSync(file, Array.from({ length: 4000 }, (_, i) => JSON.stringify({ prompt: demo[i % demo.length]!.prompt, completion: `${demo[i % demo.length]!.completion}\n\nCopy ${i}.` })).join('\n'));
  await importFile(served.backend.workspace, { kind: 'traces', filePath: file });
  await served.backend.flagger.schedule();
  const { samples } = await statsOf(served);

  const app = new AppPage(page);
  await app.open(served.url, 'flags');
  await page.getByTestId('flags-reflag').click();
  const progress = page.getByTestId('flags-progress');
  await expect(progress).toContainText(new RegExp(`Re-flagging: [\\d,]+ of ${samples.toLocaleString('en-US')} samples`));
  await expect(page.getByTestId('flags-status')).toContainText('samples to go');
  await shot('flags-progress');
  await expect(progress).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId('flags-status')).toHaveText(`Flags of all ${samples.toLocaleString('en-US')} samples follow these thresholds`);
});

test('an annotator sees the thresholds, and a lead\'s changes to them, but cannot change them or re-flag', async ({ browser, served, shot }) => {
  const { token } = (await served.backend.router.call('annotators.add', { name: 'alice', role: 'annotator' }, { actor: LOCAL_ACTOR })) as { token: string };
  let team: RunningServer | null = null;
  try {
    team = await serve(served.backend, { port: 0, staticDir: RENDERER_DIST, authenticate: createAuthenticator(served.backend.workspace, { allowLocal: false }) });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${team.url}/#/flags`);
    await page.getByTestId('login-token').fill(token);
    await page.getByTestId('login-submit').click();
    await page.locator('html[data-app-ready="true"]').waitFor();
    await expect(page.getByTestId('screen-flags')).toBeVisible();
    await expect(page.getByText('Only a lead can change them.')).toBeVisible();
    await expect(page.getByTestId('flags-set-longParagraphWords')).toBeDisabled();
    await expect(page.getByTestId('flags-save')).toBeDisabled();
    await expect(page.getByTestId('flags-reflag')).toBeDisabled();
    await expect(page.getByTestId('flags-set-longParagraphWords')).toHaveValue('200');
    await shot('flags-annotator', page);
    // A lead changes a threshold elsewhere: once the re-flag it starts is done, this view shows it.
    await served.backend.router.call('flags.updateSettings', { longParagraphWords: 90 }, { actor: LOCAL_ACTOR });
    await expect(page.getByTestId('flags-set-longParagraphWords')).toHaveValue('90');
    await context.close();
  } finally {
    await team?.close();
  }
});
