import { LOCAL_ACTOR } from '../backend/router.ts';
import type { ProcedureOutput, SampleDetail } from '../core/contract.ts';
import { expect, test, type Served } from './harness.ts';
import { AppPage } from './pages/app.ts';
import { ReviewPage } from './pages/review.ts';

test.use({ content: 'demo' });

function call<P extends 'samples.get' | 'samples.list' | 'samples.history' | 'samples.reviews'>(served: Served, name: P, input: unknown): Promise<ProcedureOutput<P>> {
  return served.backend.router.call(name, input, { actor: LOCAL_ACTOR }) as Promise<ProcedureOutput<P>>;
}

/** The first sample flagged mixed_language whose flag spans a run of CJK text the test can retype in English. */
async function mixedSample(served: Served): Promise<{ ids: number[]; detail: SampleDetail; flag: SampleDetail['flags'][number] }> {
  const page = await call(served, 'samples.list', { filter: { flag: 'mixed_language' }, limit: 100 });
  for (const row of page.rows) {
    const detail = await call(served, 'samples.get', { id: row.id });
    const flag = detail.flags.find((f) => f.code === 'mixed_language' && /\p{Script=Han}/u.test(detail.original.completion.slice(f.start, f.end)));
    if (flag && detail.flags.every((f) => f.code === 'mixed_language')) return { ids: page.rows.map((r) => r.id), detail, flag };
  }
  throw new Error('the demo workspace has no sample flagged only for mixed Chinese');
}

test('filter by a flag, fix the flagged span, save, accept by keyboard: the next sample opens', async ({ page, served, shot }) => {
  const { ids, detail, flag } = await mixedSample(served);
  const app = new AppPage(page);
  await app.open(served.url);
  const samples = app.samples();
  await samples.filterBy('flag', 'mixed_language');
  await expect(samples.count).toHaveText(`${ids.length} samples match`);
  await samples.rows.locator(`xpath=self::*[@data-sample-id="${detail.sample.id}"]`).click();

  const review = new ReviewPage(page);
  await review.waitForEditor(detail.sample.id);
  await expect(page).toHaveURL(new RegExp(`#/review/${detail.sample.id}\\?flag=mixed_language$`));
  expect(await review.flagCodes()).toEqual(['mixed_language']);
  await expect(page.getByTestId('context-prompt')).toHaveText(detail.prompt.text);
  await shot('review-open');

  // The flag list selects the span in the editor; typing replaces it.
  await review.jumpToFlag('mixed_language');
  await page.keyboard.type('Now write 100 as three times 33 plus a remainder of 1, so');
  await expect.poll(() => review.flagCodes()).toEqual([]);
  await review.note.fill('translated the Chinese sentence');
  await shot('review-fixed');
  await page.keyboard.press('Control+s');
  await expect(review.message).toContainText('Saved revision');
  await expect(review.historyEntries).toHaveCount(1);
  await expect(review.historyEntries.first()).toContainText('translated the Chinese sentence');
  const saved = await call(served, 'samples.get', { id: detail.sample.id });
  expect(saved.current?.completion).toContain('Now write 100 as three times 33');
  expect(saved.current?.completion).not.toContain(detail.original.completion.slice(flag.start, flag.end));
  expect(saved.flags.map((f) => f.code)).not.toContain('mixed_language');

  // Keyboard only: leave the editor, accept; the next sample of the filtered list opens.
  await page.getByTestId('screen-review').focus();
  await page.keyboard.press('a');
  const next = ids[ids.indexOf(detail.sample.id) + 1]!;
  await review.waitForEditor(next);
  const reviews = await call(served, 'samples.reviews', { id: detail.sample.id });
  expect(reviews.reviews[0]).toMatchObject({ decision: 'accepted', revisionId: saved.current!.id });
  // k goes back; the accepted sample shows its new status.
  await page.keyboard.press('k');
  await review.waitForEditor(detail.sample.id);
  await expect(review.status).toHaveText('accepted');
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcut-row')).toHaveCount(13);
  await shot('review-shortcuts');
});

test('unsaved edits survive a reload and are discarded only on purpose', async ({ page, served }) => {
  const { detail } = await mixedSample(served);
  const review = new ReviewPage(page);
  await review.open(served.url, detail.sample.id);
  await review.editor.locator('.view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' DRAFT-MARKER');
  await expect(review.save).toBeEnabled();
  await page.waitForFunction((id) => (globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage.getItem(`coldstart.draft.${id}`)?.includes('DRAFT-MARKER'), detail.sample.id);
  await page.reload();
  await review.waitForEditor(detail.sample.id);
  await expect(review.draftRestored).toBeVisible();
  await expect.poll(() => review.editorText()).toContain('DRAFT-MARKER');
  await page.getByTestId('draft-discard').click();
  await expect(review.draftRestored).toHaveCount(0);
  await expect.poll(() => review.editorText()).not.toContain('DRAFT-MARKER');
  expect((await call(served, 'samples.history', { id: detail.sample.id })).revisions).toEqual([]);
});

test('Ctrl+S in the same instant as the last keystroke saves every character', async ({ page, served }) => {
  const { detail } = await mixedSample(served);
  const review = new ReviewPage(page);
  await review.open(served.url, detail.sample.id);
  await review.editor.locator('.view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' FIRST');
  await expect.poll(() => review.editorText()).toContain('FIRST');
  // The last words and Ctrl+S in one task, as a fast typist's can be: React renders after both.
  // (Monaco reads input through the EditContext API in Chromium: a text update is a keystroke.)
  await page.evaluate(() => {
    // No DOM types in the e2e build: the page's globals, loosely.
    const w = globalThis as unknown as { document: { activeElement: any }; TextUpdateEvent: any; KeyboardEvent: any };
    const input = w.document.activeElement;
    const context = input.editContext;
    const at: number = context.selectionStart;
    const words = ' LAST-WORDS';
    context.updateText(at, at, words);
    context.updateSelection(at + words.length, at + words.length);
    context.dispatchEvent(new w.TextUpdateEvent('textupdate', { text: words, updateRangeStart: at, updateRangeEnd: at, selectionStart: at + words.length, selectionEnd: at + words.length }));
    input.dispatchEvent(new w.KeyboardEvent('keydown', { key: 's', code: 'KeyS', ctrlKey: true, bubbles: true, cancelable: true }));
  });
  await expect(review.message).toContainText('Saved revision');
  const { revisions } = await call(served, 'samples.history', { id: detail.sample.id });
  expect(revisions[0]!.completion.endsWith(' FIRST LAST-WORDS')).toBe(true);
});

test('a save against a revision someone else saved opens the conflict view; nothing is overwritten', async ({ page, browser, served, shot }) => {
  test.slow(); // two browsers and three editor loads on a shared 2-core machine
  const { detail } = await mixedSample(served);
  const id = detail.sample.id;
  const mine = new ReviewPage(page);
  await mine.open(served.url, id);

  const otherContext = await browser.newContext();
  const other = new ReviewPage(await otherContext.newPage());
  await other.open(served.url, id);
  await other.editor.locator('.view-lines').click();
  await other.page.keyboard.press('Control+End');
  await other.page.keyboard.type(' THEIRS-EDIT');
  await other.page.keyboard.press('Control+s');
  await expect(other.message).toContainText('Saved revision');
  await otherContext.close();

  await mine.editor.locator('.view-lines').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('MINE-EDIT ');
  await page.keyboard.press('Control+s');
  await expect(mine.conflict).toBeVisible();
  await expect(page.getByTestId('conflict-merge')).toBeVisible();
  await shot('review-conflict');
  const afterConflict = await call(served, 'samples.history', { id });
  expect(afterConflict.revisions).toHaveLength(1);
  expect(afterConflict.revisions[0]!.completion).toContain('THEIRS-EDIT');
  expect(afterConflict.revisions[0]!.completion).not.toContain('MINE-EDIT');

  // The merge side starts as my text; saving it puts it on top of theirs.
  await page.getByTestId('conflict-save-mine').click();
  await expect(mine.message).toContainText(`on top of revision ${afterConflict.revisions[0]!.id}`);
  const history = (await call(served, 'samples.history', { id })).revisions;
  expect(history).toHaveLength(2);
  expect(history[0]!.parentId).toBe(history[1]!.id);
  expect(history[0]!.completion.startsWith('MINE-EDIT ')).toBe(true);
  await expect(mine.historyEntries).toHaveCount(2);
});

test('a 50,000-character trace opens in the editor and the diff shows it against the original', async ({ page, served, shot }, testInfo) => {
  const { detail } = await mixedSample(served);
  const long = `<think>\n${'Consider the residues of powers of two modulo seven, one step at a time. '.repeat(700).slice(0, 49_900)}\n</think>\n\nThe remainder is 2.`;
  await served.backend.router.call('samples.saveRevision', { sampleId: detail.sample.id, baseRevisionId: null, completion: long }, { actor: LOCAL_ACTOR });
  const review = new ReviewPage(page);
  await review.open(served.url, detail.sample.id);
  const openMs = Number(await page.getByTestId('editor-frame').getAttribute('data-open-ms'));
  // Reported, not asserted: wall-clock limits make tests flaky on a shared machine.
  testInfo.annotations.push({ type: 'editor-open-ms', description: String(openMs) });
  console.log(`editor open (load + first frame) for ${long.length} chars: ${openMs} ms`);
  expect(openMs).toBeGreaterThan(0);
  await page.getByTestId('screen-review').focus();
  await page.keyboard.press('d');
  await expect(page.getByTestId('original-diff').locator('.editor.modified')).toBeVisible();
  await shot('review-diff');
});
