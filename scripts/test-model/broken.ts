/**
 * Malformed model files for tests: each is something a user can really end up with
 * (a renamed file, an interrupted download, a bad conversion) and that llama.cpp must never see.
 */
import { open, stat, truncate, writeFile } from 'node:fs/promises';
import { makeTestModel } from '../make-test-model.ts';

export type BrokenKind =
  | 'not-gguf'
  | 'truncated'
  | 'truncated-header'
  /** `missing-key:<key>`, e.g. `missing-key:llama.feed_forward_length`. */
  | `missing-key:${string}`;

export async function makeBrokenModel(path: string, kind: BrokenKind): Promise<void> {
  if (kind === 'not-gguf') {
    await writeFile(path, '<!DOCTYPE html><html><body>404 Not Found</body></html>\n');
    return;
  }
  if (kind.startsWith('missing-key:')) {
    await makeTestModel({ path, kind: 'random', omitKeys: [kind.slice('missing-key:'.length)] });
    return;
  }
  await makeTestModel({ path, kind: 'random' });
  const size = (await stat(path)).size;
  if (kind === 'truncated') {
    await truncate(path, Math.floor(size * 0.7));
  } else if (kind === 'truncated-header') {
    // Cut inside the tokenizer arrays: the magic is right but the metadata ends early.
    const fh = await open(path, 'r+');
    await fh.truncate(2000);
    await fh.close();
  } else {
    throw new Error(`unknown broken kind ${kind as string}`);
  }
}
