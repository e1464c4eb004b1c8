import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkRecord } from '../../core/formats/export-rules.ts';
import { EXPORT_FORMATS } from '../../core/formats/export.ts';
import { Workspace } from '../../db/workspace.ts';
import { importFile } from '../import/importer.ts';
import type { ChunkWriter } from './atomic-file.ts';
import { commitVersion, versionsRepo } from './commit.ts';
import { exportVersion } from './export.ts';
import { seedSamples, type SeedSample } from './fixtures.ts';

let dir: string;
let ws: Workspace;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-export-'));
  ws = Workspace.open(path.join(dir, 'ws'));
});
afterEach(() => {
  ws.close();
  fs.chmodSync(dir, 0o755);
  fs.rmSync(dir, { recursive: true, force: true });
});

function corpus(prompts: number, perPrompt: number): SeedSample[] {
  const out: SeedSample[] = [];
  for (let p = 0; p < prompts; p++) {
    for (let k = 0; k < perPrompt; k++) {
      out.push({ prompt: `Problem ${p}: what is ${p} + k? "quoted" 中文`, reasoning: `First, ${p} plus ${k}.\n\nSo it is ${p + k}.`, summary: `The answer is $\\boxed{${p + k}}$.` });
    }
  }
  return out;
}

const lines = (file: string) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const out = (name: string) => path.join(dir, name);

describe('exporting a version', () => {
  it('writes every format in its stack shape, one record per exportable item, with a manifest', async () => {
    seedSamples(ws, [...corpus(5, 2), { prompt: 'No summary here', reasoning: 'thinking', summary: '' }]);
    commitVersion(ws, { message: 'm', authorId: null });
    for (const format of EXPORT_FORMATS) {
      const result = await exportVersion(ws, { version: 'v1', format, out: out(`${format}.jsonl`), system: 'Think step by step.' });
      const records = lines(out(`${format}.jsonl`));
      expect(records).toHaveLength(10);
      for (const record of records) expect(checkRecord(format, record)).toEqual([]);
      const manifest = JSON.parse(fs.readFileSync(result.manifestPath, 'utf8'));
      expect(result.manifestPath).toBe(out(`${format}.manifest.json`));
      expect(manifest).toMatchObject({ format, version: { name: 'v1' }, filters: { include: 'accepted' }, counts: { items: 11, exported: 10, prompts: 5, skipped: { empty_summary: 1 } } });
      expect(manifest.files).toEqual([{ name: `${format}.jsonl`, split: 'train', records: 10, bytes: fs.statSync(out(`${format}.jsonl`)).size, sha256: sha(out(`${format}.jsonl`)) }]);
    }
  });

  it('gives byte-identical files (manifest included) for the same version, format and seed', async () => {
    seedSamples(ws, corpus(40, 3));
    commitVersion(ws, { message: 'm', authorId: null });
    const a = await exportVersion(ws, { version: 'v1', format: 'messages', out: out('a.jsonl'), split: { val: 0.2 }, seed: '42' });
    const b = await exportVersion(ws, { version: 'v1', format: 'messages', out: out('b.jsonl'), split: { val: 0.2 }, seed: '42' });
    expect(a.manifest.files.map((f) => f.sha256)).toEqual(b.manifest.files.map((f) => f.sha256));
    expect(fs.readFileSync(out('a.val.jsonl'))).toEqual(fs.readFileSync(out('b.val.jsonl')));
    const strip = (file: string) => fs.readFileSync(file, 'utf8').replace(/"name": "[ab]\./g, '"name": "x.');
    expect(strip(a.manifestPath)).toBe(strip(b.manifestPath));
    const c = await exportVersion(ws, { version: 'v1', format: 'messages', out: out('c.jsonl'), split: { val: 0.2 }, seed: '7' });
    expect(c.manifest.files.map((f) => f.sha256)).not.toEqual(a.manifest.files.map((f) => f.sha256));
  });

  it('splits by prompt: every sample of a prompt on one side, roughly the asked share', async () => {
    seedSamples(ws, corpus(200, 3));
    commitVersion(ws, { message: 'm', authorId: null });
    const result = await exportVersion(ws, { version: 'v1', format: 'sharegpt', out: out('s.jsonl'), split: { val: 0.1 }, seed: 'x' });
    const promptsOf = (file: string) => new Set(lines(file).map((r) => (r.conversations as { value: string }[])[0]!.value));
    const train = promptsOf(out('s.train.jsonl'));
    const val = promptsOf(out('s.val.jsonl'));
    expect([...val].filter((p) => train.has(p))).toEqual([]);
    expect(train.size + val.size).toBe(200);
    expect(val.size).toBeGreaterThan(5);
    expect(val.size).toBeLessThan(45);
    expect(result.manifest.counts.bySplit).toEqual({ train: train.size * 3, val: val.size * 3 });
  });

  it('round trip: importing an export back as traces gives the same reasoning and summary', async () => {
    seedSamples(ws, corpus(6, 2));
    const version = commitVersion(ws, { message: 'm', authorId: null });
    const expected = versionsRepo(ws).itemTexts(version.id, 0, 100).map((i) => [i.prompt, i.reasoning, i.summary]);
    for (const format of ['messages', 'reasoning-content', 'alpaca', 'sharegpt', 'prompt-completion', 'r1-special'] as const) {
      await exportVersion(ws, { version: 'v1', format, out: out(`${format}.jsonl`), system: 'sys' });
      const other = Workspace.open(path.join(dir, `back-${format}`));
      try {
        await importFile(other, { kind: 'traces', filePath: out(`${format}.jsonl`) });
        other.db.exec("UPDATE samples SET status = 'accepted'");
        const back = commitVersion(other, { message: 'back', authorId: null });
        expect(versionsRepo(other).itemTexts(back.id, 0, 100).map((i) => [i.prompt, i.reasoning, i.summary])).toEqual(expected);
        expect(back.contentSha256).toBe(version.contentSha256);
      } finally {
        other.close();
      }
    }
  });
});

describe('export bad input', () => {
  beforeEach(() => {
    seedSamples(ws, corpus(30, 2));
    commitVersion(ws, { message: 'm', authorId: null });
  });

  it('names a missing version and the ones that exist', async () => {
    await expect(exportVersion(ws, { version: 'v9', format: 'messages', out: out('x.jsonl') })).rejects.toThrow(/no dataset version "v9"; versions: v1/);
  });

  it('refuses a missing or read-only output folder and writes nothing', async () => {
    await expect(exportVersion(ws, { version: 'v1', format: 'messages', out: path.join(dir, 'nope', 'x.jsonl') })).rejects.toThrow(/does not exist/);
    const ro = path.join(dir, 'ro');
    fs.mkdirSync(ro);
    fs.chmodSync(ro, 0o555);
    try {
      // root ignores permission bits; the check is only meaningful for other users
      if (process.getuid?.() !== 0) await expect(exportVersion(ws, { version: 'v1', format: 'messages', out: path.join(ro, 'x.jsonl') })).rejects.toThrow(/not writable/);
      expect(fs.readdirSync(ro)).toEqual([]);
    } finally {
      fs.chmodSync(ro, 0o755);
    }
  });

  it('a write failing midway leaves nothing under the final names, and no temporary files', async () => {
    const target = path.join(dir, 'out');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'keep.txt'), 'unrelated');
    let written = 0;
    const failing = async (tmpPath: string): Promise<ChunkWriter> => {
      const fd = await fs.promises.open(tmpPath, 'wx');
      return {
        async write(chunk) {
          if (written > 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          written += chunk.length;
          await fd.write(chunk.subarray(0, chunk.length >> 1));
        },
        sync: () => fd.sync(),
        close: () => fd.close(),
      };
    };
    // Small pages of big records make the export flush more than once.
    const big = Array.from({ length: 60 }, (_, i) => ({ prompt: `big ${i}`, reasoning: 'r'.repeat(200_000), summary: 's' }));
    seedSamples(ws, big);
    commitVersion(ws, { message: 'big', authorId: null });
    await expect(exportVersion(ws, { version: 'v2', format: 'messages', out: path.join(target, 'x.jsonl'), openWriter: failing })).rejects.toThrow(/nothing was written under .*x\.jsonl: ENOSPC/);
    expect(fs.readdirSync(target)).toEqual(['keep.txt']);
  });

  it('rejects a split that leaves nothing for train', async () => {
    await expect(exportVersion(ws, { version: 'v1', format: 'messages', out: out('x.jsonl'), split: { val: 0.6, test: 0.5 } })).rejects.toThrow(/add up to/);
  });
});
