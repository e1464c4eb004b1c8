/**
 * One sample on one context sequence: chat prompts through the model's chat wrapper, raw text
 * prompts through plain completion. Kept apart from the engine so the engine file is about
 * resources (model, context, lock) and this one about turning a request into a GeneratedSample.
 */
import {
  LlamaChat, LlamaCompletion,
  type ChatHistoryItem, type ChatWrapper, type LlamaContextSequence, type LlamaModel, type Token,
} from 'node-llama-cpp';
import type { EnginePrompt, FinishReason, GeneratedSample, SamplingParams } from './engine.ts';

type StopReason = 'eogToken' | 'stopGenerationTrigger' | 'functionCalls' | 'maxTokens' | 'abort' | 'customStopTrigger';

export function finishReasonOf(stop: StopReason): FinishReason {
  if (stop === 'maxTokens') return 'length';
  if (stop === 'abort') return 'abort';
  return 'stop';
}

export function toChatHistory(prompt: Extract<EnginePrompt, { kind: 'chat' }>): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = prompt.messages.map((m): ChatHistoryItem => {
    if (m.role === 'system') return { type: 'system', text: m.content };
    if (m.role === 'user') return { type: 'user', text: m.content };
    return { type: 'model', response: [m.content] };
  });
  // An empty model turn at the end is what the model continues (as LlamaChatSession does).
  history.push({ type: 'model', response: [] });
  return history;
}

/** Tokens of the prompt as the model will see it (chat template applied, BOS included). */
export function promptTokens(model: LlamaModel, wrapper: ChatWrapper, prompt: EnginePrompt): Token[] {
  if (prompt.kind === 'text') return model.tokenize(prompt.text);
  const { contextText } = wrapper.generateContextState({ chatHistory: toChatHistory(prompt) });
  return contextText.tokenize(model.tokenizer);
}

export interface SampleJob {
  sequence: LlamaContextSequence;
  model: LlamaModel;
  wrapper: ChatWrapper;
  prompt: EnginePrompt;
  promptTokenCount: number;
  params: SamplingParams;
  /** Already clamped so prompt + completion fit the sequence's context. */
  maxTokens: number;
  index: number;
  seed: number;
  signal?: AbortSignal;
  onText?: (index: number, chunk: string) => void;
}

/**
 * node-llama-cpp fills an unset topK with 40 and an unset topP with 0.95 (and drops null
 * before its defaults apply), so "off" has to be said with values that mean off: topK 0 is a
 * top-k over the whole vocabulary and topP 1 returns at once. Without this, a run stored as
 * "top-k off, top-p 1" would have sampled with top-k 40 and top-p 0.95. The repeat penalty is
 * off by default too, but unless it is `false` the chat loop gathers tokens for it every step.
 */
function sampling(p: SamplingParams, seed: number, maxTokens: number) {
  return {
    maxTokens,
    temperature: p.temperature,
    topK: p.topK > 0 ? p.topK : 0,
    topP: p.topP > 0 && p.topP < 1 ? p.topP : 1,
    minP: p.minP > 0 ? p.minP : undefined,
    seed,
    repeatPenalty: false as const,
  };
}

/**
 * Tokens of the completion as stored. node-llama-cpp's chat path treats a template-prefilled
 * `<think>` as the response's first token (it counts toward maxTokens), and the completion we
 * store starts with it, so it is counted; an end-of-generation token is sampled but not stored.
 * Chunk callbacks are no substitute: they never report the `</think>` token.
 */
function generatedTokens(sequence: LlamaContextSequence, stop: StopReason, before: number): number {
  const out = sequence.tokenMeter.usedOutputTokens - before;
  return stop === 'eogToken' ? Math.max(0, out - 1) : out;
}

export async function generateOne(job: SampleJob): Promise<GeneratedSample> {
  const started = performance.now();
  // Sequences are reused across samples, and their meters are cumulative.
  const before = job.sequence.tokenMeter.usedOutputTokens;
  const base = { index: job.index, promptTokens: job.promptTokenCount };
  try {
    if (job.prompt.kind === 'text') {
      const completion = new LlamaCompletion({ contextSequence: job.sequence });
      const res = await completion.generateCompletionWithMeta(job.prompt.text, {
        ...sampling(job.params, job.seed, job.maxTokens),
        signal: job.signal,
        stopOnAbortSignal: true,
        onTextChunk: job.onText ? (text) => job.onText!(job.index, text) : undefined,
      });
      return {
        ...base, completion: res.response, finishReason: finishReasonOf(res.metadata.stopReason),
        completionTokens: generatedTokens(job.sequence, res.metadata.stopReason, before), durationMs: performance.now() - started,
      };
    }
    const chat = new LlamaChat({ contextSequence: job.sequence, chatWrapper: job.wrapper, autoDisposeSequence: false });
    let inThought = false;
    const res = await chat.generateResponse(toChatHistory(job.prompt), {
      ...sampling(job.params, job.seed, job.maxTokens),
      signal: job.signal,
      stopOnAbortSignal: true,
      onResponseChunk: (chunk) => {
        if (!job.onText) return;
        // Live text carries the think tags too, so progress views show what the sample will store.
        let text = chunk.text;
        if (chunk.type === 'segment' && chunk.segmentType === 'thought') {
          if (!inThought && chunk.segmentStartTime) { inThought = true; text = '<think>' + text; }
          if (chunk.segmentEndTime) { inThought = false; text += '</think>'; }
        }
        if (text) job.onText(job.index, text);
      },
    });
    let completion = '';
    let reasoning: string | undefined;
    for (const part of res.fullResponse) {
      if (typeof part === 'string') completion += part;
      else if (part.segmentType === 'thought') {
        // Thoughts arrive separately from the answer; put the tags back so the stored completion
        // is the text the model produced and downstream parsing sees `<think>…</think>`.
        completion += `<think>${part.text}${part.ended ? '</think>' : ''}`;
        reasoning = (reasoning ?? '') + part.text;
      } else completion += part.text;
    }
    return {
      ...base, completion, reasoningContent: reasoning, finishReason: finishReasonOf(res.metadata.stopReason),
      completionTokens: generatedTokens(job.sequence, res.metadata.stopReason, before), durationMs: performance.now() - started,
    };
  } catch (e) {
    const aborted = job.signal?.aborted === true;
    return {
      ...base, completion: '', finishReason: aborted ? 'abort' : 'error', completionTokens: generatedTokens(job.sequence, 'abort', before),
      durationMs: performance.now() - started, error: aborted ? undefined : (e as Error).message,
    };
  }
}
