/**
 * Export and commit at scale: builds (once, cached in a temp folder) a workspace of N samples
 * (default 100,000; `--samples N`) by direct repo inserts, then measures in separate child
 * processes, so each peak RSS is that phase's own:
 *   - commit: one version of every sample (target ≤ 5 s)
 *   - export: that version as `messages` JSONL (target ≥ 100 MB/s, peak RSS < 300 MB)
 * Usage: npx tsx scripts/bench/export.ts [--samples N] [--format F] [--fresh]
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SeedRepo } from '../../db/repos/seed.ts';
import { Workspace } from '../../db/workspace.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : args[i + 1]!;
};
const SAMPLES = Number(arg('--samples', '100000'));
const FORMAT = arg('--format', 'messages');
const WS = path.join(os.tmpdir(), `coldstart-bench-export-${SAMPLES}`);
const OUT = path.join(os.tmpdir(), 'coldstart-bench-export-out');

const WORDS = 'first we compute the sum of both sides then divide by two so x equals three wait let me check again the derivative of f is 2x which vanishes at zero hence'.split(' ');

/** A trace of 1.5–4.5 kB of reasoning and a short summary, deterministic per index. */
function trace(i: number): { reasoning: string; summary: string } {
  let seed = i * 2654435761;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), seed);
  const words: string[] = [];
  const target = 1500 + (next() % 3000);
  let length = 0;
  while (length < target) {
    const w = WORDS[next() % WORDS.length]!;
    words.push(next() % 40 === 0 ? `${w}.\n\n` : w);
    length += w.length + 1;
  }
  return { reasoning: words.join(' '), summary: `Therefore the answer is $\\boxed{${i % 97}}$. We checked it by substituting back into the equation.` };
}

function build(): void {
  if (args.includes('--fresh')) fs.rmSync(WS, { recursive: true, force: true });
  if (fs.existsSync(path.join(WS, 'workspace.sqlite'))) {
    const ws = Workspace.open(WS);
    const n = ws.samples.count();
    ws.close();
    if (n === SAMPLES) return;
    fs.rmSync(WS, { recursive: true, force: true });
  }
  const t0 = performance.now();
  const ws = Workspace.open(WS);
  const seed = new SeedRepo(ws.db);
  ws.transaction(() => {
    const runId = ws.runs.create({ name: 'bench', engine: 'import', status: 'done', groupSize: 4 });
    for (let i = 0; i < SAMPLES; i++) {
      const promptText = `Problem ${Math.floor(i / 4)}: find x such that ${i % 13}x + 7 = ${i % 31}.`;
      const { id: promptId } = ws.prompts.upsert({ externalId: null, text: promptText, referenceAnswer: null, task: (['math', 'code', 'logic', 'general'] as const)[i % 4]!, language: i % 10 === 0 ? 'zh' : 'en', source: 'bench', meta: null, textHash: crypto.createHash('sha256').update(promptText).digest('hex') });
      const { reasoning, summary } = trace(i);
      const completion = `<think>\n${reasoning}\n</think>\n\n${summary}`;
      const id = ws.samples.insert({ runId, promptId, groupIndex: i % 4, completion, finishReason: 'stop', promptTokens: null, completionTokens: null, durationMs: null, verdict: i % 5 === 0 ? 'incorrect' : 'correct', extractedAnswer: null, language: 'en', contentHash: String(i) })!;
      seed.setStatus(id, 'accepted');
      if (i % 7 === 0) seed.setFlagSummary(id, ['repetition'], 0);
    }
  });
  ws.close();
  console.log(`built ${SAMPLES} samples in ${((performance.now() - t0) / 1000).toFixed(1)} s (${(fs.statSync(path.join(WS, 'workspace.sqlite')).size / 1e6).toFixed(0)} MB database)`);
}

async function child(phase: string): Promise<void> {
  const ws = Workspace.open(WS);
  const { commitVersion } = await import('../../backend/versions/commit.ts');
  const { exportVersion } = await import('../../backend/versions/export.ts');
  const t0 = performance.now();
  let result: Record<string, unknown>;
  if (phase === 'commit') {
    const v = commitVersion(ws, { message: 'bench', authorId: null, name: `bench-${Date.now()}` });
    result = { name: v.name, items: v.items };
  } else {
    const name = args[args.indexOf('--version') + 1]!;
    fs.mkdirSync(OUT, { recursive: true });
    const r = await exportVersion(ws, { version: name, format: FORMAT as 'messages', out: path.join(OUT, `bench.${FORMAT}.jsonl`) });
    result = { bytes: r.manifest.files.reduce((n, f) => n + f.bytes, 0), records: r.manifest.counts.exported, sha256: r.manifest.files[0]!.sha256 };
  }
  const seconds = (performance.now() - t0) / 1000;
  ws.close();
  process.stdout.write(JSON.stringify({ ...result, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}

function runChild(phase: string, extra: string[] = []): Record<string, number | string> {
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', phase, '--samples', String(SAMPLES), '--format', FORMAT, ...extra], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${phase} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, number | string>;
}

if (args.includes('--child')) await child(args[args.indexOf('--child') + 1]!);
else {
  build();
  const commit = runChild('commit');
  console.log(`commit: ${commit.items} samples in ${Number(commit.seconds).toFixed(2)} s (target ≤ 5 s), peak RSS ${Number(commit.maxRssMb).toFixed(0)} MB`);
  const runs = [runChild('export', ['--version', String(commit.name)]), runChild('export', ['--version', String(commit.name)])];
  for (const [i, e] of runs.entries()) {
    const mb = Number(e.bytes) / 1e6;
    console.log(`export #${i + 1} (${FORMAT}): ${e.records} records, ${mb.toFixed(0)} MB in ${Number(e.seconds).toFixed(2)} s = ${(mb / Number(e.seconds)).toFixed(0)} MB/s (target ≥ 100), peak RSS ${Number(e.maxRssMb).toFixed(0)} MB (target < 300)`);
  }
  console.log(`two exports byte-identical: ${runs[0]!.sha256 === runs[1]!.sha256}`);
}
