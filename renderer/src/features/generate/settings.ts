import type { ProcedureInput } from '../../../../core/contract.ts';

export type StartInput = ProcedureInput<'runs.start'>;

/** What the Generate form holds: strings as typed, so a half-typed number is not lost. */
export interface GenerateForm {
  source: 'local' | 'openai';
  model: string;
  /** Blank: every usable core. */
  threads: string;
  baseUrl: string;
  remoteModel: string;
  apiKeyEnv: string;
  prompts: 'all' | 'unsampled';
  group: string;
  temperature: string;
  topP: string;
  topK: string;
  minP: string;
  maxTokens: string;
  seed: string;
  template: 'r1-zero' | 'chat' | 'custom';
  customTemplate: string;
  instruction: 'task' | 'none' | 'custom';
  instructionText: string;
}

/** The R1 paper's evaluation settings (temperature 0.6, top-p 0.95) and a group of 8. */
export const DEFAULT_FORM: GenerateForm = {
  source: 'local',
  model: '',
  threads: '',
  baseUrl: 'http://127.0.0.1:8000/v1',
  remoteModel: '',
  apiKeyEnv: '',
  prompts: 'unsampled',
  group: '8',
  temperature: '0.6',
  topP: '0.95',
  topK: '',
  minP: '0',
  maxTokens: '4096',
  seed: '0',
  template: 'chat',
  customTemplate: '{prompt}',
  instruction: 'task',
  instructionText: '',
};

export type FormErrors = Partial<Record<keyof GenerateForm, string>>;

function number(raw: string, field: keyof GenerateForm, errors: FormErrors, o: { min: number; max: number; int?: boolean; above?: boolean }): number {
  const text = raw.trim();
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) errors[field] = 'Enter a number.';
  else if (o.int && !Number.isInteger(value)) errors[field] = 'Enter a whole number.';
  else if ((o.above ? value <= o.min : value < o.min) || value > o.max) errors[field] = o.above ? `Between ${o.min} (exclusive) and ${o.max}.` : `Between ${o.min} and ${o.max}.`;
  return value;
}

/**
 * Turns the form into a `runs.start` input, or says per field what is wrong. The limits are
 * the contract's; checking them here lets the form point at the field instead of the server.
 */
export function buildStartInput(form: GenerateForm): { input: StartInput; errors: null } | { input: null; errors: FormErrors } {
  const errors: FormErrors = {};
  const group = number(form.group, 'group', errors, { min: 1, max: 64, int: true });
  const sampling = {
    temperature: number(form.temperature, 'temperature', errors, { min: 0, max: 2 }),
    topP: number(form.topP, 'topP', errors, { min: 0, max: 1, above: true }),
    ...(form.topK.trim() === '' ? {} : { topK: number(form.topK, 'topK', errors, { min: 0, max: 1000, int: true }) }),
    minP: number(form.minP, 'minP', errors, { min: 0, max: 1 }),
    maxTokens: number(form.maxTokens, 'maxTokens', errors, { min: 1, max: 131072, int: true }),
    seed: number(form.seed, 'seed', errors, { min: 0, max: 2 ** 31 - 1, int: true }),
  };
  let engine: StartInput['engine'] | null = null;
  if (form.source === 'local') {
    if (!form.model) errors.model = 'Pick a model from the models folder, or download one.';
    else {
      const threads = form.threads.trim() === '' ? undefined : number(form.threads, 'threads', errors, { min: 1, max: 256, int: true });
      engine = { engine: 'llama', model: form.model, ...(threads !== undefined ? { threads } : {}) };
    }
  } else {
    let urlOk = false;
    try {
      urlOk = ['http:', 'https:'].includes(new URL(form.baseUrl.trim()).protocol);
    } catch {
      urlOk = false;
    }
    if (!urlOk) errors.baseUrl = 'Enter the endpoint URL, e.g. http://127.0.0.1:8000/v1.';
    if (!form.remoteModel.trim()) errors.remoteModel = 'Enter the model name the endpoint serves.';
    const keyEnv = form.apiKeyEnv.trim();
    // A name like OPENAI_API_KEY, never the key: keys must not land in the workspace.
    if (keyEnv && !/^[A-Z_][A-Z0-9_]*$/.test(keyEnv)) errors.apiKeyEnv = 'The name of an environment variable (A–Z, 0–9, _), not the key itself.';
    engine = { engine: 'openai', baseUrl: form.baseUrl.trim(), model: form.remoteModel.trim(), ...(keyEnv ? { apiKeyEnv: keyEnv } : {}) };
  }
  let template: StartInput['template'] = form.template === 'custom' ? { custom: form.customTemplate } : form.template;
  if (form.template === 'custom' && !form.customTemplate.includes('{prompt}')) {
    errors.customTemplate = 'A custom template needs {prompt} where the question goes.';
    template = 'chat';
  }
  if (form.instruction === 'custom' && !form.instructionText.trim()) errors.instructionText = 'Enter the instruction, or choose the task default.';
  if (Object.keys(errors).length > 0 || !engine) return { input: null, errors };
  const instruction = form.instruction === 'task' ? {} : { instruction: form.instruction === 'none' ? null : form.instructionText.trim() };
  return { input: { engine, prompts: form.prompts, group, sampling, template, ...instruction }, errors: null };
}
