import { LOCAL_ACTOR } from '../backend/router.ts';
import type { ProcedureOutput } from '../core/contract.ts';
import { expect, test, type Served } from './harness.ts';
import { AppPage } from './pages/app.ts';

test.use({ content: 'demo' });

function list(served: Served, filter: Record<string, unknown>): Promise<ProcedureOutput<'samples.list'>> {
  return served.backend.router.call('samples.list', { filter, limit: 500, withTotal: true }, { actor: LOCAL_ACTOR }) as Promise<ProcedureOutput<'samples.list'>>;
}

test('bulk accept: the selected rows, then every clean and correct sample', async ({ page, served, shot }) => {
  const app = new AppPage(page);
  await app.open(served.url);
  const samples = app.samples();
  const firstIds = (await samples.column('id')).slice(0, 3).map(Number);
  for (const id of firstIds) await page.locator(`[data-testid="sample-row"][data-sample-id="${id}"] [data-testid="row-select"]`).check();
  await expect(page.getByTestId('bulk-selected')).toHaveText('3 selected');
  await shot('samples-selection');
  await page.getByTestId('bulk-accept-selected').click();
  await page.getByTestId('bulk-confirm').click();
  await expect(page.getByTestId('bulk-message')).toContainText('3 samples updated');
  expect((await list(served, { status: 'accepted' })).rows.map((r) => r.id)).toEqual(firstIds);
  for (const id of firstIds) await expect(page.locator(`[data-testid="sample-row"][data-sample-id="${id}"] [data-testid="cell-status"]`)).toHaveText('accepted');

  const cleanCorrect = await list(served, { status: 'new', clean: true, verdict: 'correct' });
  expect(cleanCorrect.total).toBeGreaterThan(0);
  await page.getByTestId('bulk-accept-clean').click();
  await page.getByTestId('bulk-confirm').click();
  await expect(page.getByTestId('bulk-message')).toContainText(`${cleanCorrect.total} samples updated`);
  const accepted = await list(served, { status: 'accepted' });
  expect(accepted.total).toBe(3 + cleanCorrect.total!);
  // Nothing with an error flag or a wrong answer was accepted by the filter action.
  for (const row of accepted.rows.filter((r) => !firstIds.includes(r.id))) {
    expect(row.verdict).toBe('correct');
    expect(row.flagErrors).toBe(0);
  }
});

test('full-text search finds Chinese substrings and keeps the query in the URL', async ({ page, served, shot }) => {
  const expected = await list(served, { search: '倍数' });
  expect(expected.total).toBeGreaterThan(0);
  const app = new AppPage(page);
  await app.open(served.url);
  const samples = app.samples();
  await page.getByTestId('filter-search').fill('倍数');
  await page.getByTestId('filter-search').press('Enter');
  await expect(samples.count).toHaveText(`${expected.total} ${expected.total === 1 ? 'sample' : 'samples'} match`);
  expect((await samples.column('id')).map(Number)).toEqual(expected.rows.map((r) => r.id));
  await expect(page).toHaveURL(/q=%E5%80%8D%E6%95%B0/);
  await shot('samples-search');
});
