import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Backend } from '../backend.ts';
import { LOCAL_ACTOR } from '../router.ts';
import { seedSamples } from '../versions/fixtures.ts';

let dir: string;
let backend: Backend;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-ws-'));
  backend = Backend.open(dir);
});
afterEach(() => {
  backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const call = async <T>(name: string) => (await backend.router.call(name as never, {} as never, { actor: LOCAL_ACTOR })) as T;

describe('workspace.stats', () => {
  it('counts the runs the Generate screen lists: generation runs, not the runs imports record', async () => {
    // Seeded samples come with an import run, as the demo's traces do.
    seedSamples(backend.workspace, [{ prompt: 'p1', reasoning: 'r', summary: 'A.' }]);
    expect(backend.workspace.runs.count()).toBe(1);
    expect((await call<{ runs: number }>('workspace.stats')).runs).toBe(0);
    expect((await call<{ runs: unknown[] }>('runs.overview')).runs).toHaveLength(0);

    backend.workspace.runs.create({ name: 'group of 4', engine: 'llama', status: 'running', groupSize: 4 });
    backend.workspace.runs.create({ name: 'endpoint', engine: 'openai', status: 'done', groupSize: 8 });
    expect((await call<{ runs: number }>('workspace.stats')).runs).toBe(2);
    expect((await call<{ runs: unknown[] }>('runs.overview')).runs).toHaveLength(2);
  });
});
