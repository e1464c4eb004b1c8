/**
 * Versions screen on the demo workspace: accept some samples, commit a version with the
 * dedup/decontamination report shown first, see it listed with its charts, change things and
 * commit again, compare the two, and export one with a split; the files on disk match what
 * the screen says.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { LOCAL_ACTOR } from '../backend/router.ts';
import { expect, test } from './harness.ts';
import { AppPage } from './pages/app.ts';
import { VersionsPage } from './pages/versions.ts';

test.use({ content: 'demo' });

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

test('commit, list with charts, commit again, compare, export', async ({ page, served, shot }) => {
  test.setTimeout(60_000);
  const call = (name: string, input: unknown) => served.backend.router.call(name, input, { actor: LOCAL_ACTOR }) as Promise<any>;
  const ids = ((await call('samples.list', { limit: 12 })).rows as Array<{ id: number }>).map((r) => r.id);
  const [first, second, third, fourth, fifth, sixth, ...later] = ids as [number, number, number, number, number, number, ...number[]];
  await call('samples.bulkReview', { target: { ids: [first, second, third, fourth, fifth, sixth] }, decision: 'accepted' });

  const app = new AppPage(page);
  await app.open(served.url, 'versions');
  const versions = new VersionsPage(page);
  await expect(versions.empty).toBeVisible();
  await shot('versions-empty');

  // First commit, with the check: the report comes before the commit.
  await versions.commitOpen.click();
  await versions.fillCommit({ message: 'first cold-start cut', name: 'bad name!', check: true });
  await expect(page.getByTestId('commit-name-error')).toBeVisible();
  await expect(versions.commitSubmit).toBeDisabled();
  await versions.commitForm.getByTestId('commit-name').fill('v1');
  // An evaluation set that contains one accepted sample's prompt: the report must name it.
  const leaked = (await call('samples.get', { id: first })).prompt.text as string;
  await versions.commitForm.getByTestId('commit-eval').fill(`${leaked}\nAn unrelated evaluation question about rivers and mountains in Europe today?`);
  await expect(versions.commitSubmit).toHaveText('Run check');
  await versions.commitSubmit.click();
  await expect(versions.checkReport).toContainText('Checked 6 samples (accepted)');
  const report = await call('versions.check', { include: 'accepted', evalPrompts: [leaked, 'An unrelated evaluation question about rivers and mountains in Europe today?'] });
  expect(report.contamination.sampleCount).toBeGreaterThan(0);
  await expect(versions.checkReport.getByTestId('check-exact')).toHaveText(String(report.exact.duplicateSamples));
  await expect(versions.checkReport.getByTestId('check-near')).toHaveText(String(report.near.duplicateSamples));
  await expect(versions.checkReport.getByTestId('check-contaminated')).toHaveText(String(report.contamination.sampleCount));
  await expect(versions.checkReport).toContainText(`contaminated: sample ${first} shares`);
  await shot('versions-commit-check');
  await expect(versions.commitSubmit).toHaveText('Commit');
  await versions.commitSubmit.click();
  await expect(versions.commitForm).toBeHidden();

  await expect(versions.rows).toHaveCount(1);
  await expect(versions.row('v1').getByTestId('version-items')).toHaveText('6');
  await expect(versions.details.getByTestId('details-name')).toHaveText('v1');
  await expect(versions.details.getByTestId('details-checks')).toContainText(`${report.contamination.sampleCount} contaminated sample`);
  const v1 = await call('versions.show', { name: 'v1' });
  await expect(versions.details.getByTestId('details-sha')).toHaveText(v1.contentSha256);
  // Every chart accounts for the same six samples the server counted.
  expect(await versions.chart('task')).toEqual(v1.stats.byTask);
  expect(await versions.chart('language')).toEqual(v1.stats.byLanguage);
  expect(await versions.chart('verdict')).toEqual(v1.stats.byVerdict);
  expect(sum(await versions.chart('task'))).toBe(6);
  expect(sum(await versions.chart('tokens'))).toBe(6);
  expect(await versions.chart('flags')).toEqual(Object.fromEntries(Object.entries(v1.stats.byFlag).filter(([, n]) => (n as number) > 0)));
  await shot('versions-details');

  // Changes: one text edited, one accepted sample rejected, two more accepted.
  const edited = await call('samples.saveRevision', { sampleId: first, baseRevisionId: null, completion: 'A rewritten, readable line of reasoning.\n</think>\n\nThe answer is 4.' });
  await call('samples.review', { sampleId: second, revisionId: null, decision: 'rejected' });
  await call('samples.bulkReview', { target: { ids: later.slice(0, 2) }, decision: 'accepted' });
  expect(edited.revision.sampleId ?? first).toBe(first);

  // A taken name is the server's error, shown in the form; the form keeps what was typed.
  await versions.commitOpen.click();
  await versions.fillCommit({ message: 'second cut: one rewrite, one out, two in', name: 'v1' });
  await versions.commitSubmit.click();
  await expect(versions.commitError).toBeVisible();
  await shot('versions-commit-error');
  await versions.commitForm.getByTestId('commit-name').fill('');
  await versions.commitSubmit.click();
  await expect(versions.commitForm).toBeHidden();
  await expect(versions.rows).toHaveCount(2);
  const v2 = await call('versions.show', { name: 'v2' });
  expect(v2.parent).toBe('v1');
  // Newest first; v2 is selected after its commit.
  await expect(versions.rows.first()).toHaveAttribute('data-name', 'v2');
  await expect(versions.row('v2')).toContainText('v1');
  await expect(versions.row('v2').getByTestId('version-items')).toHaveText('7');
  expect(sum(await versions.chart('tokens'))).toBe(7);

  // Compare defaults to parent → selected.
  await versions.tab('compare').click();
  await expect(versions.diff.getByTestId('diff-from')).toHaveValue('v1');
  await expect(versions.diff.getByTestId('diff-to')).toHaveValue('v2');
  await expect(versions.diff.getByTestId('diff-added')).toHaveText('2');
  await expect(versions.diff.getByTestId('diff-removed')).toHaveText('1');
  await expect(versions.diff.getByTestId('diff-changed')).toHaveText('1');
  await expect(versions.diff.getByTestId('diff-removed-ids')).toContainText(String(second));
  const textDiff = versions.diff.locator(`[data-testid="text-diff"][data-sample="${first}"]`);
  await expect(textDiff.locator('[data-op="+"]').first()).toContainText('A rewritten, readable line of reasoning.');
  await expect(textDiff.locator('[data-op="-"]').first()).toBeVisible();
  await shot('versions-compare');
  // Swapping the sides swaps added and removed.
  await versions.diff.getByTestId('diff-from').selectOption('v2');
  await versions.diff.getByTestId('diff-to').selectOption('v1');
  await expect(versions.diff.getByTestId('diff-added')).toHaveText('1');
  await expect(versions.diff.getByTestId('diff-removed')).toHaveText('2');

  // Export v2 as ShareGPT with a validation split.
  await versions.tab('export').click();
  await versions.exportForm.getByTestId('export-split').fill('val=1.5');
  await expect(page.getByTestId('export-split-error')).toBeVisible();
  await expect(versions.exportForm.getByTestId('export-submit')).toBeDisabled();
  await versions.exportForm.getByTestId('export-split').fill('val=0.3');
  await versions.exportForm.getByTestId('export-format').selectOption('sharegpt');
  await versions.exportForm.getByTestId('export-seed').fill('7');
  await versions.exportForm.getByTestId('export-system').fill('You are a careful reasoner.');
  await versions.exportForm.getByTestId('export-submit').click();
  await expect(versions.exportResult).toBeVisible();
  const manifestPath = (await versions.exportResult.getByTestId('export-manifest-path').innerText()).trim();
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  expect(manifest.version.name).toBe('v2');
  expect(manifest.format).toBe('sharegpt');
  expect(manifest.options).toMatchObject({ seed: '7', split: { val: 0.3 }, system: 'You are a careful reasoner.' });
  const shownPaths = (await versions.exportResult.getByTestId('export-path').allInnerTexts()).map((p) => p.trim());
  expect(shownPaths).toHaveLength(manifest.files.length);
  let records = 0;
  for (const file of manifest.files as Array<{ name: string; sha256: string; records: number }>) {
    const onDisk = shownPaths.find((p) => p.endsWith(`/${file.name}`))!;
    const bytes = fs.readFileSync(onDisk);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
    const lines = bytes.toString('utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(file.records);
    // LLaMA-Factory's sharegpt reads the system prompt from its own column.
    for (const line of lines) {
      const record = JSON.parse(line);
      expect(record.system).toBe('You are a careful reasoner.');
      expect(record.conversations.map((t: { from: string }) => t.from)).toEqual(['human', 'gpt']);
    }
    records += file.records;
  }
  expect(records).toBe(manifest.counts.exported);
  expect(sum(manifest.counts.bySplit)).toBe(records);
  await expect(versions.exportResult).toContainText(`Exported ${manifest.counts.exported} record`);
  await versions.exportResult.locator('summary').click();
  await expect(versions.exportResult.getByTestId('export-manifest')).toContainText('"sha256"');
  await shot('versions-export');

  // A reload lands on the same version and tab.
  await page.reload();
  await page.locator('html[data-app-ready="true"]').waitFor();
  await expect(versions.exportForm).toContainText('Export v2');
});
