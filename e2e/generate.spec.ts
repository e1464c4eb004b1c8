import fs from 'node:fs';
import path from 'node:path';
import { importFile } from '../backend/import/importer.ts';
import { LOCAL_ACTOR } from '../backend/router.ts';
import { DEMO_DIR } from '../scripts/cli/workspace.ts';
import { makeTestModel } from '../scripts/make-test-model.ts';
import { expect, test } from './harness.ts';
import { AppPage } from './pages/app.ts';
import { GeneratePage } from './pages/generate.ts';

const GROUP = 2;

test('a scripted GGUF in the models folder generates groups for the demo prompts, live, and the samples show up', async ({ page, served, shot }) => {
  test.setTimeout(120_000);
  const prompts = await importFile(served.backend.workspace, { kind: 'prompts', filePath: path.join(DEMO_DIR, 'prompts.jsonl') });
  const models = path.join(served.dir, 'models');
  fs.mkdirSync(models, { recursive: true });
  // Greedy decoding of this model writes a known R1-style text ending in \boxed{4}.
  const model = await makeTestModel({ path: path.join(models, 'tiny-r1.gguf'), kind: 'scripted' });

  const app = new AppPage(page);
  await app.open(served.url, 'generate');
  const gen = new GeneratePage(page);
  await expect(gen.models).toHaveCount(1);
  await expect(app.stat('runs')).toHaveText('0');
  const facts = gen.model('tiny-r1.gguf').getByTestId('model-facts');
  await expect(facts).toContainText('llama');
  await expect(facts).toContainText('F32');
  await expect(facts).toContainText('R1 chat template');
  await gen.pick('tiny-r1.gguf');
  // One thread: llama.cpp's spinning threads crawl when the shared CI cores are oversubscribed.
  await gen.set({ group: String(GROUP), temperature: '0', maxTokens: '128', threads: '1' });
  await gen.screen.evaluate((el) => el.scrollTo(0, 0));
  await shot('generate-idle');

  await gen.start.click();
  // The run shows as running with each sequence's text streaming in (as text, never markup).
  await expect(gen.status).toHaveText(/running|loading model/);
  await expect(gen.liveSamples.first()).toBeVisible();
  await expect(gen.engineBackend).toHaveText('cpu');
  // The header counts the run from its first events, as the runs list below does.
  await expect(app.stat('runs')).toHaveText('1');
  // Top-k was left blank: the run shows the value it resolved to and applied (40 for a local model).
  await expect(page.getByTestId('run-sampling')).toHaveText('greedy · top-p 0.95 · top-k 40 · min-p off · max 128 tokens · seed 0');
  await shot('generate-running');

  const total = prompts.inserted * GROUP;
  await expect(gen.status).toHaveText('done', { timeout: 90_000 });
  await expect(gen.done).toHaveText(`${total} / ${total}`);
  await expect(gen.liveSamples).toHaveCount(0);
  const run = (await served.backend.router.call('runs.get', { runId: 1 }, { actor: LOCAL_ACTOR })) as { passRate: number | null; verdicts: Record<string, number> };
  // Only prompts whose reference answer is 4 pass: the UI shows the server's rate.
  expect(run.passRate).not.toBeNull();
  await expect(gen.passRate).toHaveText(`${(100 * run.passRate!).toFixed(0)}%`);
  await expect(gen.runRows).toHaveCount(1);
  await expect(gen.runRows.first().getByTestId('run-row-status')).toHaveText('done');
  await shot('generate-done');

  await app.go('samples');
  const samples = app.samples();
  await expect(samples.count).toHaveText(`${total} samples`);
  await expect(app.stat('samples')).toHaveText(String(total));
  const slots = served.backend.workspace.db.prepare('SELECT count(*) AS n, count(DISTINCT prompt_id) AS prompts, min(group_index) AS lo, max(group_index) AS hi FROM samples').get();
  expect(slots).toEqual({ n: total, prompts: prompts.inserted, lo: 0, hi: GROUP - 1 });
  // Every sample is the model's scripted answer \boxed{4}: correct exactly for the prompts whose reference is 4.
  const fours = fs.readFileSync(path.join(DEMO_DIR, 'prompts.jsonl'), 'utf8').split('\n').filter((l) => l.trim() && (JSON.parse(l) as { answer?: string }).answer === '4').length;
  expect(run.verdicts.correct ?? 0).toBe(fours * GROUP);
});

test('starting without a model points at the model field; a bad setting points at its field', async ({ page, served }) => {
  await importFile(served.backend.workspace, { kind: 'prompts', filePath: path.join(DEMO_DIR, 'prompts.jsonl') });
  const app = new AppPage(page);
  await app.open(served.url, 'generate');
  const gen = new GeneratePage(page);
  await expect(gen.modelsEmpty).toContainText('DeepSeek-R1-Distill-Qwen-1.5B');
  await gen.set({ group: '65' });
  await gen.start.click();
  await expect(page.getByTestId('gen-model')).toContainText('Pick a model');
  await expect(page.getByTestId('gen-settings')).toContainText('Between 1 and 64');
  await expect(gen.runPanel).toHaveCount(0);
});
