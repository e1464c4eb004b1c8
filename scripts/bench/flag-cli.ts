/**
 * `coldstart flag` on a large file: one thread against `--jobs N` (default: one per core, up to
 * 8), run alternately, with the outputs checked byte for byte (numbers, not a test).
 *   npx tsx scripts/bench/flag-cli.ts [--copies 300] [--jobs N] [--rounds 2]
 * The file is the demo traces, `copies` times over, each copy with a different filler word
 * after every sentence that ends in a lower-case letter: a GRPO-like mix of novel and recurring
 * sentences rather than one set repeated verbatim, which the detectors' caches would make
 * unrealistically cheap. Rates are MB/s of completion text (UTF-8), start-up included, since
 * that is what a user waits for; the workers start once the first batches show the run is long enough.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultJobs, runFlagCommand } from '../commands/flag.ts';

const { values } = parseArgs({ options: { copies: { type: 'string', default: '300' }, jobs: { type: 'string' }, rounds: { type: 'string', default: '2' } } });
const copies = Number(values.copies);
const rounds = Number(values.rounds);
const demo = fs
  .readFileSync(new URL('../../demo/traces.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { prompt: string; completion: string; finish_reason?: string | null });

const WORDS = 'indeed clearly again carefully first next here now then still surely simply exactly roughly plainly quickly slowly briefly directly fully'.split(' ');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-bench-flag-cli-'));
const input = path.join(dir, 'traces.jsonl');
const fd = fs.openSync(input, 'w');
let textBytes = 0;
for (let copy = 0; copy < copies; copy++) {
  const lines = demo.map((d, i) => {
    let k = copy * 7919 + i;
    const completion = d.completion.replace(/([a-z])\. /g, (_m, letter: string) => {
      k = (k * 1103515245 + 12345) & 0x7fffffff;
      return `${letter} ${WORDS[k % WORDS.length]}. `;
    });
    textBytes += Buffer.byteLength(completion);
    return JSON.stringify({ id: `${copy}-${i}`, prompt: d.prompt, completion, finish_reason: d.finish_reason ?? null });
  });
  fs.writeSync(fd, lines.join('\n') + '\n');
}
fs.closeSync(fd);
const fileBytes = fs.statSync(input).size;
const jobs = values.jobs ? Number(values.jobs) : Math.max(2, defaultJobs());
console.log(`input: ${copies * demo.length} traces, ${(fileBytes / 1e6).toFixed(1)} MB of JSONL, ${(textBytes / 1e6).toFixed(1)} MB of completion text; ${os.availableParallelism()} cores`);

const seconds: Record<string, number[]> = { one: [], many: [] };
const outputs: Record<string, string> = {};
for (let round = 0; round < rounds; round++) {
  for (const [name, n] of [['one', 1], ['many', jobs]] as const) {
    const out = path.join(dir, `${name}.jsonl`);
    const t0 = performance.now();
    const result = await runFlagCommand({ inputPath: input, outPath: out, jobs: n });
    const s = (performance.now() - t0) / 1000;
    seconds[name]!.push(s);
    console.log(`round ${round + 1}, ${n === 1 ? 'one thread' : `--jobs ${n}`}: ${s.toFixed(2)} s, ${(textBytes / s / 1e6).toFixed(1)} MB/s (${result.linesInWorkers} of ${result.lines} lines in workers)`);
    if (round === 0) outputs[name] = fs.readFileSync(out, 'utf8');
  }
}
const best = (name: string) => Math.min(...seconds[name]!);
console.log(`outputs identical: ${outputs.one === outputs.many}`);
console.log(`--jobs ${jobs} is ${(best('one') / best('many')).toFixed(2)}x one thread (best of ${rounds} each: ${(textBytes / best('one') / 1e6).toFixed(1)} vs ${(textBytes / best('many') / 1e6).toFixed(1)} MB/s)`);
fs.rmSync(dir, { recursive: true, force: true });
