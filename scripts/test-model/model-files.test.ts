import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBrokenModel, makeTestModel } from '../make-test-model.ts';
import { addModel, chatTemplateKind, listModels } from '../../backend/llm/model-files.ts';

let root: string;
let good: string;
beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'coldstart-models-'));
  good = path.join(root, 'tiny.gguf');
  await makeTestModel({ path: good, kind: 'scripted' });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('models folder', () => {
  it('adds a GGUF by absolute path as a copy, then lists it with its header facts', async () => {
    const models = path.join(root, 'ws1', 'models');
    const added = await addModel(models, good, true);
    expect(added).toMatchObject({ file: 'tiny.gguf', architecture: 'llama', quantisation: 'F32', chatTemplate: 'r1', contextLength: 4096, error: null });
    expect(added.parameters).toBeGreaterThan(0);
    expect(fs.readFileSync(path.join(models, 'tiny.gguf')).equals(fs.readFileSync(good))).toBe(true);
    expect((await listModels(models)).map((m) => m.file)).toEqual(['tiny.gguf']);
    await expect(addModel(models, good, true)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('refuses paths where absolute paths are not allowed (team server), and relative paths anywhere', async () => {
    const models = path.join(root, 'ws2', 'models');
    await expect(addModel(models, good, false)).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(addModel(models, 'tiny.gguf', true)).rejects.toMatchObject({ code: 'invalid_input' });
    expect(fs.existsSync(models)).toBe(false);
  });

  it('refuses a GGUF llama.cpp would crash on, before copying it', async () => {
    const bad = path.join(root, 'bad.gguf');
    await makeBrokenModel(bad, 'missing-key:llama.feed_forward_length');
    const models = path.join(root, 'ws3', 'models');
    await expect(addModel(models, bad, true)).rejects.toMatchObject({ code: 'invalid_input' });
    expect(fs.existsSync(path.join(models, 'bad.gguf'))).toBe(false);
  });

  it('lists an unreadable file with its error instead of failing the listing', async () => {
    const models = path.join(root, 'ws4');
    fs.mkdirSync(models);
    fs.writeFileSync(path.join(models, 'junk.gguf'), 'not a gguf at all');
    const [junk] = await listModels(models);
    expect(junk).toMatchObject({ file: 'junk.gguf', architecture: null });
    expect(junk!.error).toMatch(/GGUF/i);
  });

  it('tells R1-style chat templates from others', () => {
    expect(chatTemplateKind("{{'<｜Assistant｜><think>\\n'}}")).toBe('r1');
    expect(chatTemplateKind('{% for m in messages %}<|im_start|>{{ m.role }}{% endfor %}')).toBe('other');
    expect(chatTemplateKind(undefined)).toBe('none');
  });
});
