import { mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runFlagCommand } from './flag.ts';

let dir = '';
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

function io(lines: string[]): { input: string; output: string } {
  dir = mkdtempSync(join(tmpdir(), 'flag-cmd-'));
  const input = join(dir, 'in.jsonl');
  writeFileSync(input, lines.join('\n') + '\n');
  return { input, output: join(dir, 'out.jsonl') };
}

const clean = 'We add the divisors of six: one, two, three and six, which gives twelve.\n</think>\n\nThe sum is $\\boxed{12}$.';

describe('runFlagCommand', () => {
  it('writes one line per input line, in order, and keeps going after malformed lines', async () => {
    const { input, output } = io([
      JSON.stringify({ id: 'a', prompt: 'Sum the divisors of 6.', completion: clean }),
      '{not json',
      '[1, 2, 3]',
      JSON.stringify({ id: 'b', prompt: 'Sum the divisors of 6.', completion: 'We add the divisors one by one and', finish_reason: 'length' }),
      JSON.stringify({ id: 'c', messages: [{ role: 'user', content: 'Sum the divisors of 6.' }, { role: 'assistant', content: clean }] }),
      JSON.stringify({ id: 'd', prompt: 'Sum the divisors of 6.', reasoning_content: 'One, two, three and six add up to twelve.', content: '' }),
      JSON.stringify({ id: 'e', prompt: 'no completion here' }),
    ]);
    const result = await runFlagCommand({ inputPath: input, outPath: output });
    expect(result).toEqual({ lines: 7, failed: 3, linesInWorkers: 0, workersStarted: 0 });
    const rows = readFileSync(output, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.id)).toEqual(['a', null, null, 'b', 'c', 'd', null]);
    expect(rows[0].flags).toEqual([]);
    expect(rows[0].scores.language).toEqual({ target: 'en', consistency: 1 });
    expect(rows[1]).toMatchObject({ line: 2, error: expect.stringContaining('invalid JSON') });
    expect(rows[2]).toMatchObject({ line: 3, error: expect.stringContaining('not an object') });
    expect(rows[3].flags.map((f: { code: string }) => f.code)).toContain('truncated');
    expect(rows[4].flags).toEqual([]);
    expect(rows[5].flags.map((f: { code: string }) => f.code)).toEqual(['no_summary']);
    expect(rows[6]).toMatchObject({ line: 7, error: expect.stringContaining('no completion') });
  });

  it('names an input or output path it cannot use, before flagging anything', async () => {
    const { input, output } = io([JSON.stringify({ id: 1, completion: clean })]);
    const missing = join(output, '..', 'no-such-folder', 'out.jsonl');
    await expect(runFlagCommand({ inputPath: input, outPath: missing })).rejects.toThrow(/^cannot write .*no-such-folder.*ENOENT/);
    await expect(runFlagCommand({ inputPath: missing, outPath: output })).rejects.toThrow(/no-such-folder.*: cannot read the file \(ENOENT\)/);
  });

  it('passes settings through to the detectors', async () => {
    const { input, output } = io([JSON.stringify({ id: 1, completion: clean })]);
    await runFlagCommand({ inputPath: input, outPath: output, settings: { prefillThink: false } });
    const row = JSON.parse(readFileSync(output, 'utf8'));
    expect(row.flags.map((f: { code: string }) => f.code)).toEqual(['bad_think_tags']);
  });
});

describe('runFlagCommand with worker threads', () => {
  const fixtures = readdirSync(join(import.meta.dirname, '..', '..', 'core', 'flags', 'fixtures'))
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(join(import.meta.dirname, '..', '..', 'core', 'flags', 'fixtures', f), 'utf8').split('\n').filter(Boolean));

  /** Over 900 lines: several batches of 256, with bad lines on both sides of a batch boundary. */
  function manyLines(): string[] {
    const lines = Array.from({ length: 5 }, () => fixtures).flat().slice(0, 900);
    lines.splice(255, 0, '{not json');
    lines.splice(256, 0, '');
    lines.splice(700, 0, '"a string"');
    return lines;
  }

  it('writes exactly what one thread writes, in input order, with the right line numbers', async () => {
    const { input, output } = io(manyLines());
    const alone = await runFlagCommand({ inputPath: input, outPath: output, jobs: 1 });
    const expected = readFileSync(output, 'utf8');
    const logs: string[] = [];
    const shared = await runFlagCommand({ inputPath: input, outPath: output, jobs: 3, awaitWorkers: true, log: (l) => logs.push(l) });
    expect(logs).toEqual([]);
    expect(shared).toMatchObject({ lines: 903, failed: 3, workersStarted: 2 });
    expect(shared.linesInWorkers).toBeGreaterThan(256);
    expect(alone).toEqual({ lines: 903, failed: 3, linesInWorkers: 0, workersStarted: 0 });
    expect(readFileSync(output, 'utf8')).toBe(expected);
    const errors = expected.trim().split('\n').map((l) => JSON.parse(l)).filter((r) => r.error);
    expect(errors.map((r) => r.line)).toEqual([256, 257, 701]);
  });

  it('starts workers only for a run that would keep this thread busy long enough to repay them', async () => {
    const { input, output } = io(Array.from({ length: 3 }, manyLines).flat());
    // The default threshold (3 s) is far above what these 2,709 lines take (about half a second
    // here), yet they outlast the quarter second after which the rate is trusted.
    expect(await runFlagCommand({ inputPath: input, outPath: output, jobs: 2 })).toMatchObject({ workersStarted: 0, linesInWorkers: 0 });
    // With none, the workers start as soon as this thread has a rate.
    writeFileSync(input, Array.from({ length: 10 }, manyLines).flat().join('\n') + '\n');
    await runFlagCommand({ inputPath: input, outPath: output, jobs: 1 });
    const expected = readFileSync(output, 'utf8');
    const eager = await runFlagCommand({ inputPath: input, outPath: output, jobs: 2, parallelAfterSeconds: 0 });
    expect(eager.workersStarted).toBe(1);
    expect(readFileSync(output, 'utf8')).toBe(expected);
  });

  it('flags a dead worker\'s batches in this thread, losing and repeating no line', async () => {
    const { input, output } = io(manyLines());
    await runFlagCommand({ inputPath: input, outPath: output, jobs: 1 });
    const expected = readFileSync(output, 'utf8');
    const logs: string[] = [];
    const result = await runFlagCommand({
      inputPath: input,
      outPath: output,
      jobs: 2,
      awaitWorkers: true,
      workerEntry: new URL('./test-workers/dies-on-second-batch.ts', import.meta.url),
      log: (l) => logs.push(l),
    });
    expect(logs).toEqual([expect.stringContaining('a worker thread failed')]);
    expect(result.linesInWorkers).toBeGreaterThan(0);
    expect(result.linesInWorkers).toBeLessThan(result.lines);
    expect(readFileSync(output, 'utf8')).toBe(expected);
  });
});
