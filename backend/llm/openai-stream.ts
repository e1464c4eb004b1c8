/**
 * Assembling streamed OpenAI-compatible chunks into samples, one accumulator per choice.
 *
 * Reasoning arrives separately on servers with a reasoning parser (`reasoning_content`:
 * DeepSeek API, older vLLM/SGLang; `reasoning`: newer vLLM, Ollama, OpenRouter). It is put back
 * inline as `<think>\n{reasoning}\n</think>\n\n{content}`, the trace shape the rest of the app
 * reads, and the live text sent to `onText` is exactly those pieces, in order.
 */
import type { FinishReason } from './engine.ts';
import { EngineError } from './openai-errors.ts';

export interface ChunkChoice {
  index?: number;
  delta?: { content?: string | null; reasoning_content?: string | null; reasoning?: string | null };
  text?: string | null; // /v1/completions
  finish_reason?: string | null;
}

export interface StreamChunk {
  choices?: ChunkChoice[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  error?: { message?: string; code?: number | string } | string;
}

const THINK_OPEN = '<think>\n';
const THINK_CLOSE = '\n</think>\n\n';

export class ChoiceAccumulator {
  reasoning = '';
  content = '';
  deltas = 0;
  finishReason: string | null = null;
  finishedAt: number | null = null;
  private thinkOpen = false;
  private thinkClosed = false;

  constructor(private readonly emit: (chunk: string) => void) {}

  reasoningDelta(text: string): void {
    if (text === '') return;
    if (!this.thinkOpen) this.open();
    this.reasoning += text;
    this.deltas++;
    this.emit(text);
  }

  contentDelta(text: string): void {
    if (text === '') return;
    if (this.thinkOpen && !this.thinkClosed) this.close();
    this.content += text;
    this.deltas++;
    this.emit(text);
  }

  finish(reason: string, at: number): void {
    this.finishReason = reason;
    this.finishedAt = at;
    // Reasoning that ended normally with no answer still closes; one cut by max_tokens stays open (truncated).
    if (this.thinkOpen && !this.thinkClosed && reason !== 'length') this.close();
  }

  get reasoningContent(): string | undefined {
    return this.thinkOpen ? this.reasoning : undefined;
  }

  /** The trace text. Servers without a reasoning parser send R1-distill output as content that
   *  starts inside the prefilled think block (only `</think>`); the opening tag is put back. */
  completion(): string {
    if (this.thinkOpen) return `${THINK_OPEN}${this.reasoning}${this.thinkClosed ? THINK_CLOSE : ''}${this.content}`;
    const close = this.content.indexOf('</think>');
    if (close !== -1 && !this.content.slice(0, close).includes('<think>')) return `${THINK_OPEN}${this.content}`;
    return this.content;
  }

  private open(): void {
    this.thinkOpen = true;
    this.emit(THINK_OPEN);
  }

  private close(): void {
    this.thinkClosed = true;
    this.emit(THINK_CLOSE);
  }
}

export function mapFinishReason(reason: string | null): FinishReason {
  if (reason === 'length') return 'length';
  if (reason === 'abort') return 'abort';
  return 'stop';
}

/** Parses one SSE data payload; malformed JSON is a typed `stream` error. */
export function parseChunk(data: string): StreamChunk {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    throw new EngineError('stream', `malformed event stream: expected JSON after "data:", got ${JSON.stringify(data.slice(0, 80))}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new EngineError('stream', `malformed event stream: expected a JSON object, got ${JSON.stringify(data.slice(0, 80))}`);
  }
  return parsed as StreamChunk;
}

/** Applies one chunk to the per-choice accumulators (created on demand). */
export function applyChunk(chunk: StreamChunk, choices: Map<number, ChoiceAccumulator>, create: (index: number) => ChoiceAccumulator, now: number): void {
  for (const choice of chunk.choices ?? []) {
    const index = typeof choice.index === 'number' ? choice.index : 0;
    let acc = choices.get(index);
    if (!acc) {
      acc = create(index);
      choices.set(index, acc);
    }
    const reasoning = choice.delta?.reasoning_content ?? choice.delta?.reasoning;
    if (typeof reasoning === 'string') acc.reasoningDelta(reasoning);
    const content = choice.delta?.content ?? choice.text;
    if (typeof content === 'string') acc.contentDelta(content);
    if (choice.finish_reason) acc.finish(choice.finish_reason, now);
  }
}
