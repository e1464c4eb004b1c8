/**
 * Review-table benchmark (numbers, not a test).
 *   npx tsx scripts/bench/review.ts [--samples 200000] [--kb 2]
 * Builds a workspace by direct repo inserts (prompts, samples with ~KB traces, flag rows for a
 * share of them), then times `samples.list` pages through the router for the filters and sorts
 * the review table uses (first page with total, and a deep keyset page), and the search index:
 * catch-up throughput and query time. Prints p50/p95 per query.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Backend } from '../../backend/backend.ts';
import { LOCAL_ACTOR } from '../../backend/router.ts';

const { values } = parseArgs({ options: { samples: { type: 'string', default: '200000' }, kb: { type: 'string', default: '2' }, rounds: { type: 'string', default: '40' } } });
const N = Number(values.samples);
const KB = Number(values.kb);
const ROUNDS = Number(values.rounds);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-bench-review-'));
const backend = Backend.open(path.join(root, 'ws'));
const ws = backend.workspace;
const CODES = ['mixed_language', 'repetition', 'long_paragraph', 'filler', 'no_summary'];
const para = 'We consider the structure of the problem and simplify step by step, checking each result. ';

let t = performance.now();
const runId = ws.runs.create({ name: 'bench', engine: 'import', status: 'done', groupSize: 8 });
ws.transaction(() => {
  let promptId = 0;
  for (let i = 0; i < N; i++) {
    if (i % 8 === 0) promptId = ws.prompts.upsert({ externalId: null, text: `Problem ${i}: compute expression ${i} modulo 97.`, referenceAnswer: String(i % 97), task: 'math', language: 'en', source: null, meta: null, textHash: `p${i}` }).id;
    const zh = i % 50 === 0 ? ' 现在把 100 写成 3 的倍数加余数。' : '';
    const completion = `${para.repeat(Math.max(1, Math.round((KB * 1024) / para.length)))}${zh} step ${i}\n</think>\n\nThe value is \\boxed{${i % 97}}.`;
    const id = ws.samples.insert({ runId, promptId, groupIndex: i % 8, completion, finishReason: 'stop', promptTokens: null, completionTokens: null, durationMs: null, verdict: i % 3 === 0 ? 'incorrect' : 'correct', extractedAnswer: String(i % 97), language: 'en', contentHash: `s${i}` })!;
    const flags = i % 4 === 0 ? [{ code: CODES[i % CODES.length]!, severity: i % 8 === 0 ? 'error' : 'warning', start: 0, end: 10, message: 'm' }] : [];
    ws.samples.writeFlags(id, null, flags, { language: 'en', consistency: 1 - (i % 17) / 100 }, 'bench');
  }
});
const buildS = (performance.now() - t) / 1000;
console.log(`built ${N} samples (${KB} KB traces) in ${buildS.toFixed(1)} s (${Math.round(N / buildS)} samples/s, with flag rows)`);
ws.db.exec('ANALYZE');

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
async function time(label: string, input: Record<string, unknown>): Promise<void> {
  const first: number[] = [];
  const deep: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    let t0 = performance.now();
    let page = (await backend.router.call('samples.list', { ...input, limit: 100, withTotal: r === 0 }, { actor: LOCAL_ACTOR })) as { nextCursor: string | null };
    first.push(performance.now() - t0);
    for (let k = 0; k < 5 && page.nextCursor; k++) page = (await backend.router.call('samples.list', { ...input, limit: 100, cursor: page.nextCursor }, { actor: LOCAL_ACTOR })) as { nextCursor: string | null };
    t0 = performance.now();
    if (page.nextCursor) await backend.router.call('samples.list', { ...input, limit: 100, cursor: page.nextCursor }, { actor: LOCAL_ACTOR });
    deep.push(performance.now() - t0);
  }
  console.log(`${label.padEnd(44)} first page p50 ${pct(first, 50).toFixed(2)} ms p95 ${pct(first, 95).toFixed(2)} ms | 7th page p50 ${pct(deep, 50).toFixed(2)} ms p95 ${pct(deep, 95).toFixed(2)} ms`);
}

await time('id asc, no filter', { sort: { field: 'id', dir: 'asc' } });
await time('flag=repetition, length desc', { filter: { flag: 'repetition' }, sort: { field: 'length', dir: 'desc' } });
await time('status=new verdict=correct, consistency asc', { filter: { status: 'new', verdict: 'correct' }, sort: { field: 'consistency', dir: 'asc' } });
await time('clean=false, updated desc', { filter: { clean: false }, sort: { field: 'updated', dir: 'desc' } });

t = performance.now();
let indexed = 0;
while (true) {
  const n = ws.samples.search.catchUp(1000);
  if (n === 0) break;
  indexed += n;
}
const idxS = (performance.now() - t) / 1000;
console.log(`search index catch-up: ${indexed} samples in ${idxS.toFixed(1)} s (${Math.round(indexed / idxS)} samples/s)`);
await time('search "倍数加余数" (trigram)', { filter: { search: '倍数加余数' }, sort: { field: 'id', dir: 'asc' } });
await time('search "step 1234" (trigram)', { filter: { search: 'step 1234' }, sort: { field: 'id', dir: 'asc' } });
backend.close();
fs.rmSync(root, { recursive: true, force: true });
