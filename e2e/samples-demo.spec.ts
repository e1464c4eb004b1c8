import path from 'node:path';
import { LOCAL_ACTOR } from '../backend/router.ts';
import type { Stats } from '../core/contract.ts';
import { expect, test, type Served } from './harness.ts';
import { AppPage } from './pages/app.ts';
import type { SamplesPage } from './pages/samples.ts';

test.use({ content: 'demo' });

async function statsOf(served: Served): Promise<Stats> {
  return (await served.backend.router.call('workspace.stats', {}, { actor: LOCAL_ACTOR })) as Stats;
}

function matchText(n: number): string {
  return `${n} ${n === 1 ? 'sample' : 'samples'} match`;
}

async function expectEveryDrawnRow(samples: SamplesPage, column: 'verdict' | 'status', value: string): Promise<void> {
  const values = await samples.column(column);
  expect(values.length).toBeGreaterThan(0);
  expect(new Set(values)).toEqual(new Set([value]));
}

test('filters by verdict, flag and status change the table to exactly the matching samples', async ({ page, served, shot }) => {
  const stats = await statsOf(served);
  expect(stats.samples, 'the demo workspace has samples').toBeGreaterThan(0);
  const app = new AppPage(page);
  await app.open(served.url);
  const samples = app.samples();
  await expect(samples.count).toHaveText(`${stats.samples} samples`);
  await expect(app.stat('samples')).toHaveText(String(stats.samples));
  await shot('samples-demo');

  // The verdict with the fewest samples makes the change obvious.
  const [verdict, verdictCount] = Object.entries(stats.byVerdict)
    .filter(([, n]) => n > 0 && n < stats.samples)
    .sort((a, b) => a[1] - b[1])[0]!;
  await samples.filterBy('verdict', verdict);
  await expect(samples.count).toHaveText(matchText(verdictCount));
  await expectEveryDrawnRow(samples, 'verdict', verdict.replace('_', ' '));
  await shot('samples-filter-verdict');
  await samples.clearFilters();
  await expect(samples.count).toHaveText(`${stats.samples} samples`);

  // The flag filter offers exactly the codes the workspace has.
  expect(await samples.filterOptions('flag')).toEqual(Object.keys(stats.byFlag).sort());
  const [flag, flagCount] = Object.entries(stats.byFlag).sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0]!;
  await samples.filterBy('flag', flag);
  await expect(samples.count).toHaveText(matchText(flagCount));
  await expect(samples.rows).toHaveCount(Math.min(flagCount, 100));
  for (const codes of await samples.flagsOfRows()) expect(codes).toContain(flag);
  await shot('samples-filter-flag');

  // The view is in the URL: a reload (or a shared link) opens the same filtered list.
  await expect(page).toHaveURL(new RegExp(`#/samples\\?flag=${flag}$`));
  await page.reload();
  await page.locator('html[data-app-ready="true"]').waitFor();
  await expect(page.getByTestId('filter-flag')).toHaveValue(flag);
  await expect(samples.count).toHaveText(matchText(flagCount));

  // Filters combine: the flag plus a status no demo sample has yet leaves nothing.
  await samples.filterBy('status', 'accepted');
  await expect(samples.noMatch).toBeVisible();
  await expect(samples.rows).toHaveCount(0);
  await samples.clearFilters();

  await samples.filterBy('status', 'new');
  await expect(samples.count).toHaveText(matchText(stats.byStatus.new ?? 0));
  await expectEveryDrawnRow(samples, 'status', 'new');
});

test('the list pages by cursor as the reader scrolls, and sorting goes through the server', async ({ page, served }) => {
  const stats = await statsOf(served);
  const app = new AppPage(page);
  await app.open(served.url);
  const samples = app.samples();
  const firstPage = Math.min(100, stats.samples);
  await expect(samples.loaded).toHaveText(`Showing ${firstPage} of ${stats.samples}`);
  if (stats.samples > 100) {
    await samples.scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect(samples.loaded).toHaveText(`Showing ${stats.samples} of ${stats.samples}`);
    await expect(samples.loadMore).toHaveCount(0);
  }

  await page.getByTestId('sort-length').click();
  await expect(page.getByTestId('sort-length')).toContainText('▼');
  // A new query starts from the top: the first drawn rows are the longest samples.
  const lengths = await samples.rows.getByTestId('cell-length').locator('span').evaluateAll((spans) => spans.map((s) => Number(s.getAttribute('title')!.replace(/\D/g, ''))));
  expect(lengths.length).toBeGreaterThan(1);
  expect(lengths).toEqual([...lengths].sort((a, b) => b - a));
  const longest = await served.backend.router.call('samples.list', { sort: { field: 'length', dir: 'desc' }, limit: 1 }, { actor: LOCAL_ACTOR });
  expect(lengths[0]).toBe((longest as { rows: Array<{ length: number }> }).rows[0]!.length);
  expect(await samples.scroller.evaluate((el) => el.scrollTop)).toBe(0);
});

test('every screen opens from the navigation', async ({ page, served, shot }) => {
  const app = new AppPage(page);
  await app.open(served.url);
  await expect(app.workspaceName).toHaveText(path.basename(served.dir));
  for (const screen of ['review', 'generate', 'flags', 'versions', 'team'] as const) {
    const view = await app.go(screen);
    // Review opens the first sample of the list; the other screens are titled after themselves.
    await expect(view.getByRole('heading', { level: 1 }).first()).toHaveText(screen === 'review' ? /^Sample \d+/ : screen[0]!.toUpperCase() + screen.slice(1));
    await expect(page).toHaveURL(new RegExp(`#/${screen}`));
    await shot(`screen-${screen}`);
  }
  await app.go('samples');
  await expect(app.samples().rows.first()).toBeVisible();
});
