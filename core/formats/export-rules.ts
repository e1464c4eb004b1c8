/**
 * The shape rules the training stacks apply to each export format, written out so tests (and
 * anyone checking an export) can hold every record to them: OpenAI's chat fine-tuning data
 * checks, TRL's dataset types, LLaMA-Factory's sharegpt and alpaca layouts.
 */
import type { ExportFormatName } from './export.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '';

/** OpenAI: known roles, known keys only, non-empty string content, at least one assistant turn; we also require it last. */
export function checkOpenAiChat(messages: unknown, extraAssistantKeys: readonly string[] = []): string[] {
  const errors: string[] = [];
  if (!Array.isArray(messages) || messages.length === 0) return ['messages must be a non-empty array'];
  messages.forEach((m, i) => {
    if (!isObj(m)) return void errors.push(`messages[${i}] is not an object`);
    const allowed = ['role', 'content', 'name', 'weight', ...(m.role === 'assistant' ? extraAssistantKeys : [])];
    for (const key of Object.keys(m)) if (!allowed.includes(key)) errors.push(`messages[${i}] has unrecognised key "${key}"`);
    if (!['system', 'user', 'assistant'].includes(m.role as string)) errors.push(`messages[${i}].role "${String(m.role)}" is not system, user or assistant`);
    if (!nonEmpty(m.content)) errors.push(`messages[${i}].content must be a non-empty string`);
    if (m.role === 'system' && i !== 0) errors.push(`messages[${i}]: a system message must come first`);
  });
  const roles = messages.map((m) => (isObj(m) ? m.role : null));
  if (!roles.includes('user')) errors.push('no user message');
  if (roles[roles.length - 1] !== 'assistant') errors.push('the last message must be the assistant turn');
  return errors;
}

function checkSharegpt(record: Obj): string[] {
  const errors: string[] = [];
  const turns = record.conversations;
  if (!Array.isArray(turns) || turns.length < 2) return ['conversations must hold at least a human and a gpt turn'];
  turns.forEach((t, i) => {
    if (!isObj(t)) return void errors.push(`conversations[${i}] is not an object`);
    const expected = i % 2 === 0 ? 'human' : 'gpt';
    if (t.from !== expected) errors.push(`conversations[${i}].from must be "${expected}" (turns alternate human/gpt)`);
    if (!nonEmpty(t.value)) errors.push(`conversations[${i}].value must be a non-empty string`);
  });
  if (turns.length % 2 !== 0) errors.push('the last turn must be from gpt');
  if ('system' in record && typeof record.system !== 'string') errors.push('system must be a string');
  return errors;
}

function checkAlpaca(record: Obj): string[] {
  const errors: string[] = [];
  if (!nonEmpty(record.instruction)) errors.push('instruction must be a non-empty string');
  if (typeof record.input !== 'string') errors.push('input must be a string');
  if (!nonEmpty(record.output)) errors.push('output must be a non-empty string');
  if ('system' in record && typeof record.system !== 'string') errors.push('system must be a string');
  return errors;
}

/** Every rule the record breaks for its format; empty when it is valid. */
export function checkRecord(format: ExportFormatName, record: unknown): string[] {
  if (!isObj(record)) return ['a record must be a JSON object'];
  const keys = Object.keys(record);
  const only = (...allowed: string[]) => keys.filter((k) => !allowed.includes(k)).map((k) => `unexpected top-level key "${k}"`);
  switch (format) {
    case 'messages':
    case 'r1-special':
      return [...only('messages'), ...checkOpenAiChat(record.messages)];
    case 'reasoning-content': {
      const errors = [...only('messages'), ...checkOpenAiChat(record.messages, ['reasoning_content'])];
      const last = Array.isArray(record.messages) ? record.messages[record.messages.length - 1] : null;
      if (!isObj(last) || typeof last.reasoning_content !== 'string') errors.push('the assistant turn needs a reasoning_content string');
      return errors;
    }
    case 'prompt-completion': {
      // TRL conversational prompt-completion: prompt turns end before the assistant; the completion is the assistant's.
      const errors = only('prompt', 'completion');
      if (!Array.isArray(record.prompt) || !Array.isArray(record.completion)) return [...errors, 'prompt and completion must be arrays of messages'];
      errors.push(...checkOpenAiChat([...record.prompt, ...record.completion]));
      if (record.prompt.some((m) => isObj(m) && m.role === 'assistant')) errors.push('the prompt must not contain the assistant answer');
      if (record.completion.length !== 1 || !isObj(record.completion[0]) || record.completion[0].role !== 'assistant') errors.push('the completion must be one assistant message');
      return errors;
    }
    case 'sharegpt':
      return [...only('conversations', 'system'), ...checkSharegpt(record)];
    case 'alpaca':
      return [...only('instruction', 'input', 'output', 'system'), ...checkAlpaca(record)];
  }
}
