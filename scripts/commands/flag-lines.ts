/**
 * One line of `coldstart flag`'s input made into its output line: parsed, shaped into a
 * `FlagInput` and flagged, or made into an error line that names the problem. Pure and
 * synchronous, so the command's worker threads and its in-thread path give the same bytes.
 */
import { flagSample, type FlagSettings, type FlagInput } from '../../core/flags/index.ts';

type Row = Record<string, unknown>;

const TASKS = new Set(['math', 'code', 'logic', 'general']);

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  // OpenAI-style content parts: [{type: "text", text: "…"}].
  if (Array.isArray(v)) return v.map((p) => (p && typeof p === 'object' && typeof (p as Row).text === 'string' ? (p as Row).text : '')).join('');
  return undefined;
}

/** Accepts the three input shapes of the contract; throws with a user-facing message otherwise. */
export function toFlagInput(row: Row): FlagInput {
  let prompt = text(row.prompt);
  let completion = text(row.completion);
  if (completion === undefined && Array.isArray(row.messages)) {
    const messages = row.messages.filter((m): m is Row => !!m && typeof m === 'object');
    const role = (m: Row) => m.role ?? m.from;
    const lastAssistant = [...messages].reverse().find((m) => role(m) === 'assistant' || role(m) === 'gpt');
    const firstUser = messages.find((m) => role(m) === 'user' || role(m) === 'human');
    if (!lastAssistant) throw new Error('messages has no assistant turn');
    const reasoning = text(lastAssistant.reasoning_content);
    const content = text(lastAssistant.content ?? lastAssistant.value) ?? '';
    completion = reasoning !== undefined ? `<think>\n${reasoning}\n</think>\n\n${content}` : content;
    prompt ??= firstUser ? text(firstUser.content ?? firstUser.value) : undefined;
  }
  if (completion === undefined && (row.reasoning_content !== undefined || row.content !== undefined)) {
    completion = `<think>\n${text(row.reasoning_content) ?? ''}\n</think>\n\n${text(row.content) ?? ''}`;
  }
  if (completion === undefined) throw new Error('no completion: expected "completion", "messages" or "reasoning_content"/"content"');
  const finish = row.finish_reason ?? row.finishReason;
  const task = typeof row.task === 'string' && TASKS.has(row.task) ? (row.task as FlagInput['task']) : undefined;
  return {
    completion,
    prompt,
    finishReason: typeof finish === 'string' ? finish : null,
    task,
    language: typeof row.language === 'string' ? row.language : null,
  };
}

/** The output line for input line number `line` (1-based) with text `raw`. */
export function flagLine(raw: string, line: number, settings?: Partial<FlagSettings>): { text: string; failed: boolean } {
  let id: unknown = null;
  try {
    const row: unknown = JSON.parse(raw);
    if (!row || typeof row !== 'object' || Array.isArray(row)) throw new Error('line is valid JSON but not an object');
    id = (row as Row).id ?? null;
    const { flags, scores } = flagSample(toFlagInput(row as Row), settings);
    return { text: JSON.stringify({ id, flags, scores }), failed: false };
  } catch (err) {
    const message = err instanceof SyntaxError ? `invalid JSON: ${err.message}` : err instanceof Error ? err.message : String(err);
    return { text: JSON.stringify({ id: null, line, error: message }), failed: true };
  }
}

/** Lines `firstLine`, `firstLine + 1`, … flagged: their output lines, each ending in a newline. */
export function flagLines(lines: string[], firstLine: number, settings?: Partial<FlagSettings>): { text: string; failed: number } {
  let text = '';
  let failed = 0;
  lines.forEach((raw, k) => {
    const out = flagLine(raw, firstLine + k, settings);
    text += out.text + '\n';
    if (out.failed) failed++;
  });
  return { text, failed };
}

/** A batch of lines for a worker thread (flag-lines-worker.ts). */
export interface LinesRequest {
  lines: string[];
  firstLine: number;
  settings?: Partial<FlagSettings>;
}

/** The `workerData` of `coldstart flag`'s worker threads, so that importing their module elsewhere serves nothing. */
export const FLAG_LINES_WORKER_MARK = 'coldstart-flag-lines-worker';
