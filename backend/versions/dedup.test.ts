import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Workspace } from '../../db/workspace.ts';
import { commitVersion, versionsRepo } from './commit.ts';
import { checkSelection, checkSummary, readEvalPrompts } from './dedup.ts';
import { seedSamples } from './fixtures.ts';
import { minhash, ngrams, similarity, tokens } from './minhash.ts';

let dir: string;
let ws: Workspace;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-dedup-'));
  ws = Workspace.open(path.join(dir, 'ws'));
});
afterEach(() => {
  ws.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const words = (seed: number, n: number) => Array.from({ length: n }, (_, i) => `w${(i * 7919 + seed * 104729) % 5003}`).join(' ');

describe('dedup and decontamination check', () => {
  it('finds exact duplicates after normalising case, width and whitespace', () => {
    const ids = seedSamples(ws, [
      { prompt: 'a', reasoning: 'Compute  the SUM.\nIt is 4.', summary: 'Four.' },
      { prompt: 'b', reasoning: 'compute the sum. it is 4.', summary: 'four.' },
      { prompt: 'c', reasoning: 'Ｃｏｍｐｕｔｅ the sum. It is 4.', summary: 'Four.' },
      { prompt: 'd', reasoning: 'Something else entirely.', summary: 'Four.' },
    ]);
    const report = checkSelection(ws);
    expect(report.exact.groups).toHaveLength(1);
    expect(report.exact.groups[0]!.sampleIds).toEqual(ids.slice(0, 3));
    expect(report.exact.duplicateSamples).toBe(2);
  });

  it('pairs near duplicates by MinHash and leaves different reasoning alone', () => {
    const base = words(1, 300);
    const edited = base.replace(/w(\d+) w(\d+) w(\d+)$/, 'changed ending here');
    const ids = seedSamples(ws, [
      { prompt: 'a', reasoning: base, summary: 's' },
      { prompt: 'b', reasoning: edited, summary: 's' },
      { prompt: 'c', reasoning: words(2, 300), summary: 's' },
      { prompt: 'd', reasoning: words(3, 300), summary: 's' },
    ]);
    const report = checkSelection(ws);
    expect(report.near.pairs).toEqual([{ a: ids[0], b: ids[1], similarity: expect.any(Number) }]);
    expect(report.near.pairs[0]!.similarity).toBeGreaterThan(0.8);
    expect(report.near.duplicateSamples).toBe(1);
    // The MinHash estimate tracks the true Jaccard similarity of the shingle sets.
    const sa = new Set(ngrams(tokens(base), 5));
    const sb = new Set(ngrams(tokens(words(2, 300).slice(0, 800) + base.slice(800)), 5));
    const jaccard = [...sa].filter((g) => sb.has(g)).length / new Set([...sa, ...sb]).size;
    expect(Math.abs(similarity(minhash([...sa]), minhash([...sb])) - jaccard)).toBeLessThan(0.15);
  });

  it('flags prompts sharing an 8-gram with an evaluation prompt, whatever the case and spacing', () => {
    const ids = seedSamples(ws, [
      { prompt: 'Let x be the number of apples Tom has if he buys three more and gives two away', reasoning: 'r1', summary: 's' },
      { prompt: 'Let x be the number of apples Tom has if he buys three more and gives two away', reasoning: 'r2', summary: 's' },
      { prompt: 'An unrelated question about triangles and their angles in a plane', reasoning: 'r3', summary: 's' },
      { prompt: '求方程的解', reasoning: 'r4', summary: 's' },
    ]);
    const evalPrompts = ['QUESTION 12: the number of  apples Tom has if he buys three more, how many?', '求方程的解'];
    const report = checkSelection(ws, { evalPrompts });
    expect(report.contamination.sampleCount).toBe(3);
    expect(report.contamination.hits.map((h) => [h.sampleId, h.evalIndex])).toEqual([
      [ids[0], 0],
      [ids[1], 0],
      [ids[3], 1],
    ]);
    expect(report.contamination.hits[0]!.ngram).toBe('the number of apples tom has if he');
    expect(checkSelection(ws).contamination.sampleCount).toBe(0);
  });

  it('reports without dropping: a checked commit keeps every sample and records the counts', () => {
    seedSamples(ws, [
      { prompt: 'a', reasoning: 'same', summary: 's' },
      { prompt: 'b', reasoning: 'same', summary: 's' },
    ]);
    const report = checkSelection(ws);
    const version = commitVersion(ws, { message: 'm', authorId: null, checks: checkSummary(report) });
    expect(version.items).toBe(2);
    expect(version.stats.checks).toEqual({ exactDuplicates: 1, nearDuplicates: 0, contaminated: 0 });
    expect(versionsRepo(ws).items(version.id)).toHaveLength(2);
  });

  it('reads evaluation prompts from JSONL, JSON or plain text, with clear errors', () => {
    const file = (name: string, text: string) => (fs.writeFileSync(path.join(dir, name), text), path.join(dir, name));
    expect(readEvalPrompts(file('e.jsonl', '{"problem":"p1"}\n"p2"\n\n{"question":"p3"}\n'))).toEqual(['p1', 'p2', 'p3']);
    expect(readEvalPrompts(file('e.json', '[{"prompt":"a"},"b"]'))).toEqual(['a', 'b']);
    expect(readEvalPrompts(file('e.txt', 'one\n\ntwo\n'))).toEqual(['one', 'two']);
    expect(() => readEvalPrompts(file('bad.jsonl', '{"x":1}\n'))).toThrow(/line 1: expected a string or an object/);
    expect(() => readEvalPrompts(path.join(dir, 'missing.txt'))).toThrow(/ENOENT/);
  });
});
