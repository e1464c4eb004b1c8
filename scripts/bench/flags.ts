/**
 * Throughput of the full detector set on one core (MB/s of trace text, UTF-8) and the latency of
 * re-flagging one 20,000-character trace, the live-editor case (budget: one 16 ms frame).
 * Throughput is measured on two sets: the labelled fixtures (realistic mix of languages and
 * defects, but one problem per language, so many sentences recur and the detectors' memo caches
 * help) and the demo traces (written by another author, far fewer recurring sentences: closer to
 * new model output). It clears the memo caches before every round, so each round does the work a
 * first pass over new samples does, and copies texts with Node's Buffer, as the backend's flag
 * worker and the CLI do. Re-flag latency keeps the caches, as live editing does (and is also
 * reported cold), and uses the portable copy the renderer's web worker has.
 * `--against <index.ts>` also runs another copy of the detectors side by side on both sets and
 * prints the ratios (`--pairs N` interleaved round pairs per set, default 30).
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { clearFlagCaches, flagSample, type FlagInput } from '../../core/flags/index.ts';
import { portableUnitReader, portableUnitWriter, setUnitReader, setUnitWriter } from '../../core/flags/units.ts';
import { useNodeUnitCopies } from '../../backend/node-units.ts';
import { loadFixtures } from '../eval-flags.ts';

type Detectors = { flagSample: typeof flagSample; clearFlagCaches: typeof clearFlagCaches };

const fixtures = loadFixtures();
const inputs: FlagInput[] = fixtures.map((f) => ({ completion: f.completion, prompt: f.prompt, finishReason: f.finish_reason ?? null, task: f.task, language: f.language ?? null }));
const demo: FlagInput[] = readFileSync(new URL('../../demo/traces.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as { completion: string; prompt: string; finish_reason?: string | null })
  .map((d) => ({ completion: d.completion, prompt: d.prompt, finishReason: d.finish_reason ?? null }));
const utf8Bytes = (set: FlagInput[]) => set.reduce((a, i) => a + new TextEncoder().encode(i.completion).length, 0);

useNodeUnitCopies();
function throughput(name: string, set: FlagInput[]): void {
  const setBytes = utf8Bytes(set);
  for (let i = 0; i < 3; i++) for (const input of set) flagSample(input); // warm up the JIT and eld
  let rounds = 0;
  const t0 = performance.now();
  // CPU time as well as wall time: on a shared, overloaded machine wall time mostly measures the
  // other processes, while this process's CPU time stays close to what one free core would take.
  const cpu0 = process.cpuUsage();
  while (performance.now() - t0 < 3000) {
    clearFlagCaches();
    for (const input of set) flagSample(input);
    rounds++;
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(`throughput, ${name}: ${((setBytes * rounds) / seconds / 1e6).toFixed(1)} MB/s wall, ${((setBytes * rounds) / cpuSeconds / 1e6).toFixed(1)} MB/s of CPU time (${set.length} traces, ${(setBytes / 1e3).toFixed(0)} kB, ${rounds} rounds)`);
}
throughput('fixtures', inputs);
throughput('demo traces', demo);

// `--against path/to/entry.ts`: a module exporting another copy's `flagSample` and
// `clearFlagCaches` (e.g. an older commit's core/flags/index.ts, re-exported after that copy's own
// backend/node-units.ts is installed: otherwise it copies texts the portable way and the
// comparison is unfair). Both detector sets run in one process, rounds interleaved, CPU time per
// round; the ratio is the honest comparison on a shared machine, where absolute numbers swing.
const against = process.argv.indexOf('--against');
if (against > 0) {
  const other = (await import(pathToFileURL(resolve(process.argv[against + 1]!)).href)) as Detectors;
  const pairsArg = process.argv.indexOf('--pairs');
  const pairs = pairsArg > 0 ? Math.max(2, Number(process.argv[pairsArg + 1]) || 30) : 30;
  sideBySide('fixtures', inputs, other, pairs);
  sideBySide('demo traces', demo, other, pairs);
}

function sideBySide(name: string, set: FlagInput[], other: Detectors, pairs: number): void {
  const sets: [string, Detectors][] = [['this', { flagSample, clearFlagCaches }], ['other', other]];
  for (let i = 0; i < 3; i++) for (const [, d] of sets) for (const input of set) d.flagSample(input);
  const ms = { this: 0, other: 0 } as Record<string, number>;
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  // Per-pair ratios too: a burst of load from other processes skews the totals of a few pairs,
  // but hardly the median of their ratios.
  const ratios: number[] = [];
  for (let r = 0; r < pairs; r++) {
    const pair = { this: 0, other: 0 } as Record<string, number>;
    for (const [who, d] of r % 2 ? sets : [...sets].reverse()) {
      const c = cpuMs();
      d.clearFlagCaches();
      for (const input of set) d.flagSample(input);
      pair[who] = cpuMs() - c;
      ms[who]! += pair[who];
    }
    ratios.push(pair.other! / pair.this!);
  }
  ratios.sort((a, b) => a - b);
  const q = (f: number) => ratios[Math.min(pairs - 1, Math.floor(f * pairs))]!.toFixed(2);
  const setBytes = utf8Bytes(set);
  const rate = (t: number) => ((setBytes * pairs) / (t / 1000) / 1e6).toFixed(2);
  console.log(`side by side, ${name} (CPU, ${pairs} interleaved rounds each): this ${(ms.this! / pairs).toFixed(1)} ms/round = ${rate(ms.this!)} MB/s, other ${(ms.other! / pairs).toFixed(1)} ms/round = ${rate(ms.other!)} MB/s, this is ${(ms.other! / ms.this!).toFixed(2)}x the other (per pair: median ${q(0.5)}x, quartiles ${q(0.25)}–${q(0.75)}x)`);
}

// The renderer's web worker has no Buffer: live re-flagging copies texts code unit by code unit.
setUnitWriter(portableUnitWriter);
setUnitReader(portableUnitReader);
function latency(name: string, completion: string, prompt: string, cold: boolean): void {
  const times: number[] = [];
  for (let i = 0; i < 60; i++) {
    // A one-character edit per run, as an annotator typing does.
    const edited = completion.slice(0, 10_000) + String.fromCharCode(97 + (i % 26)) + completion.slice(10_001);
    if (cold) clearFlagCaches();
    const s = performance.now();
    flagSample({ completion: edited, prompt });
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  console.log(`re-flag 20,000-char ${name} trace${cold ? ' (cold caches)' : ''}: median ${times[30]!.toFixed(2)} ms, p95 ${times[57]!.toFixed(2)} ms, max ${times[59]!.toFixed(2)} ms`);
}

function twentyK(lang: string): { text: string; prompt: string } {
  const pool = fixtures.filter((f) => f.id.startsWith(`${lang}-`));
  let reasoning = '';
  for (let i = 0; reasoning.length < 20_000; i++) reasoning += pool[i % pool.length]!.completion.replace(/<\/?think>|&lt;\/?think&gt;/g, '') + '\n\n';
  return { text: `${reasoning.slice(0, 19_950)}\n</think>\n\nThe answer is 91.`, prompt: pool[0]!.prompt };
}
for (const lang of ['en', 'zh', 'ru']) {
  const { text, prompt } = twentyK(lang);
  latency(lang, text, prompt, false);
  latency(lang, text, prompt, true);
}
