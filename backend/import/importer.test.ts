import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parquetWriteFile } from 'hyparquet-writer';
import { Workspace } from '../../db/workspace.ts';
import { importFile } from './importer.ts';

let dir: string;
let ws: Workspace;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-import-'));
  ws = Workspace.open(path.join(dir, 'ws'));
});
afterEach(() => {
  ws.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}
const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
const sampleCount = () => ws.samples.count();

describe('importing prompts', () => {
  it('accepts the field aliases and maps the rest with --map', async () => {
    const file = write(
      'p.jsonl',
      jsonl([
        { question: 'What is 2+2?', final_answer: '4', id: 'q1' },
        { problem: 'Solve x+1=3', solution: 'x=2', task: 'math', language: 'en' },
        { instruction: 'Translate', input: 'bonjour' },
      ]),
    );
    const result = await importFile(ws, { kind: 'prompts', filePath: file });
    expect(result).toMatchObject({ rowsRead: 3, inserted: 3, duplicates: 0, rejected: 0 });
    const [a, b, c] = ws.prompts.list(0, 10);
    expect(a).toMatchObject({ text: 'What is 2+2?', referenceAnswer: '4', externalId: 'q1', task: 'math' });
    expect(b).toMatchObject({ text: 'Solve x+1=3', referenceAnswer: 'x=2', language: 'en' });
    expect(c).toMatchObject({ text: 'Translate\n\nbonjour', task: 'general' });

    const mapped = write('m.jsonl', jsonl([{ query: 'Mapped?', gold: '7' }]));
    await importFile(ws, { kind: 'prompts', filePath: mapped, map: { query: 'prompt', gold: 'answer' } });
    expect(ws.prompts.list(3, 10)[0]).toMatchObject({ text: 'Mapped?', referenceAnswer: '7' });
  });

  it('adds nothing when the same content is imported again', async () => {
    const file = write('p.jsonl', jsonl([{ prompt: 'a' }, { prompt: 'b' }]));
    await importFile(ws, { kind: 'prompts', filePath: file });
    const again = await importFile(ws, { kind: 'prompts', filePath: file });
    expect(again).toMatchObject({ inserted: 0, duplicates: 2 });
    expect(ws.prompts.count()).toBe(2);
  });
});

describe('importing traces', () => {
  it('reads every trace shape and splits reasoning from summary', async () => {
    const file = write(
      't.jsonl',
      jsonl([
        { prompt: 'P1', completion: 'thinking\n</think>\n\nThe answer is 4.' },
        { messages: [{ role: 'user', content: 'P2' }, { role: 'assistant', content: '<think>r</think>s' }] },
        { prompt: 'P3', reasoning_content: 'because', content: 'so 5' },
        { problem: 'P4', answer: '9', generations: ['<think>a</think>9', '<think>b</think>8'], finish_reasons: ['stop', 'length'] },
      ]),
    );
    const result = await importFile(ws, { kind: 'traces', filePath: file });
    expect(result).toMatchObject({ rowsRead: 4, inserted: 5, promptsCreated: 4 });
    const page = ws.samples.list({ filter: {}, sort: { field: 'id', dir: 'asc' }, cursor: null, limit: 10, withTotal: true });
    expect(page.total).toBe(5);
    const body = (i: number) => ws.samples.body(page.rows[i]!.id)!;
    expect(body(0)).toMatchObject({ reasoning: 'thinking', summary: 'The answer is 4.' });
    expect(body(1)).toMatchObject({ reasoning: 'r', summary: 's' });
    expect(body(2)).toMatchObject({ reasoning: 'because', summary: 'so 5' });
    expect(page.rows.slice(3).map((r) => [r.groupIndex, r.finishReason])).toEqual([
      [0, 'stop'],
      [1, 'length'],
    ]);
  });

  it('is atomic: one bad line anywhere imports nothing and names file, line and field', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => JSON.stringify({ prompt: `p${i}`, completion: `c${i}` }));
    rows[37] = JSON.stringify({ text: 'no prompt here', completion: 'x' });
    const file = write('bad.jsonl', rows.join('\n'));
    await expect(importFile(ws, { kind: 'traces', filePath: file })).rejects.toThrow(/bad\.jsonl line 38, field "prompt": no prompt field: expected one of prompt, question, problem, instruction/);
    expect(sampleCount()).toBe(0);
    expect(ws.prompts.count()).toBe(0);
    expect(ws.runs.count()).toBe(0);
  });

  it('with skipInvalid imports the valid rows and reports each rejected line', async () => {
    const file = write('mixed.jsonl', [JSON.stringify({ prompt: 'a', completion: 'x' }), '{not json', '[1,2]', JSON.stringify({ prompt: 'b', completion: 'y' })].join('\n'));
    const result = await importFile(ws, { kind: 'traces', filePath: file, skipInvalid: true });
    expect(result).toMatchObject({ inserted: 2, rejected: 2 });
    expect(result.rejections.map((r) => r.line)).toEqual([2, 3]);
    const report = fs.readFileSync(result.reportPath!, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(report[1]).toMatchObject({ file: 'mixed.jsonl', line: 3, reason: 'expected a JSON object, got an array' });
  });

  it('malformed JSON is a parse error even with skipInvalid off, and names the line', async () => {
    const file = write('m.jsonl', `${JSON.stringify({ prompt: 'a', completion: 'b' })}\n{"prompt": "x", completion}\n`);
    await expect(importFile(ws, { kind: 'traces', filePath: file })).rejects.toThrow(/m\.jsonl line 2: malformed JSON/);
    expect(sampleCount()).toBe(0);
  });

  it('refuses invalid UTF-8 with the line number', async () => {
    const good = Buffer.from(`${JSON.stringify({ prompt: 'a', completion: 'b' })}\n`);
    const bad = Buffer.concat([Buffer.from('{"prompt": "caf'), Buffer.from([0xe9]), Buffer.from('", "completion": "x"}\n')]);
    const file = write('latin1.jsonl', Buffer.concat([good, bad]));
    await expect(importFile(ws, { kind: 'traces', filePath: file })).rejects.toThrow(/latin1\.jsonl line 2: the line is not valid UTF-8/);
    expect(sampleCount()).toBe(0);
  });

  it('refuses an empty file and a file of blank lines', async () => {
    await expect(importFile(ws, { kind: 'traces', filePath: write('e.jsonl', '') })).rejects.toThrow(/e\.jsonl: the file is empty/);
    await expect(importFile(ws, { kind: 'traces', filePath: write('b.jsonl', '\n\n  \n') })).rejects.toThrow(/only blank lines/);
  });

  it('refuses a 50 MB single line without holding the import', async () => {
    const file = path.join(dir, 'huge.jsonl');
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, `${JSON.stringify({ prompt: 'ok', completion: 'fine' })}\n{"prompt": "p", "completion": "`);
    const block = Buffer.alloc(1 << 20, 'a');
    for (let i = 0; i < 50; i++) fs.writeSync(fd, block);
    fs.writeSync(fd, '"}\n');
    fs.closeSync(fd);
    await expect(importFile(ws, { kind: 'traces', filePath: file })).rejects.toThrow(/huge\.jsonl line 2: the line is longer than 32 MiB/);
    expect(sampleCount()).toBe(0);
  });

  it('reads CSV and names a ragged row', async () => {
    const ok = write('t.csv', 'prompt,completion\n"What, exactly?","<think>x</think>y"\nP2,"multi\nline"\n');
    expect(await importFile(ws, { kind: 'traces', filePath: ok })).toMatchObject({ inserted: 2 });
    const ragged = write('r.csv', 'prompt,completion\na,b\nc,d,e\n');
    await expect(importFile(ws, { kind: 'traces', filePath: ragged })).rejects.toThrow(/r\.csv line 3: the row has a different number of fields than the header/);
    expect(sampleCount()).toBe(2);
  });

  it('reads Parquet row groups and refuses a file that only claims to be Parquet', async () => {
    const file = path.join(dir, 't.parquet');
    await parquetWriteFile({
      filename: file,
      columnData: [
        { name: 'problem', data: ['P1', 'P2', 'P3'], type: 'STRING' },
        { name: 'answer', data: ['1', '2', '3'], type: 'STRING' },
        { name: 'completion', data: ['<think>a</think>1', '<think>b</think>2', '<think>c</think>3'], type: 'STRING' },
      ],
      rowGroupSize: 2,
    });
    expect(await importFile(ws, { kind: 'traces', filePath: file })).toMatchObject({ rowsRead: 3, inserted: 3 });
    expect(ws.prompts.list(0, 5).map((p) => p.referenceAnswer)).toEqual(['1', '2', '3']);
    const fake = write('fake.parquet', jsonl([{ prompt: 'a', completion: 'b' }]));
    await expect(importFile(ws, { kind: 'traces', filePath: fake })).rejects.toThrow(/fake\.parquet: not a Parquet file/);
  });

  it('cancels cleanly, keeping nothing', async () => {
    const file = write('t.jsonl', jsonl(Array.from({ length: 100 }, (_, i) => ({ prompt: `p${i}`, completion: `c${i}` }))));
    const controller = new AbortController();
    controller.abort();
    await expect(importFile(ws, { kind: 'traces', filePath: file, signal: controller.signal })).rejects.toThrow(/cancelled/);
    expect(sampleCount()).toBe(0);
  });

  it('does not disturb samples already stored when an import fails', async () => {
    await importFile(ws, { kind: 'traces', filePath: write('a.jsonl', jsonl([{ prompt: 'keep', completion: 'me' }])) });
    await expect(importFile(ws, { kind: 'traces', filePath: write('b.jsonl', '{"prompt": "x", "completion": "y"}\n{broken\n') })).rejects.toThrow();
    expect(sampleCount()).toBe(1);
  });
});
