// kill -9 in the middle of a real generation run (node-llama-cpp, a tiny model of our own)
// loses only the samples in flight, and `generate --resume` fills exactly what is missing.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestModel } from '../make-test-model.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/coldstart.mjs');
const PROMPTS = 24;
const GROUP = 4;
let dir: string;
let modelPath: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-crash-'));
  modelPath = (await makeTestModel({ path: path.join(dir, 'random.gguf'), kind: 'random', seed: 3 })).path;
  fs.writeFileSync(path.join(dir, 'prompts.jsonl'), Array.from({ length: PROMPTS }, (_, i) => JSON.stringify({ prompt: `Question number ${i}: what is ${i} plus ${i}?`, answer: String(2 * i) })).join('\n'));
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function cli(ws: string, args: string[]) {
  const { COLDSTART_WORKSPACE: _drop, ...env } = process.env;
  return spawnSync(process.execPath, [BIN, '-w', ws, ...args], { encoding: 'utf8', env, timeout: 240_000 });
}

const countSamples = (ws: string): number => {
  const db = new Database(path.join(ws, 'workspace.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM samples').get() as { n: number }).n;
  } catch {
    return 0;
  } finally {
    db.close();
  }
};

describe('a generation run killed with SIGKILL', () => {
  it('keeps every finished sample and resumes to exactly prompts × group, with an intact database', async () => {
    const ws = path.join(dir, 'ws');
    expect(cli(ws, ['import', 'prompts', path.join(dir, 'prompts.jsonl')]).status).toBe(0);
    const args = ['generate', '--model', modelPath, '--prompts', 'all', '--group', String(GROUP), '--max-tokens', '48', '--temperature', '0.8', '--seed', '5', '--threads', '1', '--no-gpu', '--context-size', '128'];
    const { COLDSTART_WORKSPACE: _drop, ...env } = process.env;
    const child = spawn(process.execPath, [BIN, '-w', ws, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let exited = false;
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', () => (exited = true));
    // Kill once some samples are stored but before the run can finish.
    const deadline = Date.now() + 180_000;
    let seen = 0;
    while (Date.now() < deadline) {
      expect(exited, `generate ended before it could be killed: ${stderr}`).toBe(false);
      seen = fs.existsSync(path.join(ws, 'workspace.sqlite')) ? countSamples(ws) : 0;
      if (seen >= GROUP) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    if (!exited) await new Promise((r) => child.once('exit', r));
    const afterKill = countSamples(ws);
    expect(afterKill).toBeGreaterThanOrEqual(seen);
    expect(afterKill).toBeLessThan(PROMPTS * GROUP);

    const runs = JSON.parse(cli(ws, ['--json', 'runs']).stdout) as Array<{ id: number; status: string; engine: string }>;
    const run = runs.find((r) => r.engine === 'llama')!;
    expect(run.status).toBe('interrupted');
    const resumed = cli(ws, ['--json', 'generate', '--resume', String(run.id)]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ status: 'done', completed: PROMPTS * GROUP });

    const db = new Database(path.join(ws, 'workspace.sqlite'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const pairs = db.prepare('SELECT count(*) AS n, count(DISTINCT prompt_id || \':\' || group_index) AS d FROM samples WHERE run_id = ?').get(run.id) as { n: number; d: number };
    expect(pairs).toEqual({ n: PROMPTS * GROUP, d: PROMPTS * GROUP });
    const unflagged = (db.prepare('SELECT count(*) AS n FROM samples WHERE flagged_version IS NULL').get() as { n: number }).n;
    expect(unflagged).toBe(0);
    // No --top-k given: a local run records the top-k it sampled with (llama.cpp's 40), not "off".
    const params = JSON.parse((db.prepare('SELECT params FROM runs WHERE id = ?').get(run.id) as { params: string }).params);
    expect(params.sampling).toMatchObject({ temperature: 0.8, topP: 0.95, topK: 40 });
    db.close();
  }, 300_000);
});
