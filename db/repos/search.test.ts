import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Workspace } from '../workspace.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-search-'));
const ws = Workspace.open(dir);
afterAll(() => {
  ws.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const { id: promptId } = ws.prompts.upsert({ externalId: null, text: 'What is 2^100 mod 7?', referenceAnswer: null, task: 'math', language: null, source: null, meta: null, textHash: 'h' });
const runId = ws.runs.create({ name: 'r', engine: 'import', status: 'done', groupSize: 1 });
let n = 0;
const store = (completion: string) =>
  ws.samples.insert({ runId, promptId, groupIndex: n++, completion, finishReason: null, promptTokens: null, completionTokens: null, durationMs: null, verdict: 'unverifiable', extractedAnswer: null, language: null, contentHash: `h${n}` })!;
const search = (q: string) => ws.samples.list({ filter: { search: q }, sort: { field: 'id', dir: 'asc' }, cursor: null, limit: 50, withTotal: true });

const english = store('<think>\nThe powers of two repeat with period 3.\n</think>\n\nThe remainder is 2.');
const chinese = store('<think>\n现在把 100 写成 3 的倍数加余数，所以答案是 2。\n</think>\n\n答案是 2。');
const quoted = store('<think>\nhe said "50%_off" here\n</think>\n\nok');

describe('sample search', () => {
  it('indexes on first search and matches substrings, Chinese included, case-insensitively', () => {
    expect(ws.samples.search.coverage()).toEqual({ indexed: 0, total: 3 });
    expect(search('period 3').rows.map((r) => r.id)).toEqual([english]);
    expect(ws.samples.search.coverage()).toEqual({ indexed: 3, total: 3 });
    expect(search('倍数加余数').rows.map((r) => r.id)).toEqual([chinese]);
    expect(search('POWERS OF').rows.map((r) => r.id)).toEqual([english]);
    // Two characters are below a trigram: the LIKE fallback still finds them.
    expect(search('所以').rows.map((r) => r.id)).toEqual([chinese]);
    expect(search('2^100 mod').total).toBe(3);
  });

  it('treats quotes, % and _ as text, not syntax', () => {
    expect(search('"50%_off"').rows.map((r) => r.id)).toEqual([quoted]);
    expect(search('%_').rows.map((r) => r.id)).toEqual([quoted]);
    expect(search('zz').total).toBe(0);
  });

  it('re-indexes a sample after a revision replaces its text', () => {
    ws.revisions.append({ sampleId: english, baseRevisionId: null, authorId: null, completion: '<think>\nrewritten cleanly\n</think>\n\nTwo.', reasoning: 'rewritten cleanly', summary: 'Two.', note: null });
    ws.samples.search.invalidate();
    expect(search('rewritten clean').rows.map((r) => r.id)).toEqual([english]);
    expect(search('period 3').total).toBe(0);
  });
});
