/**
 * Re-flagging a whole workspace in the background (a settings change, `flags.reflag`): one
 * worker thread against N, run alternately in one process, with the stored flags checked equal
 * (numbers, not a test).
 *   npx tsx scripts/bench/reflag.ts [--copies 60] [--workers N] [--rounds 2]
 * The workspace holds the demo traces `copies` times over, each copy told apart by a last line,
 * so that every sample is stored (imports skip duplicate content). Each pass starts its own
 * worker threads, as the first pass after the app starts does: start-up is included.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Backend } from '../../backend/backend.ts';
import { EventBus } from '../../backend/events.ts';
import { defaultFlagWorkers, Flagger } from '../../backend/flagger.ts';
import { importFile } from '../../backend/import/importer.ts';

const { values } = parseArgs({ options: { copies: { type: 'string', default: '60' }, workers: { type: 'string' }, rounds: { type: 'string', default: '2' } } });
const copies = Number(values.copies);
const many = values.workers ? Number(values.workers) : Math.max(2, defaultFlagWorkers());
const demo = fs
  .readFileSync(new URL('../../demo/traces.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { prompt: string; completion: string });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-bench-reflag-'));
const backend = Backend.open(dir);
const file = path.join(dir, 'traces.jsonl');
fs.writeFileSync(file, Array.from({ length: copies }, (_, copy) => demo.map((d) => JSON.stringify({ prompt: d.prompt, completion: `${d.completion}\n\nCopy ${copy + 1}.` })).join('\n')).join('\n'));
await importFile(backend.workspace, { kind: 'traces', filePath: file });
await backend.flagger.schedule();
await backend.flagger.close();
const samples = backend.workspace.samples.count();
const textBytes = Buffer.byteLength(fs.readFileSync(file, 'utf8'));
console.log(`workspace: ${samples} samples, ~${(textBytes / 1e6).toFixed(1)} MB of JSONL; ${os.availableParallelism()} cores`);

function stored(): string {
  const ids = backend.workspace.samples.needingFlags('\u0000', 0, 1e9);
  return JSON.stringify(ids.map((id) => backend.workspace.samples.flagsOf(id, null)));
}

const seconds = new Map<number, number[]>();
const results = new Map<number, string>();
for (let round = 0; round < Number(values.rounds); round++) {
  for (const workers of [1, many]) {
    const flagger = new Flagger(backend.workspace, new EventBus(), { workers });
    const t0 = performance.now();
    await flagger.reflag();
    const s = (performance.now() - t0) / 1000;
    await flagger.close();
    seconds.set(workers, [...(seconds.get(workers) ?? []), s]);
    if (round === 0) results.set(workers, stored());
    console.log(`round ${round + 1}, ${workers} worker${workers > 1 ? 's' : ''}: ${s.toFixed(2)} s, ${(samples / s).toFixed(0)} samples/s`);
  }
}
const best = (n: number) => Math.min(...seconds.get(n)!);
console.log(`stored flags identical: ${results.get(1) === results.get(many)}`);
console.log(`${many} workers are ${(best(1) / best(many)).toFixed(2)}x one (best of ${values.rounds} each)`);
backend.close();
fs.rmSync(dir, { recursive: true, force: true });
