/**
 * Model-assisted rewrite, end to end with the project's own scripted GGUF model: its output is
 * meaningless, but the flow is real (node-llama-cpp loads it, the proposal comes back as a diff,
 * accepting puts it into the editor as an unsaved edit).
 */
import fs from 'node:fs';
import path from 'node:path';
import { LOCAL_ACTOR } from '../backend/router.ts';
import { splitTrace } from '../core/trace.ts';
import { makeTestModel } from '../scripts/make-test-model.ts';
import { expect, test } from './harness.ts';
import { ReviewPage } from './pages/review.ts';

test.use({ content: 'demo' });

test('select a span, the local model proposes a rewrite shown as a diff, accept puts it in the editor', async ({ page, served, shot }) => {
  test.slow(); // loads a model on a shared 2-core machine
  const models = path.join(served.dir, 'models');
  fs.mkdirSync(models, { recursive: true });
  const model = await makeTestModel({ path: path.join(models, 'tiny-r1.gguf'), kind: 'scripted' });
  const proposal = splitTrace(model.expectedText!).summary;
  const { rows } = (await served.backend.router.call('samples.list', { limit: 1 }, { actor: LOCAL_ACTOR })) as { rows: Array<{ id: number }> };
  const review = new ReviewPage(page);
  await review.open(served.url, rows[0]!.id);

  // A double click selects one word of the first line.
  await review.editor.locator('.view-line').first().dblclick();
  await page.getByTestId('assist-open').click();
  const panel = page.getByTestId('assist-panel');
  await expect(panel.getByTestId('assist-span')).not.toHaveText('0');
  await expect(panel.getByTestId('assist-model')).toHaveValue('tiny-r1.gguf');
  await panel.getByTestId('assist-shorten').click();
  await expect(panel.getByTestId('assist-diff')).toBeVisible({ timeout: 90_000 });
  await shot('review-assist-proposal');
  await panel.getByTestId('assist-accept').click();
  await expect(panel).toHaveCount(0);
  // Monaco draws spaces as no-break spaces.
  await expect.poll(async () => (await review.editorText()).replace(/\u00a0/g, ' ')).toContain(proposal);
  await expect(review.save).toBeEnabled();
});
