/**
 * `coldstart flag IN.jsonl [--out OUT.jsonl]`: flags every line of a JSONL file without a
 * workspace, streaming, one output line per input line in input order. The contract is stable;
 * scripts parse its output.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { flagSample, type FlagSettings, type FlagInput } from '../../core/flags/index.ts';
import { useNodeUnitCopies } from '../../backend/node-units.ts';

useNodeUnitCopies();

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

async function write(out: Writable, line: string): Promise<void> {
  if (!out.write(line + '\n')) await once(out, 'drain');
}

export async function runFlagCommand(opts: { inputPath: string; outPath?: string; settings?: Partial<FlagSettings> }): Promise<{ lines: number; failed: number }> {
  const out: Writable = opts.outPath ? createWriteStream(opts.outPath) : process.stdout;
  const rl = createInterface({ input: createReadStream(opts.inputPath, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lines = 0;
  let failed = 0;
  try {
    for await (const raw of rl) {
      lines++;
      let id: unknown = null;
      try {
        const row: unknown = JSON.parse(raw);
        if (!row || typeof row !== 'object' || Array.isArray(row)) throw new Error('line is valid JSON but not an object');
        id = (row as Row).id ?? null;
        const { flags, scores } = flagSample(toFlagInput(row as Row), opts.settings);
        await write(out, JSON.stringify({ id, flags, scores }));
      } catch (err) {
        failed++;
        const message = err instanceof SyntaxError ? `invalid JSON: ${err.message}` : err instanceof Error ? err.message : String(err);
        await write(out, JSON.stringify({ id: null, line: lines, error: message }));
      }
    }
  } finally {
    if (opts.outPath) {
      out.end();
      await once(out, 'finish');
    }
  }
  return { lines, failed };
}
