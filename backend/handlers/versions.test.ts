import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Backend } from '../backend.ts';
import type { Router } from '../router.ts';
import { seedSamples } from '../versions/fixtures.ts';

let dir: string;
let backend: Backend;
let router: Router;
const lead = { actor: { id: null, name: 'local', role: 'lead' as const } };
const annotator = { actor: { id: null, name: 'ann', role: 'annotator' as const } };

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-vh-'));
  backend = Backend.open(dir);
  router = backend.router; // validates handler output against the contract under vitest
  seedSamples(backend.workspace, [
    { prompt: 'p1', reasoning: 'same reasoning', summary: 'A.' },
    { prompt: 'p2', reasoning: 'same reasoning', summary: 'A.' },
  ]);
});
afterEach(() => {
  backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('versions procedures', () => {
  it('commit, list, show, diff, check and export through the router, output checked against the contract', async () => {
    const events: string[] = [];
    backend.events.subscribe((m) => events.push(m.event));
    const committed = (await router.call('versions.commit', { message: 'first', check: true, evalPrompts: ['p1'] }, lead)) as { version: { name: string; stats: { checks: unknown } } };
    expect(committed.version.name).toBe('v1');
    expect(committed.version.stats.checks).toEqual({ exactDuplicates: 1, nearDuplicates: 0, contaminated: 1 });
    expect(events).toContain('versions.committed');
    await expect(router.call('versions.commit', { message: 'x' }, annotator)).rejects.toMatchObject({ code: 'forbidden' });
    await router.call('versions.commit', { message: 'second', name: 'v1-copy' }, lead);
    expect(((await router.call('versions.list', {}, annotator)) as { versions: { name: string }[] }).versions.map((v) => v.name)).toEqual(['v1-copy', 'v1']);
    expect(await router.call('versions.show', { name: 'v1-copy' }, annotator)).toMatchObject({ parent: 'v1', items: 2, author: null });
    expect(await router.call('versions.diff', { from: 'v1', to: 'v1-copy' }, annotator)).toMatchObject({ added: [], removed: [], changed: [] });
    await expect(router.call('versions.show', { name: 'v3' }, annotator)).rejects.toMatchObject({ code: 'not_found' });
    const exported = (await router.call('versions.export', { name: 'v1', format: 'alpaca', split: { val: 0.5 }, seed: 's' }, lead)) as { paths: string[]; manifestPath: string };
    expect(exported.paths.map((p) => path.relative(dir, p))).toEqual([path.join('exports', 'v1-alpaca-seeds.train.jsonl'), path.join('exports', 'v1-alpaca-seeds.val.jsonl')]);
    expect(fs.existsSync(exported.manifestPath)).toBe(true);
    expect(events).toContain('export.progress');
  });
});
