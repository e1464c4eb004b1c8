/**
 * Turning one imported record (a JSONL object, a CSV row, a Parquet row) into a prompt or
 * one or more traces. Field names vary between datasets, so each concept accepts a list of
 * aliases, and users can rename anything else with `--map from=to`.
 */
import { joinTrace } from '../trace.ts';

export const PROMPT_FIELDS = ['prompt', 'question', 'problem', 'instruction'] as const;
/** Short final answers win over worked solutions when a row has both (OpenR1 rows do). */
export const ANSWER_FIELDS = ['answer', 'final_answer', 'reference_answer', 'solution'] as const;
export const TASKS = ['math', 'code', 'logic', 'general'] as const;
export type TaskName = (typeof TASKS)[number];

export class RecordError extends Error {
  constructor(
    readonly field: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'RecordError';
  }
}

export interface PromptRecord {
  externalId: string | null;
  text: string;
  referenceAnswer: string | null;
  task: TaskName;
  language: string | null;
  source: string | null;
  meta: Record<string, unknown> | null;
}

export interface TraceRecord {
  prompt: PromptRecord | null;
  /** When the row names its prompt only by id (e.g. `prompt_id`), the importer looks it up. */
  promptRef: string | null;
  completion: string;
  finishReason: string | null;
  /** Index inside a `generations[]` row, to keep OpenR1 groups in order. */
  generationIndex: number | null;
}

type Row = Record<string, unknown>;

export function asObject(value: unknown): Row {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw new RecordError(null, `expected a JSON object, got ${kind}`);
  }
  return value as Row;
}

/** Applies `--map from=to` renames; a mapped field replaces any field already named `to`. */
export function applyMap(row: Row, map: Record<string, string> | undefined): Row {
  if (!map || Object.keys(map).length === 0) return row;
  const out: Row = { ...row };
  for (const [from, to] of Object.entries(map)) {
    if (from in row) {
      out[to] = row[from];
      if (from !== to) delete out[from];
    }
  }
  return out;
}

function text(row: Row, field: string): string | null {
  const value = row[field];
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  throw new RecordError(field, `field "${field}" must be a string, got ${Array.isArray(value) ? 'an array' : typeof value}`);
}

function firstOf(row: Row, fields: readonly string[]): { field: string; value: string } | null {
  for (const field of fields) {
    const value = text(row, field);
    if (value !== null && value.trim() !== '') return { field, value };
  }
  return null;
}

const CONSUMED = new Set<string>(['id', 'task', 'language', 'source', 'input', ...PROMPT_FIELDS, ...ANSWER_FIELDS]);

export function toPromptRecord(row: Row, defaults: { source: string | null }): PromptRecord {
  const found = firstOf(row, PROMPT_FIELDS);
  if (!found) {
    throw new RecordError('prompt', `no prompt field: expected one of ${PROMPT_FIELDS.join(', ')} (or rename yours with --map yourfield=prompt)`);
  }
  let promptText = found.value;
  // Alpaca rows split the request into instruction + input.
  const input = found.field === 'instruction' ? text(row, 'input') : null;
  if (input && input.trim()) promptText = `${promptText}\n\n${input}`;
  const answer = firstOf(row, ANSWER_FIELDS);
  const taskRaw = text(row, 'task');
  let task: TaskName;
  if (taskRaw !== null && taskRaw.trim() !== '') {
    const normalised = taskRaw.trim().toLowerCase();
    if (!(TASKS as readonly string[]).includes(normalised)) throw new RecordError('task', `field "task" is "${taskRaw}"; expected one of ${TASKS.join(', ')}`);
    task = normalised as TaskName;
  } else {
    // A row with a reference answer is checkable by rule, which in these datasets means math.
    task = answer ? 'math' : 'general';
  }
  const meta: Row = {};
  for (const [key, value] of Object.entries(row)) if (!CONSUMED.has(key) && !TRACE_FIELDS.has(key)) meta[key] = value;
  const id = row.id ?? row.prompt_id;
  return {
    externalId: id === undefined || id === null ? null : String(id),
    text: promptText,
    referenceAnswer: answer ? answer.value.trim() : null,
    task,
    language: text(row, 'language')?.trim() || null,
    source: text(row, 'source')?.trim() || defaults.source,
    meta: Object.keys(meta).length ? meta : null,
  };
}

const TRACE_FIELDS = new Set(['completion', 'messages', 'conversations', 'system', 'reasoning_content', 'content', 'generations', 'finish_reason', 'finish_reasons', 'prompt_id', 'response', 'output']);

interface Message {
  role: string;
  content: string;
  reasoning_content?: string;
}

const SHAREGPT_ROLES: Record<string, string> = { human: 'user', user: 'user', gpt: 'assistant', assistant: 'assistant', system: 'system' };

/** Chat turns from `messages` (OpenAI/TRL), `conversations` (ShareGPT) or TRL's conversational `prompt` + `completion` lists. */
function messagesOf(row: Row, field: 'messages' | 'conversations' | 'prompt+completion'): Message[] {
  const raw = field === 'prompt+completion' ? [...(row.prompt as unknown[]), ...(row.completion as unknown[])] : row[field];
  if (!Array.isArray(raw)) throw new RecordError(field, `field "${field}" must be an array of turns`);
  return raw.map((m, i) => {
    const at = `${field}[${i}]`;
    if (!m || typeof m !== 'object') throw new RecordError(at, `${at} must be an object`);
    const turn = m as Row;
    if (field === 'conversations') {
      const role = typeof turn.from === 'string' ? SHAREGPT_ROLES[turn.from] : undefined;
      if (!role) throw new RecordError(`${at}.from`, `${at}.from must be human, gpt or system`);
      if (typeof turn.value !== 'string') throw new RecordError(`${at}.value`, `${at}.value must be a string`);
      return { role, content: turn.value };
    }
    const { role, content, reasoning_content } = turn;
    if (typeof role !== 'string') throw new RecordError(`${at}.role`, `${at}.role must be a string`);
    if (typeof content !== 'string') throw new RecordError(`${at}.content`, `${at}.content must be a string`);
    return { role, content, ...(typeof reasoning_content === 'string' ? { reasoning_content } : {}) };
  });
}

/**
 * R1's cold-start pattern `|special_token|<reasoning>|special_token|<summary>`, written by the
 * r1-special export: read back as a think block so the round trip keeps reasoning and summary.
 */
const LEADING_SPECIAL = /^(\|[^|\s]{1,40}\||<\|[^>\s]{1,40}\|>|<｜[^｜\s]{1,40}｜>)/;
function fromSpecialTokens(content: string): string {
  if (content.includes('</think>')) return content;
  const first = LEADING_SPECIAL.exec(content)?.[1];
  if (!first) return content;
  const second = content.indexOf(first, first.length);
  if (second === -1) return content;
  return joinTrace(content.slice(first.length, second), content.slice(second + first.length));
}

function withReasoning(reasoning: string | null | undefined, content: string): string {
  return reasoning && reasoning.trim() ? joinTrace(reasoning, content) : content;
}

/**
 * Accepted shapes: `{prompt, completion}`, `{messages: [...]}` with an assistant turn,
 * `{prompt, reasoning_content, content}`, and OpenR1-style rows with `generations[]`
 * (one trace per generation). The prompt may also be given only as `prompt_id`.
 */
export function toTraceRecords(row: Row, defaults: { source: string | null }): TraceRecord[] {
  const finishReason = text(row, 'finish_reason');
  const chatField = row.messages !== undefined ? 'messages' : row.conversations !== undefined ? 'conversations' : Array.isArray(row.prompt) && Array.isArray(row.completion) ? 'prompt+completion' : null;
  if (chatField) {
    const messages = messagesOf(row, chatField);
    const assistant = [...messages].reverse().find((m) => m.role === 'assistant');
    if (!assistant) throw new RecordError('messages', 'no assistant turn in "messages"');
    const user = messages.find((m) => m.role === 'user');
    if (!user) throw new RecordError('messages', 'no user turn in "messages"');
    const promptRow: Row = { ...row, prompt: user.content };
    delete promptRow.messages;
    delete promptRow.conversations;
    delete promptRow.completion;
    const completion = assistant.reasoning_content ? withReasoning(assistant.reasoning_content, assistant.content) : fromSpecialTokens(assistant.content);
    return [{ prompt: toPromptRecord(promptRow, defaults), promptRef: null, completion, finishReason, generationIndex: null }];
  }
  const prompt = firstOf(row, PROMPT_FIELDS) ? toPromptRecord(row, defaults) : null;
  const promptRef = prompt ? null : text(row, 'prompt_id');
  if (!prompt && !promptRef) {
    throw new RecordError('prompt', `no prompt field: expected one of ${PROMPT_FIELDS.join(', ')}, or prompt_id naming an imported prompt (or rename yours with --map yourfield=prompt)`);
  }
  if (row.generations !== undefined) {
    if (!Array.isArray(row.generations)) throw new RecordError('generations', 'field "generations" must be an array of strings');
    const reasons = Array.isArray(row.finish_reasons) ? row.finish_reasons : [];
    return row.generations.map((g, i) => {
      if (typeof g !== 'string') throw new RecordError(`generations[${i}]`, `generations[${i}] must be a string`);
      const reason = reasons[i];
      return { prompt, promptRef, completion: g, finishReason: typeof reason === 'string' ? reason : finishReason, generationIndex: i };
    });
  }
  const completion = text(row, 'completion') ?? text(row, 'response') ?? text(row, 'output');
  if (completion !== null) return [{ prompt, promptRef, completion, finishReason, generationIndex: null }];
  const content = text(row, 'content');
  if (content !== null) return [{ prompt, promptRef, completion: withReasoning(text(row, 'reasoning_content'), content), finishReason, generationIndex: null }];
  throw new RecordError('completion', 'no completion: expected completion, messages (with an assistant turn), reasoning_content + content, or generations[]');
}
