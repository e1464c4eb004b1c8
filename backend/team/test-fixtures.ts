/** Test helpers: a workspace with N distinct traces and annotators with known tokens. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Backend } from '../backend.ts';
import { importFile } from '../import/importer.ts';
import { LOCAL_ACTOR, type Actor } from '../router.ts';

export interface TeamFixture {
  root: string;
  backend: Backend;
  tokens: Map<string, string>;
  actors: Map<string, Actor>;
  sampleIds: number[];
  cleanup(): void;
}

export async function teamFixture(samples: number, people: Array<[string, 'lead' | 'annotator']>): Promise<TeamFixture> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-team-'));
  const backend = Backend.open(path.join(root, 'ws'));
  const file = path.join(root, 't.jsonl');
  const rows = Array.from({ length: samples }, (_, i) => ({ prompt: `What is ${i}+${i}?`, answer: String(2 * i), completion: `Adding ${i} to itself.\n</think>\n\nThe answer is \\boxed{${2 * i}}.` }));
  fs.writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
  await importFile(backend.workspace, { kind: 'traces', filePath: file });
  const tokens = new Map<string, string>();
  const actors = new Map<string, Actor>();
  for (const [name, role] of people) {
    const { annotator, token } = (await backend.router.call('annotators.add', { name, role }, { actor: LOCAL_ACTOR })) as { annotator: { id: number }; token: string };
    tokens.set(name, token);
    actors.set(name, { id: annotator.id, name, role });
  }
  const sampleIds = backend.workspace.samples.idsMatching({}, samples + 1);
  return {
    root,
    backend,
    tokens,
    actors,
    sampleIds,
    cleanup() {
      backend.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
