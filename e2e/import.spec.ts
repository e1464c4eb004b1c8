import fs from 'node:fs';
import path from 'node:path';
import { expect, FIXTURE_DIR, readJsonl, test } from './harness.ts';
import { LOCAL_ACTOR } from '../backend/router.ts';
import { AppPage } from './pages/app.ts';

function promptOf(row: Record<string, unknown>): string {
  if (typeof row.prompt === 'string') return row.prompt;
  const messages = row.messages as Array<{ role: string; content: string }>;
  return messages.find((m) => m.role === 'user')!.content;
}

test('an empty workspace offers an import; a JSONL of traces imported through the UI shows up in the table', async ({ page, served, shot }) => {
  const app = new AppPage(page);
  await app.open(served.url);
  const samples = app.samples();
  await expect(samples.empty).toBeVisible();
  await expect(app.stat('samples')).toHaveText('0');
  await shot('samples-empty');

  const source = readJsonl('traces-small.jsonl');
  const dialog = await samples.openImport();
  await shot('import-dialog');
  await dialog.importFile('traces', path.join(FIXTURE_DIR, 'traces-small.jsonl'));
  await expect(dialog.result).toBeVisible();
  await expect(dialog.count('inserted')).toHaveText(String(source.length));
  await expect(dialog.count('rejected')).toHaveText('0');
  await shot('import-done');
  await dialog.close();

  await expect(samples.rows).toHaveCount(source.length);
  await expect(app.stat('samples')).toHaveText(String(source.length));
  // Rows come back in import order (id ascending), each with the prompt of its line.
  const shown = await samples.column('promptPreview');
  expect(shown.map((text) => text.replace(/\s+/g, ' ').trim())).toEqual(source.map((row) => promptOf(row).replace(/\s+/g, ' ').trim()));
  // Markup in a prompt is text: no element was created from it and no handler ran.
  await expect(samples.table.locator('img')).toHaveCount(0);
  expect(await page.title()).not.toBe('pwned');
  await shot('samples-imported');

  // Re-importing the same content adds nothing and says so.
  const again = await samples.openImport();
  await again.importFile('traces', path.join(FIXTURE_DIR, 'traces-small.jsonl'));
  await expect(again.count('inserted')).toHaveText('0');
  await expect(again.count('duplicates')).toHaveText(String(source.length));
  await again.close();
  await expect(samples.rows).toHaveCount(source.length);
});

test('a malformed JSONL line is reported with its file and line number, and nothing is imported', async ({ page, served, shot }) => {
  const app = new AppPage(page);
  await app.open(served.url);
  const samples = app.samples();
  const dialog = await samples.openImport();
  await dialog.importFile('traces', path.join(FIXTURE_DIR, 'traces-malformed.jsonl'));
  await expect(dialog.error).toBeVisible();
  await expect(dialog.errorMessage).toContainText('traces-malformed.jsonl');
  await expect(dialog.errorMessage).toContainText('line 3');
  await expect(dialog.errorLine).toHaveText('3');
  await shot('import-error');
  await dialog.close();

  await expect(samples.empty).toBeVisible();
  await expect(app.stat('samples')).toHaveText('0');
  const stats = await served.backend.router.call('workspace.stats', {}, { actor: LOCAL_ACTOR });
  expect(stats).toMatchObject({ samples: 0, prompts: 0 });
});

test('samples imported by another client appear without a reload (server-sent events)', async ({ page, served }) => {
  const app = new AppPage(page);
  await app.open(served.url);
  const samples = app.samples();
  await expect(samples.empty).toBeVisible();

  const body = fs.readFileSync(path.join(FIXTURE_DIR, 'traces-small.jsonl'));
  const upload = await page.request.post(`${served.url}/api/upload`, { data: body, headers: { 'Content-Type': 'application/octet-stream' } });
  expect(upload.ok()).toBe(true);
  const { uploadId } = (await upload.json()) as { uploadId: string };
  const run = await page.request.post(`${served.url}/api/imports.run`, { data: { kind: 'traces', uploadId, fileName: 'from-elsewhere.jsonl' } });
  expect(run.ok()).toBe(true);

  const lines = readJsonl('traces-small.jsonl').length;
  await expect(samples.rows).toHaveCount(lines);
  await expect(app.stat('samples')).toHaveText(String(lines));
  await expect(samples.rows.first().getByTestId('cell-runName')).toContainText('from-elsewhere.jsonl');
});
