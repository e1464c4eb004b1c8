import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { joinTrace, splitTrace } from '../../core/trace.ts';
import { Workspace } from '../../db/workspace.ts';
import { commitVersion, getVersion, listVersions, nextVersionName, versionsRepo } from './commit.ts';
import { seedSamples } from './fixtures.ts';

let dir: string;
let ws: Workspace;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-versions-'));
  ws = Workspace.open(path.join(dir, 'ws'));
});
afterEach(() => {
  ws.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const base = { reasoning: 'Add the numbers.', summary: 'The answer is 4.' };

function edit(sampleId: number, reasoning: string, summary: string): number {
  const current = ws.samples.body(sampleId)!.current_revision_id;
  const completion = joinTrace(reasoning, summary);
  const split = splitTrace(completion);
  return ws.revisions.append({ sampleId, baseRevisionId: current, authorId: null, completion, reasoning: split.reasoning, summary: split.summary, note: null }).id;
}

describe('committing a dataset version', () => {
  it('selects by --include: accepted, clean (no error flags, not rejected) and all (not rejected)', () => {
    seedSamples(ws, [
      { prompt: 'p1', ...base, status: 'accepted' },
      { prompt: 'p2', ...base, status: 'new', flags: { codes: ['repetition'], errors: 0 } },
      { prompt: 'p3', ...base, status: 'new', flags: { codes: ['mixed_language'], errors: 1 } },
      { prompt: 'p4', ...base, status: 'rejected' },
      { prompt: 'p5', ...base, status: 'needs_rewrite' },
    ]);
    expect(commitVersion(ws, { message: 'a', authorId: null }).items).toBe(1);
    expect(commitVersion(ws, { message: 'c', include: 'clean', authorId: null }).items).toBe(3);
    expect(commitVersion(ws, { message: 'all', include: 'all', authorId: null }).items).toBe(4);
  });

  it('names versions v1, v2… with the previous one as parent, and refuses a taken name', () => {
    seedSamples(ws, [{ prompt: 'p1', ...base }]);
    const v1 = commitVersion(ws, { message: 'first', authorId: null });
    const custom = commitVersion(ws, { message: 'custom', name: 'release-1', authorId: null });
    const v2 = commitVersion(ws, { message: 'again', authorId: null });
    expect([v1.name, v1.parent]).toEqual(['v1', null]);
    expect([custom.name, custom.parent]).toEqual(['release-1', 'v1']);
    expect([v2.name, v2.parent]).toEqual(['v2', 'release-1']);
    expect(() => commitVersion(ws, { message: 'dup', name: 'v1', authorId: null })).toThrow(/already exists/);
    expect(listVersions(ws).map((v) => v.name)).toEqual(['v2', 'release-1', 'v1']);
    expect(nextVersionName(['v9', 'v10', 'x'])).toBe('v11');
  });

  it('refuses an empty selection instead of committing an empty version', () => {
    seedSamples(ws, [{ prompt: 'p1', ...base, status: 'new' }]);
    expect(() => commitVersion(ws, { message: 'm', authorId: null })).toThrow(/Nothing to commit/);
    expect(listVersions(ws)).toHaveLength(0);
  });

  it('pins the current revision: later edits change neither the version nor its hash', () => {
    const [a, b] = seedSamples(ws, [
      { prompt: 'p1', ...base },
      { prompt: 'p2', ...base },
    ]);
    const rev = edit(a!, 'Edited reasoning.', 'Edited summary.');
    const v1 = commitVersion(ws, { message: 'm', authorId: null });
    const items = versionsRepo(ws).items(v1.id);
    expect(items).toEqual([
      { sample_id: a, revision_id: rev },
      { sample_id: b, revision_id: null },
    ]);
    expect(versionsRepo(ws).itemTexts(v1.id, 0, 10)[0]).toMatchObject({ reasoning: 'Edited reasoning.', summary: 'Edited summary.' });
    edit(b!, 'Later edit.', 'Later summary.');
    expect(versionsRepo(ws).items(v1.id)).toEqual(items);
    expect(getVersion(ws, 'v1').content_sha256).toBe(v1.contentSha256);
    const v2 = commitVersion(ws, { message: 'm2', authorId: null });
    expect(v2.contentSha256).not.toBe(v1.contentSha256);
    // The schema enforces immutability, whatever a future handler tries.
    expect(() => ws.db.prepare('DELETE FROM dataset_version_items WHERE version_id = ?').run(v1.id)).toThrow(/immutable/);
  });

  it('hashes content, not ids: the same texts in another workspace give the same sha256', () => {
    const samples = [
      { prompt: 'p1', ...base },
      { prompt: 'p2', reasoning: 'r', summary: 's' },
    ];
    seedSamples(ws, samples);
    const other = Workspace.open(path.join(dir, 'other'));
    try {
      seedSamples(other, [{ prompt: 'noise', ...base, status: 'rejected' }]);
      seedSamples(other, samples);
      expect(commitVersion(other, { message: 'x', authorId: null }).contentSha256).toBe(commitVersion(ws, { message: 'y', authorId: null }).contentSha256);
    } finally {
      other.close();
    }
  });

  it('records stats by task, language, verdict and flag code, with an estimated token distribution', () => {
    seedSamples(ws, [
      { prompt: 'p1', reasoning: 'x'.repeat(4200), summary: 'y', task: 'math', language: 'en', verdict: 'correct', flags: { codes: ['repetition', 'filler'], errors: 0 } },
      { prompt: 'p1', reasoning: 'short', summary: 'y', task: 'math', language: 'en', verdict: 'incorrect', flags: { codes: ['filler'], errors: 0 } },
      { prompt: 'p2', reasoning: 'r', summary: 's', task: 'code', language: null, verdict: 'unverifiable' },
    ]);
    const { stats } = commitVersion(ws, { message: 'm', authorId: null });
    expect(stats).toMatchObject({
      samples: 3,
      prompts: 2,
      byTask: { code: 1, math: 2 },
      byLanguage: { en: 2, unknown: 1 },
      byVerdict: { correct: 1, incorrect: 1, unverifiable: 1 },
      byFlag: { filler: 2, repetition: 1 },
    });
    expect(stats.tokens.estimate).toBe('chars/4');
    expect(stats.tokens.max).toBeGreaterThanOrEqual(1000);
    expect(stats.tokens.histogram.reduce((n, b) => n + b.count, 0)).toBe(3);
    expect(stats.tokens.histogram.find((b) => b.from === 1024)!.count).toBe(1);
  });
});

describe('diffing two versions', () => {
  it('lists added, removed and changed samples, with a line diff of each changed text', async () => {
    const { diffVersions } = await import('./diff.ts');
    const [a, b, c] = seedSamples(ws, [
      { prompt: 'p1', reasoning: 'step 1\nstep 2\nstep 3', summary: 'Four.' },
      { prompt: 'p2', ...base },
      { prompt: 'p3', ...base, status: 'new' },
    ]);
    commitVersion(ws, { message: 'one', authorId: null });
    edit(a!, 'step 1\nstep two\nstep 3', 'Four.');
    new (await import('../../db/repos/seed.ts')).SeedRepo(ws.db).setStatus(b!, 'rejected');
    new (await import('../../db/repos/seed.ts')).SeedRepo(ws.db).setStatus(c!, 'accepted');
    commitVersion(ws, { message: 'two', authorId: null });
    const diff = diffVersions(ws, 'v1', 'v2');
    expect(diff).toMatchObject({ from: 'v1', to: 'v2', added: [c], removed: [b] });
    expect(diff.changed).toEqual([{ sampleId: a, fromRevisionId: null, toRevisionId: expect.any(Number) }]);
    const changedLines = diff.textDiffs[0]!.hunks.flatMap((h) => h.lines).filter((l) => l.op !== ' ');
    expect(changedLines).toEqual([
      { op: '-', text: 'step 2' },
      { op: '+', text: 'step two' },
    ]);
    expect(() => diffVersions(ws, 'v1', 'nope')).toThrow(/no dataset version "nope"/);
  });
});
