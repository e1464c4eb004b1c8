import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Backend } from './backend.ts';
import { importFile } from './import/importer.ts';

let dir: string;
let backend: Backend;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-search-'));
  backend = Backend.open(path.join(dir, 'ws'));
});
afterEach(() => {
  backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('background search indexing', () => {
  it('indexes an import without waiting for the first search', async () => {
    const file = path.join(dir, 't.jsonl');
    fs.writeFileSync(file, Array.from({ length: 300 }, (_, i) => JSON.stringify({ prompt: `p${i}`, completion: `reasoning ${i} 我们先计算 </think> done` })).join('\n'));
    await importFile(backend.workspace, { kind: 'traces', filePath: file });
    expect(backend.workspace.samples.search.coverage().indexed).toBe(0);
    backend.events.emit('samples.changed', { reason: 'import' });
    const deadline = Date.now() + 20_000;
    while (backend.workspace.samples.search.coverage().indexed < 300 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(backend.workspace.samples.search.coverage()).toEqual({ indexed: 300, total: 300 });
  });
});
