import { expect, test } from './harness.ts';
import { AppPage } from './pages/app.ts';

test.use({ content: 'demo' });

test('columns can be hidden and a filtered view saved, reapplied and kept across a reload', async ({ page, served, shot }) => {
  const app = new AppPage(page);
  await app.open(served.url);
  const table = page.getByTestId('samples-table');
  await expect(table.getByTestId('cell-runName').first()).toBeVisible();

  await page.getByTestId('columns-menu').click();
  await page.getByTestId('column-toggle-runName').uncheck();
  await page.getByTestId('column-toggle-updatedAt').uncheck();
  await expect(page.getByTestId('column-toggle-id')).toBeDisabled();
  await expect(table.getByTestId('cell-runName')).toHaveCount(0);
  await expect(table.getByTestId('cell-updatedAt')).toHaveCount(0);
  await shot('samples-columns');
  await page.getByTestId('columns-menu').click();

  await page.getByTestId('filter-verdict').selectOption('incorrect');
  await page.getByTestId('view-save').click();
  await page.getByTestId('view-name').fill('Wrong answers');
  await page.getByTestId('view-save-confirm').click();
  await expect(page.getByTestId('saved-views')).toHaveValue('Wrong answers');
  const wrong = await page.getByTestId('sample-row').count();

  await page.getByTestId('filter-verdict').selectOption('');
  await expect(page.getByTestId('saved-views')).toHaveValue('');
  await expect.poll(() => page.getByTestId('sample-row').count()).toBeGreaterThan(wrong);
  await page.getByTestId('saved-views').selectOption('Wrong answers');
  await expect(page.getByTestId('filter-verdict')).toHaveValue('incorrect');
  await expect.poll(() => page.getByTestId('sample-row').count()).toBe(wrong);

  await page.reload();
  await expect(page.locator('html[data-app-ready="true"]')).toBeAttached();
  await expect(page.getByTestId('samples-table').getByTestId('cell-runName')).toHaveCount(0);
  await expect(page.getByTestId('saved-views')).toHaveValue('Wrong answers');
  await shot('samples-saved-view');
});
