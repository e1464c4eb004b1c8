import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DETECTOR_VERSION, defaultFlagSettings } from '../core/flags/index.ts';
import { FlagSettingsDto } from '../core/procedures/flags.ts';
import { Backend } from './backend.ts';
import { EventBus } from './events.ts';
import { flagJobs, type FlagJob } from './flag-worker.ts';
import { Flagger, startFlagWorker } from './flagger.ts';
import { importFile } from './import/importer.ts';

const lead = { actor: { id: null, name: 't', role: 'lead' as const } };
const annotator = { actor: { id: 1, name: 'a', role: 'annotator' as const } };
/** A paragraph of exactly `words` words that neither repeats nor loops (the numbers differ). */
const paragraph = (words: number) =>
  Array.from({ length: Math.ceil(words / 10) }, (_, i) => `step ${i + 1} adds the pair of divisors to our running total`).join(' then ').split(' ').slice(0, words).join(' ') + '.';

let dir: string;
let backend: Backend;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-flagger-'));
  backend = Backend.open(dir);
});

afterEach(async () => {
  await backend.flagger.close();
  backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function importTraces(rows: Array<Record<string, unknown>>): Promise<void> {
  const file = path.join(dir, 'traces.jsonl');
  fs.writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
  await importFile(backend.workspace, { kind: 'traces', filePath: file });
}

/** Every sample's stored flags of its current text, by sample id. */
function storedFlags(b: Backend) {
  const ids = b.workspace.samples.needingFlags('\u0000', 0, 10_000);
  return Object.fromEntries(ids.map((id) => [id, b.workspace.samples.flagsOf(id, b.workspace.samples.body(id)?.current_revision_id ?? null)]));
}

describe('flag settings', () => {
  it('round-trip through the router: defaults, partial update, persisted across reopen', async () => {
    expect(await backend.router.call('flags.getSettings', {}, lead)).toEqual(defaultFlagSettings);
    const updated = await backend.router.call('flags.updateSettings', { longParagraphWords: 60, defaultLanguage: 'fr' }, lead);
    expect(updated).toEqual({ ...defaultFlagSettings, longParagraphWords: 60, defaultLanguage: 'fr' });
    await backend.router.call('flags.updateSettings', { fillerMinCount: 2 }, lead);
    backend.close();
    backend = Backend.open(dir);
    expect(await backend.router.call('flags.getSettings', {}, annotator)).toEqual({ ...defaultFlagSettings, longParagraphWords: 60, defaultLanguage: 'fr', fillerMinCount: 2 });
    expect(backend.flagger.currentVersion()).toMatch(new RegExp(`^${DETECTOR_VERSION.replace(/\./g, '\\.')}\\+[0-9a-f]{8}$`));
  });

  it('validates updates and keeps them for leads', async () => {
    await expect(backend.router.call('flags.updateSettings', { longParagraphWords: -5 }, lead)).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(backend.router.call('flags.updateSettings', { noSuchKey: 1 }, lead)).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(backend.router.call('flags.updateSettings', { minLanguageConsistency: 1.5 }, lead)).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(backend.router.call('flags.updateSettings', { longParagraphWords: 60 }, annotator)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await backend.router.call('flags.getSettings', {}, lead)).toEqual(defaultFlagSettings);
  });

  it('the schema lists exactly the detector settings', () => {
    expect(Object.keys(FlagSettingsDto.shape).sort()).toEqual(Object.keys(defaultFlagSettings).sort());
    expect(FlagSettingsDto.parse(defaultFlagSettings)).toEqual(defaultFlagSettings);
  });

  it('a settings change re-flags the workspace in the background, with progress', async () => {
    await importTraces([
      { prompt: 'Find the sum of the divisors of 36.', completion: `${paragraph(80)}\n\n${paragraph(30)}\n</think>\n\nThe answer is 91.` },
      { prompt: 'Find the sum of the divisors of 28.', completion: `${paragraph(40)}\n</think>\n\nThe answer is 56.` },
    ]);
    await backend.flagger.schedule();
    const codes = () => backend.workspace.samples.needingFlags('\u0000', 0, 100).map((id) => backend.workspace.samples.row(id)!.flagCodes);
    expect(codes()).toEqual([[], []]);
    const progress: unknown[] = [];
    backend.events.subscribe((m) => m.event === 'flagging.progress' && progress.push(m.data));

    await backend.router.call('flags.updateSettings', { longParagraphWords: 50 }, lead);
    expect(await backend.router.call('flags.status', {}, lead)).toMatchObject({ pending: 2, total: 2 });
    await backend.flagger.schedule();
    expect(codes()).toEqual([['long_paragraph'], []]);
    expect(progress.at(-1)).toEqual({ done: 2, total: 2 });
    expect(await backend.router.call('flags.status', {}, lead)).toEqual({ pending: 0, total: 2, running: false });

    // Back to the defaults: the flag goes away again.
    await backend.router.call('flags.updateSettings', { longParagraphWords: defaultFlagSettings.longParagraphWords }, lead);
    await backend.flagger.schedule();
    expect(codes()).toEqual([[], []]);
  });

  it('flags.reflag re-flags samples whose flags are current', async () => {
    await importTraces([{ prompt: 'Sum the divisors of 36.', completion: `${paragraph(30)}\n</think>\n\nThe answer is 91.` }]);
    await backend.flagger.schedule();
    const progress: unknown[] = [];
    backend.events.subscribe((m) => m.event === 'flagging.progress' && progress.push(m.data));
    expect(await backend.router.call('flags.reflag', {}, lead)).toMatchObject({ pending: 0, total: 1 });
    await backend.flagger.schedule();
    expect(progress).toEqual([{ done: 1, total: 1 }]);
    await expect(backend.router.call('flags.reflag', {}, annotator)).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('flagging in a worker thread', () => {
  const fixtures = fs
    .readFileSync(path.join(import.meta.dirname, '..', 'core', 'flags', 'fixtures', 'zh.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { prompt: string; completion: string; task?: string })
    .concat(fs.readFileSync(path.join(import.meta.dirname, '..', 'core', 'flags', 'fixtures', 'en.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)));

  it('the worker computes exactly what flagJobs computes in-thread', async () => {
    const jobs: FlagJob[] = fixtures.map((f, i) => ({ sampleId: i, revisionId: null, input: { completion: f.completion, prompt: f.prompt } }));
    const settings = { ...defaultFlagSettings, longParagraphWords: 90 };
    const worker = await startFlagWorker();
    try {
      expect(await worker.run({ settings, jobs })).toEqual(flagJobs(jobs, settings));
    } finally {
      await worker.close();
    }
  });

  it('several workers, many batches in flight, store what one thread stores, with progress up to the total', async () => {
    const all = fs
      .readdirSync(path.join(import.meta.dirname, '..', 'core', 'flags', 'fixtures'))
      .filter((f) => f.endsWith('.jsonl'))
      .flatMap((f) => fs.readFileSync(path.join(import.meta.dirname, '..', 'core', 'flags', 'fixtures', f), 'utf8').split('\n').filter(Boolean))
      .map((l) => JSON.parse(l) as { prompt: string; completion: string });
    await importTraces(all.map((f) => ({ prompt: f.prompt, completion: f.completion })));
    const inThread = new Flagger(backend.workspace, new EventBus(), { worker: false });
    await inThread.reflag();
    const expected = storedFlags(backend);
    expect(Object.keys(expected).length).toBeGreaterThan(150);

    const events = new EventBus();
    const progress: Array<{ done: number; total: number }> = [];
    events.subscribe((m) => m.event === 'flagging.progress' && progress.push(m.data as { done: number; total: number }));
    const logs: string[] = [];
    const pool = new Flagger(backend.workspace, events, { workers: 3, batchSize: 16, log: (l) => logs.push(l) });
    await pool.reflag();
    await pool.close();
    expect(logs).toEqual([]);
    expect(storedFlags(backend)).toEqual(expected);
    const total = Object.keys(expected).length;
    expect(progress.length).toBe(Math.ceil(total / 16));
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    expect(progress.at(-1)).toEqual({ done: total, total });
  });

  it('a background pass stores the same flags through the worker as in-thread', async () => {
    await importTraces(fixtures.map((f) => ({ prompt: f.prompt, completion: f.completion })));
    const logs: string[] = [];
    const inThread = new Flagger(backend.workspace, new EventBus(), { worker: false });
    await inThread.reflag();
    const expected = storedFlags(backend);
    expect(Object.values(expected).flat().length).toBeGreaterThan(10);

    const viaWorker = new Flagger(backend.workspace, new EventBus(), { log: (l) => logs.push(l) });
    await viaWorker.reflag();
    await viaWorker.close();
    expect(logs).toEqual([]);
    expect(storedFlags(backend)).toEqual(expected);
  });
});
