import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Backend } from '../backend.ts';
import { chatChunks, sse, startServer, type TestServer } from '../llm/openai-test-server.ts';
import { importFile } from '../import/importer.ts';
import { LOCAL_ACTOR } from '../router.ts';
import type { EventMessage } from '../../core/contract.ts';
import { sampleSeed } from './seeds.ts';

let dir: string;
let backend: Backend;
let server: TestServer | null = null;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-gen-'));
  backend = Backend.open(path.join(dir, 'ws'));
  const prompts = path.join(dir, 'p.jsonl');
  fs.writeFileSync(prompts, ['1+1', '2+2', '3+3'].map((q, i) => JSON.stringify({ prompt: `What is ${q}?`, answer: String((i + 1) * 2), task: 'math' })).join('\n'));
  await importFile(backend.workspace, { kind: 'prompts', filePath: prompts });
});
afterEach(async () => {
  await server?.close();
  server = null;
  await backend.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** An endpoint whose answer is right for even seeds and wrong for odd ones. */
function answering(delayMs = 0) {
  return async (req: { body: Record<string, unknown> }, res: import('node:http').ServerResponse) => {
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    const messages = req.body.messages as Array<{ content: string }>;
    const q = /What is (\d)\+(\d)/.exec(messages[0]!.content)!;
    const right = Number(q[1]) + Number(q[2]);
    const seed = Number(req.body.seed);
    const answer = seed % 2 === 0 ? right : right + 1;
    sse(res, chatChunks(0, ['Adding the numbers. '], [`The answer is \\boxed{${answer}}.`]));
  };
}

const start = (url: string, extra: Record<string, unknown> = {}) =>
  backend.router.call('runs.start', { engine: { engine: 'openai', baseUrl: url, model: 'test', concurrency: 4 }, prompts: 'all', group: 4, sampling: { temperature: 0.6, seed: 7 }, ...extra }, { actor: LOCAL_ACTOR }) as Promise<{
    runId: number;
    total: number;
  }>;

describe('generation runs', () => {
  it('generates G samples per prompt with derived seeds, verifies, flags and reports progress', async () => {
    server = await startServer(answering());
    const events: EventMessage[] = [];
    backend.events.subscribe((m) => events.push(m));
    const { runId, total } = await start(server.url);
    expect(total).toBe(12);
    await backend.generation.wait(runId);
    const run = (await backend.router.call('runs.get', { runId }, { actor: LOCAL_ACTOR })) as { status: string; completed: number; verdicts: Record<string, number>; passRate: number };
    expect(run.status).toBe('done');
    expect(run.completed).toBe(12);
    const seeds = server.requests.map((r) => Number(r.body.seed));
    // Top-k was not given: an endpoint's default is off, and the run records what was applied.
    expect(server.requests.every((r) => !('top_k' in r.body))).toBe(true);
    expect(JSON.parse(backend.generation.repo.config(runId)!.params).sampling).toMatchObject({ temperature: 0.6, topP: 0.95, topK: 0 });
    const prompts = backend.workspace.prompts.list(0, 10);
    const expected = prompts.flatMap((p) => [0, 1, 2, 3].map((i) => sampleSeed(7, p.text, i)));
    expect(seeds.sort()).toEqual(expected.sort());
    const correct = expected.filter((s) => s % 2 === 0).length;
    expect(run.verdicts.correct ?? 0).toBe(correct);
    expect(run.verdicts.incorrect ?? 0).toBe(12 - correct);
    expect(run.passRate).toBeCloseTo(correct / 12);
    const page = backend.workspace.samples.list({ filter: { runId }, sort: { field: 'id', dir: 'asc' }, cursor: null, limit: 50, withTotal: false });
    expect(page.rows.every((r) => r.flagErrors >= 0 && r.length > 0)).toBe(true);
    expect(backend.workspace.stats.breakdown().unflagged).toBe(0);
    const progress = events.filter((e) => e.event === 'run.progress').map((e) => e.data as { status: string; done: number });
    expect(progress.at(-1)).toMatchObject({ status: 'done', done: 12 });
  });

  it('cancel keeps finished samples; resume fills exactly the missing pairs with the seeds they would have had', async () => {
    server = await startServer(answering(40));
    const { runId } = await start(server.url, { group: 4, engine: { engine: 'openai', baseUrl: server.url, model: 'test', concurrency: 2 } });
    await new Promise<void>((resolve) => {
      const off = backend.events.subscribe((m) => {
        if (m.event === 'run.progress' && m.data.done >= 3) {
          off();
          resolve();
        }
      });
    });
    backend.generation.cancel(runId);
    await backend.generation.wait(runId);
    const partial = backend.generation.repo.countDone(runId);
    expect(partial).toBeGreaterThanOrEqual(3);
    expect(partial).toBeLessThan(12);
    expect(backend.workspace.runs.get(runId)!.status).toBe('cancelled');
    const before = server.requests.length;
    const resumed = (await backend.router.call('runs.resume', { runId }, { actor: LOCAL_ACTOR })) as { missing: number };
    expect(resumed.missing).toBe(12 - partial);
    await backend.generation.wait(runId);
    expect(backend.generation.repo.countDone(runId)).toBe(12);
    expect(backend.workspace.runs.get(runId)!.status).toBe('done');
    // Cancelled in-flight requests were re-sent; nothing finished was generated twice.
    expect(server.requests.length - before).toBeLessThanOrEqual(12 - partial + 2);
    const indices = backend.workspace.samples
      .list({ filter: { runId }, sort: { field: 'id', dir: 'asc' }, cursor: null, limit: 50, withTotal: false })
      .rows.map((r) => `${r.promptId}:${r.groupIndex}`);
    expect(new Set(indices).size).toBe(12);
  });

  it('stops when the disk fills, keeping every stored sample intact; resume finishes once there is room', async () => {
    // ~45 kB per sample: each one needs new database pages, which a capped page count refuses
    // the way a full disk does (SQLITE_FULL).
    const reasoning = 'Adding the numbers carefully, one step at a time. '.repeat(900);
    server = await startServer(async (_req, res) => {
      await new Promise((r) => setTimeout(r, 20));
      sse(res, chatChunks(0, [reasoning], ['The answer is \\boxed{2}.']));
    });
    const { runId } = await start(server.url);
    await new Promise<void>((resolve) => {
      const off = backend.events.subscribe((m) => {
        if (m.event === 'run.progress' && m.data.done >= 2) {
          off();
          resolve();
        }
      });
    });
    const db = backend.workspace.db;
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true })}`);
    await backend.generation.wait(runId);
    const run = backend.workspace.runs.get(runId)!;
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/disk is full.*resume/);
    const kept = backend.generation.repo.countDone(runId);
    expect(kept).toBeGreaterThanOrEqual(2);
    expect(kept).toBeLessThan(12);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = backend.workspace.samples.list({ filter: { runId }, sort: { field: 'id', dir: 'asc' }, cursor: null, limit: 50, withTotal: false }).rows;
    expect(stored).toHaveLength(kept);

    db.pragma('max_page_count = 1073741823');
    await backend.router.call('runs.resume', { runId }, { actor: LOCAL_ACTOR });
    await backend.generation.wait(runId);
    expect(backend.workspace.runs.get(runId)!.status).toBe('done');
    expect(backend.generation.repo.countDone(runId)).toBe(12);
  });

  it('fails clearly when the endpoint is unreachable, and the run can be resumed later', async () => {
    const { runId } = await start('http://127.0.0.1:9');
    await backend.generation.wait(runId);
    const run = backend.workspace.runs.get(runId)!;
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/127\.0\.0\.1:9/);
    server = await startServer(answering());
    // The stored endpoint is the dead one; a resumed run fails again rather than guessing.
    backend.router.call('runs.resume', { runId }, { actor: LOCAL_ACTOR });
    await backend.generation.wait(runId);
    expect(backend.workspace.runs.get(runId)!.status).toBe('failed');
  });

  it('refuses bad settings before creating a run', async () => {
    await expect(backend.router.call('runs.start', { engine: { engine: 'llama', model: 'missing.gguf' } }, { actor: LOCAL_ACTOR })).rejects.toThrow(/No model "missing.gguf"/);
    await expect(start('http://127.0.0.1:9', { template: { custom: 'no placeholder' } })).rejects.toThrow(/\{prompt\}/);
    await expect(start('http://127.0.0.1:9', { group: 65 })).rejects.toThrow(/group/);
    expect(backend.workspace.runs.count()).toBe(0);
  });

  it('marks a run left running by a dead process as interrupted', () => {
    const ws = backend.workspace;
    const id = ws.runs.create({ name: 'crashed', engine: 'openai', status: 'running', groupSize: 2 });
    const fresh = Backend.open(ws.dir);
    expect(fresh.generation.repo.config(id)!.status).toBe('interrupted');
    fresh.close();
  });
});
