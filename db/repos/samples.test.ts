import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { splitTrace } from '../../core/trace.ts';
import { Workspace } from '../workspace.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-samples-'));
const ws = Workspace.open(dir);
afterAll(() => {
  ws.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const { id: promptId } = ws.prompts.upsert({ externalId: null, text: 'p', referenceAnswer: null, task: 'general', language: null, source: null, meta: null, textHash: 'h' });
const runId = ws.runs.create({ name: 'r', engine: 'import', status: 'done', groupSize: 1 });
let n = 0;
const store = (completion: string) =>
  ws.samples.insert({ runId, promptId, groupIndex: n++, completion, finishReason: null, promptTokens: null, completionTokens: null, durationMs: null, verdict: 'unverifiable', extractedAnswer: null, language: null, contentHash: `h${n}` })!;

describe('sample bodies', () => {
  it.each([
    ['plain', 'reasoning here\n</think>\n\nThe summary.'],
    ['opening tag and padding', '<think>\n\n  think 🤔 hard 𝔸𝔹\n</think>\n\n  Answer: 😀 x²  '],
    ['CJK and RTL', '我们先计算。שלום עולם\n</think>\n答案是 \\boxed{4}。'],
    ['R1-Zero answer tags', '<think> a </think> <answer> 42 </answer>'],
    ['no tags', 'just text 🙂'],
    ['unclosed', '<think>still 𝕏 thinking'],
    ['NUL and controls', 'a\u0000b\u0001c\n</think>\n\nsum\u0000mary'],
  ])('reads back the reasoning and summary exactly: %s', (_name, completion) => {
    const id = store(completion);
    const body = ws.samples.body(id)!;
    const split = splitTrace(completion);
    expect(body.completion).toBe(completion);
    expect(body.reasoning).toBe(split.reasoning);
    expect(body.summary).toBe(split.summary);
  });

  it('stores a lone surrogate as U+FFFD and keeps the spans aligned', () => {
    const id = store('x\ud800y\n</think>\n\nz\udc00w');
    const body = ws.samples.body(id)!;
    expect(body.reasoning).toBe('x\ufffdy');
    expect(body.summary).toBe('z\ufffdw');
  });
});
