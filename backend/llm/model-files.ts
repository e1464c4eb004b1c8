/**
 * The workspace's models folder: GGUF files described from their headers (never loaded), and
 * models added by path. Adding copies the file in, so a run's model path stays inside the
 * workspace and the folder can be moved or shared as one piece.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../core/errors.ts';
import type { ModelFile } from '../../core/procedures/generation.ts';
import { readGgufHeader } from './gguf.ts';
import { resolveModelPath } from './factory.ts';

/**
 * DeepSeek-R1 and its distills open the assistant turn with `<｜Assistant｜>` and prefill or
 * expect `<think>`; output from such a template has R1-style reasoning without extra prompting.
 */
export function chatTemplateKind(template: string | undefined): ModelFile['chatTemplate'] {
  if (!template) return 'none';
  return template.includes('<｜Assistant｜>') || /<think>/.test(template) ? 'r1' : 'other';
}

export async function describeModel(file: string): Promise<ModelFile> {
  const bytes = fs.statSync(file).size;
  const base = { file: path.basename(file), bytes };
  try {
    const h = await readGgufHeader(file);
    const name = h.metadata['general.name'];
    return {
      ...base,
      name: typeof name === 'string' ? name : null,
      architecture: h.architecture ?? null,
      parameters: h.parameterCount ?? null,
      quantisation: h.quantisation ?? null,
      contextLength: h.contextLength ?? null,
      chatTemplate: chatTemplateKind(h.chatTemplate),
      error: null,
    };
  } catch (error) {
    return { ...base, name: null, architecture: null, parameters: null, quantisation: null, contextLength: null, chatTemplate: 'none', error: (error as Error).message };
  }
}

export async function listModels(folder: string): Promise<ModelFile[]> {
  const files = fs.existsSync(folder) ? fs.readdirSync(folder).filter((f) => f.toLowerCase().endsWith('.gguf')).sort() : [];
  return Promise.all(files.map((f) => describeModel(path.join(folder, f))));
}

/**
 * Copies a GGUF into the models folder. Only where absolute paths are allowed (desktop, CLI):
 * a team server must not read arbitrary files of its host on a client's word.
 */
export async function addModel(modelsDir: string, source: string, allowAbsolutePaths: boolean): Promise<ModelFile> {
  if (!path.isAbsolute(source)) throw new AppError('invalid_input', 'Give the absolute path of a .gguf file.', { field: 'path' });
  const file = resolveModelPath(modelsDir, source, allowAbsolutePaths);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new AppError('not_found', `No file ${file}.`, { field: 'path' });
  if (!file.toLowerCase().endsWith('.gguf')) throw new AppError('invalid_input', `${path.basename(file)} is not a .gguf file.`, { field: 'path' });
  // Reject what llama.cpp would crash on before it takes space in the folder.
  const { validateGguf } = await import('./gguf-validate.ts');
  try {
    await validateGguf(file);
  } catch (error) {
    throw new AppError('invalid_input', (error as Error).message, { field: 'path' });
  }
  fs.mkdirSync(modelsDir, { recursive: true });
  const target = path.join(modelsDir, path.basename(file));
  if (path.resolve(target) === path.resolve(file)) return describeModel(target);
  if (fs.existsSync(target)) throw new AppError('conflict', `The models folder already has a ${path.basename(file)}.`, { field: 'path' });
  // Copy to a temp name and rename, so a listing never shows a half-copied model.
  const temp = `${target}.partial`;
  await fs.promises.copyFile(file, temp);
  fs.renameSync(temp, target);
  return describeModel(target);
}
