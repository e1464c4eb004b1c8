/**
 * Import and table-query benchmark (numbers, not a test).
 *   npx tsx scripts/bench/import.ts [--samples 100000] [--kb 10]
 * Writes a JSONL file of synthetic R1-style traces (~KB each, with reference answers, half
 * of them correct), imports it into a fresh workspace, and reports samples/s, MB/s and peak
 * resident memory; then times `samples.list` pages over the result for common filters/sorts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Backend } from '../../backend/backend.ts';
import { importFile } from '../../backend/import/importer.ts';
import { LOCAL_ACTOR } from '../../backend/router.ts';

const { values } = parseArgs({ options: { samples: { type: 'string', default: '100000' }, kb: { type: 'string', default: '10' }, keep: { type: 'boolean', default: false } } });
const N = Number(values.samples);
const KB = Number(values.kb);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-bench-import-'));
const file = path.join(dir, 'traces.jsonl');

const paragraph = 'We need to find the value carefully. First, consider the structure of the problem and write down what is known. Then simplify step by step, checking each intermediate result against the constraints. ';
function trace(i: number): string {
  const body = paragraph.repeat(Math.max(1, Math.round((KB * 1024) / paragraph.length)));
  const right = i % 97;
  const answer = i % 2 === 0 ? right : right + 1;
  return JSON.stringify({ prompt: `Problem ${i}: compute the value of expression number ${i} modulo 97.`, answer: String(right), task: 'math', completion: `${body}\n</think>\n\nThe value is \\boxed{${answer}}.` });
}

let t = performance.now();
const out = fs.createWriteStream(file);
for (let i = 0; i < N; i++) if (!out.write(`${trace(i)}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
await new Promise<void>((r) => out.end(r));
const bytes = fs.statSync(file).size;
console.log(`wrote ${N} traces, ${(bytes / 1e6).toFixed(0)} MB, in ${((performance.now() - t) / 1000).toFixed(1)} s`);

const backend = Backend.open(path.join(dir, 'ws'));
const rssBefore = process.memoryUsage().rss;
t = performance.now();
let peakRss = rssBefore;
const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const result = await importFile(backend.workspace, { kind: 'traces', filePath: file });
clearInterval(timer);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
const seconds = (performance.now() - t) / 1000;
console.log(`import: ${result.inserted} samples in ${seconds.toFixed(1)} s = ${Math.round(result.inserted / seconds)} samples/s, ${(bytes / 1e6 / seconds).toFixed(1)} MB/s; peak RSS ${(peakRss / 1e6).toFixed(0)} MB (target: >= 10000 samples/s, < 300 MB)`);

async function time(label: string, input: Record<string, unknown>) {
  const runs: number[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 30; i++) {
    const s = performance.now();
    const page = (await backend.router.call('samples.list', { ...input, limit: 100, cursor }, { actor: LOCAL_ACTOR })) as { nextCursor: string | null };
    runs.push(performance.now() - s);
    cursor = i % 10 === 9 ? null : page.nextCursor;
  }
  runs.sort((a, b) => a - b);
  console.log(`samples.list ${label.padEnd(34)} p50 ${runs[15]!.toFixed(2)} ms  p95 ${runs[28]!.toFixed(2)} ms (target p95 <= 20 ms)`);
}
await time('id asc', {});
await time('updated desc', { sort: { field: 'updated', dir: 'desc' } });
await time('length desc', { sort: { field: 'length', dir: 'desc' } });
await time('verdict=incorrect', { filter: { verdict: 'incorrect' } });
await time('status=new, sort length', { filter: { status: 'new' }, sort: { field: 'length', dir: 'desc' } });

backend.close();
if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${dir}`);
