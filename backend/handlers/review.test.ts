import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Backend } from '../backend.ts';
import { importFile } from '../import/importer.ts';
import { LOCAL_ACTOR } from '../router.ts';

let dir: string;
let backend: Backend;
const call = (name: string, input: unknown) => backend.router.call(name, input, { actor: LOCAL_ACTOR }) as Promise<any>;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-review-'));
  backend = Backend.open(path.join(dir, 'ws'));
  const file = path.join(dir, 't.jsonl');
  const rows = [
    { problem: 'What is 1+1?', answer: '2', generations: ['One and one.\n</think>\n\n\\boxed{2}', 'Hmm.\n</think>\n\n\\boxed{3}', 'No summary.\n</think>'] },
    { prompt: 'What is 2+2?', answer: '4', completion: 'Two and two.\n</think>\n\n\\boxed{4}' },
  ];
  fs.writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
  await importFile(backend.workspace, { kind: 'traces', filePath: file });
  await backend.flagger.schedule();
});
afterEach(() => {
  backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('review', () => {
  it('records a decision, updates the status, and keeps the history', async () => {
    const [first] = (await call('samples.list', {})).rows;
    await call('samples.review', { sampleId: first.id, revisionId: null, decision: 'rejected', reasons: ['wrong answer'], seconds: 12 });
    await call('samples.review', { sampleId: first.id, revisionId: null, decision: 'accepted' });
    expect((await call('samples.get', { id: first.id })).sample.status).toBe('accepted');
    const { reviews } = await call('samples.reviews', { id: first.id });
    expect(reviews.map((r: { decision: string }) => r.decision)).toEqual(['accepted', 'rejected']);
    expect(reviews[1]).toMatchObject({ reasons: ['wrong answer'], seconds: 12 });
  });

  it('refuses a decision about text that has been edited since (409)', async () => {
    const [first] = (await call('samples.list', {})).rows;
    await call('samples.saveRevision', { sampleId: first.id, baseRevisionId: null, completion: 'edited</think>\n\nok' });
    await expect(call('samples.review', { sampleId: first.id, revisionId: null, decision: 'accepted' })).rejects.toMatchObject({ code: 'conflict' });
    expect((await call('samples.get', { id: first.id })).sample.status).toBe('new');
  });

  it('bulk-accepts every clean and correct sample, leaving the rest alone', async () => {
    const { updated } = await call('samples.bulkReview', { target: { filter: { clean: true, verdict: 'correct' } }, decision: 'accepted' });
    expect(updated).toBe(2);
    const accepted = (await call('samples.list', { filter: { status: 'accepted' } })).rows;
    expect(accepted.every((r: { verdict: string; flagErrors: number }) => r.verdict === 'correct' && r.flagErrors === 0)).toBe(true);
    expect((await call('samples.list', { filter: { status: 'new' } })).rows).toHaveLength(2);
  });

  it('lists the GRPO group of a sample', async () => {
    const [first] = (await call('samples.list', {})).rows;
    const { rows } = await call('samples.group', { id: first.id });
    expect(rows.map((r: { groupIndex: number }) => r.groupIndex)).toEqual([0, 1, 2]);
    expect(rows.map((r: { verdict: string }) => r.verdict)).toEqual(['correct', 'incorrect', 'unverifiable']);
  });
});
