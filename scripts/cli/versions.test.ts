import { Command, CommanderError } from 'commander';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Workspace } from '../../db/workspace.ts';
import { seedSamples } from '../../backend/versions/fixtures.ts';
import { UsageError, type GlobalOptions } from './common.ts';
import { registerVersions } from './versions.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-cli-versions-'));
const ws = path.join(tmp, 'ws');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
beforeAll(() => {
  const w = Workspace.open(ws);
  seedSamples(w, [
    { prompt: 'What is 1+1?', reasoning: 'One and one.', summary: 'Two.' },
    { prompt: 'What is 2+2?', reasoning: 'Two and two.', summary: 'Four.' },
    { prompt: 'Draft', reasoning: 'Unreviewed.', summary: 'Maybe.', status: 'new' },
  ]);
  w.close();
});

let out: string[] = [];
afterEach(() => vi.restoreAllMocks());

/** The same program shape as scripts/cli.ts, parsed in-process. */
async function cli(...args: string[]): Promise<string> {
  out = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
  const program = new Command().name('coldstart').version('9.9.9').option('-w, --workspace <dir>').option('--json').exitOverride();
  registerVersions(program, () => program.opts<GlobalOptions>());
  for (const c of program.commands) {
    c.exitOverride();
    for (const sub of c.commands) sub.exitOverride();
  }
  await program.parseAsync(['node', 'coldstart', '-w', ws, ...args]);
  return out.join('\n');
}

describe('coldstart version / export / dedup', () => {
  it('commits, lists, shows and diffs versions', async () => {
    expect(await cli('version', 'commit', '-m', 'first cut')).toMatch(/Committed v1 {2}2 samples, 2 prompts/);
    expect(JSON.parse(await cli('--json', 'version', 'commit', '-m', 'all', '--include', 'all', '--check'))).toMatchObject({ version: { name: 'v2', items: 3 }, report: { samples: 3 } });
    expect(await cli('version', 'list')).toMatch(/^v2 .* 3 samples .*\nv1 .* 2 samples/);
    const shown = await cli('version', 'show', 'v1');
    expect(shown).toMatch(/tokens \(chars\/4, estimated\)/);
    expect(shown).toMatch(/sha256: {3}[0-9a-f]{64}/);
    expect(await cli('version', 'diff', 'v1', 'v2')).toMatch(/v1 → v2: 1 added, 0 removed, 0 changed/);
  });

  it('exports with --version after the subcommand, though the program has its own --version', async () => {
    await expect(cli('--version')).rejects.toMatchObject({ code: 'commander.version' });
    const file = path.join(tmp, 'data.jsonl');
    const text = await cli('export', '--version', 'v1', '--format', 'messages', '--out', file, '--system', 'Be careful.');
    expect(text).toMatch(/Exported 2 of 2 samples of v1 as messages/);
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0].messages[0]).toEqual({ role: 'system', content: 'Be careful.' });
    await cli('export', '--format', 'r1-special', '--out', file, '--version', 'v1', '--special-token', '<R>', '--special-token-end', '<S>');
    expect(fs.readFileSync(file, 'utf8')).toContain('<R>One and one.<S>Two.');
  });

  it('reports duplicates and contamination, dropping nothing', async () => {
    const evalFile = path.join(tmp, 'eval.txt');
    fs.writeFileSync(evalFile, 'What is 2+2?\n');
    const report = JSON.parse(await cli('--json', 'dedup', '--eval', evalFile));
    expect(report.contamination).toMatchObject({ evalPrompts: 1, sampleCount: 1 });
    expect(await cli('dedup')).toMatch(/Nothing was removed/);
  });

  it('usage mistakes are usage errors; a missing version is a plain failure', async () => {
    await expect(cli('export', '--version', 'v1', '--format', 'jsonl', '--out', 'x.jsonl')).rejects.toThrow(UsageError);
    await expect(cli('export', '--version', 'v1', '--format', 'messages', '--out', 'x.jsonl', '--split', 'val=2')).rejects.toThrow(UsageError);
    await expect(cli('version', 'commit')).rejects.toThrow(CommanderError);
    await expect(cli('version', 'commit', '-m', 'x', '--include', 'some')).rejects.toThrow(UsageError);
    await expect(cli('export', '--version', 'v7', '--format', 'messages', '--out', path.join(tmp, 'y.jsonl'))).rejects.toThrow(/no dataset version "v7"/);
    await expect(cli('export', '--version', 'v1', '--format', 'messages', '--out', path.join(tmp, 'missing', 'y.jsonl'))).rejects.toThrow(/does not exist/);
  });
});
