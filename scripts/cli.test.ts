import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = path.resolve(import.meta.dirname, '../bin/coldstart.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string> = {}) {
  const { COLDSTART_WORKSPACE: _drop, ...base } = process.env;
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...base, ...env }, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('coldstart CLI', () => {
  it('prints help and exits 0', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    for (const command of ['init', 'import', 'serve', 'stats', 'flag']) expect(r.stdout).toContain(command);
  });

  it('exits 2 on usage errors: unknown command, missing workspace, bad --map', () => {
    expect(run(['frobnicate']).code).toBe(2);
    const noWs = run(['stats']);
    expect(noWs.code).toBe(2);
    expect(noWs.stderr).toContain('--workspace');
    const ws = path.join(tmp, 'usage');
    expect(run(['-w', ws, 'import', 'prompts', 'x.jsonl', '--map', 'nonsense']).code).toBe(2);
    const badJobs = run(['flag', 'x.jsonl', '--jobs', '0']);
    expect(badJobs.code).toBe(2);
    expect(badJobs.stderr).toContain('--jobs');
  });

  it('flags set stores thresholds and re-flags; flags settings --json feeds flag --settings', () => {
    const ws = path.join(tmp, 'thresholds');
    expect(run(['-w', ws, 'init']).code).toBe(0);
    const file = path.join(tmp, 'one-trace.jsonl');
    fs.writeFileSync(file, JSON.stringify({ prompt: 'Q', completion: 'We add one, two and three to get six in the end.\n</think>\n\nSix.' }));
    expect(run(['-w', ws, 'import', 'traces', file]).code).toBe(0);
    const set = run(['-w', ws, 'flags', 'set', 'longParagraphWords=5']);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('Stored longParagraphWords and flagged 1 sample with them.');
    expect(JSON.parse(run(['-w', ws, '--json', 'stats']).stdout)).toMatchObject({ unflagged: 0, byFlag: { long_paragraph: 1 } });
    const shown = run(['-w', ws, '--json', 'flags', 'settings']);
    expect(JSON.parse(shown.stdout)).toMatchObject({ longParagraphWords: 5, prefillThink: true });
    const settings = path.join(tmp, 'thresholds.json');
    fs.writeFileSync(settings, shown.stdout);
    const flagged = run(['flag', file, '--settings', settings]);
    expect(JSON.parse(flagged.stdout).flags.map((f: { code: string }) => f.code)).toEqual(['long_paragraph']);
    expect(JSON.parse(run(['flag', file]).stdout).flags).toEqual([]);
    // Any command's reader may go away early: no stack trace, exit 0.
    const piped = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" -w "${ws}" flags settings | true`], { encoding: 'utf8', timeout: 60_000 });
    expect([piped.status, piped.stderr]).toEqual([0, '']);
    const bad = run(['-w', ws, 'flags', 'set', 'longParagraphWords=0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('longParagraphWords');
  });

  it('flag stops quietly, exit 0, when the reader of its output goes away (| head)', () => {
    const file = path.join(tmp, 'many.jsonl');
    const line = JSON.stringify({ prompt: 'Sum the divisors of 6.', completion: 'One, two, three and six add up to twelve.\n</think>\n\nThe sum is 12.' });
    fs.writeFileSync(file, Array.from({ length: 20_000 }, () => line).join('\n'));
    const result = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" flag "${file}" | head -c 200 > /dev/null`], { encoding: 'utf8', timeout: 60_000 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('init, import and stats round trip with --json, reading the workspace from the environment', () => {
    const ws = path.join(tmp, 'ws');
    expect(run(['init'], { COLDSTART_WORKSPACE: ws }).code).toBe(0);
    const file = path.join(tmp, 'traces.jsonl');
    fs.writeFileSync(file, [{ prompt: 'Q1', completion: 'r</think>\n\nA1' }, { prompt: 'Q2', completion: 'r</think>' }].map((r) => JSON.stringify(r)).join('\n'));
    const imported = run(['--json', 'import', 'traces', file], { COLDSTART_WORKSPACE: ws });
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ inserted: 2, promptsCreated: 2 });
    const stats = run(['--json', 'stats'], { COLDSTART_WORKSPACE: ws });
    expect(JSON.parse(stats.stdout)).toMatchObject({ prompts: 2, samples: 2, unflagged: 0, byFlag: { no_summary: 1 } });
  });

  it('exits 1 with a message naming file and line when an import fails, importing nothing', () => {
    const ws = path.join(tmp, 'fail');
    const file = path.join(tmp, 'bad.jsonl');
    fs.writeFileSync(file, '{"prompt": "a", "completion": "b"}\n{"completion": "no prompt"}\n');
    const r = run(['-w', ws, 'import', 'traces', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.jsonl line 2, field "prompt"/);
    expect(JSON.parse(run(['-w', ws, '--json', 'stats']).stdout).samples).toBe(0);
  });
});
