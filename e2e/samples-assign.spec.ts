import { LOCAL_ACTOR } from '../backend/router.ts';
import { expect, test } from './harness.ts';
import { AppPage } from './pages/app.ts';

test.use({ content: 'demo' });

test('a lead assigns the samples of a filtered view to two annotators, with overlap for agreement', async ({ page, served, shot }) => {
  const call = (name: string, input: unknown) => served.backend.router.call(name, input, { actor: LOCAL_ACTOR }) as Promise<any>;
  await call('annotators.add', { name: 'alice', role: 'annotator' });
  await call('annotators.add', { name: 'bob', role: 'annotator' });
  const app = new AppPage(page);
  await app.open(served.url);
  await page.getByTestId('filter-verdict').selectOption('incorrect');
  await expect(page.getByTestId('samples-count')).toContainText('9 samples');

  await page.getByTestId('bulk-assign').click();
  const dialog = page.getByTestId('assign-dialog');
  await expect(dialog.getByRole('heading')).toHaveText('Assign 9 samples');
  await dialog.getByTestId('assign-name').fill('wrong answers');
  await dialog.getByTestId('assign-annotator-alice').check();
  await dialog.getByTestId('assign-annotator-bob').check();
  await shot('samples-assign');
  await dialog.getByTestId('assign-submit').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('bulk-message')).toContainText('9 samples');

  const { batches } = await call('batches.list', {});
  expect(batches).toHaveLength(1);
  expect(batches[0]).toMatchObject({ name: 'wrong answers', items: 9, members: ['alice', 'bob'] });
  // 10 % overlap of 9 items: one item gets a second slot.
  expect(batches[0].slots).toBe(10);
});
