/**
 * The one interface every generation engine implements (local GGUF through node-llama-cpp,
 * or an OpenAI-compatible HTTP endpoint). Runs, persistence and verification live above it.
 */
export interface SamplingParams {
  /** 0 means greedy decoding. */
  temperature: number;
  topP: number;
  topK: number;
  minP: number;
  maxTokens: number;
}

/** What to send the model. `chat` lets the engine apply the model's chat template; `text` is a raw completion prompt (R1-Zero or custom templates). */
export type EnginePrompt =
  | { kind: 'chat'; messages: Array<{ role: 'system' | 'user' | 'assistant'; content: string }> }
  | { kind: 'text'; text: string };

export interface SampleSlot {
  /** Position of the sample within its group (0-based). */
  index: number;
  /** Per-sample seed, derived from the run seed, prompt and index, so runs are reproducible. */
  seed: number;
}

export type FinishReason = 'stop' | 'length' | 'abort' | 'error';

export interface GeneratedSample {
  index: number;
  /** The raw text the model produced (for chat templates that prefill `<think>`, the engine puts the prefilled tag back in front). */
  completion: string;
  /** Set when the engine receives reasoning separately (OpenAI `reasoning_content`, node-llama-cpp thought segments). */
  reasoningContent?: string;
  finishReason: FinishReason;
  promptTokens: number;
  completionTokens: number;
  durationMs: number;
  error?: string;
}

export interface GroupRequest {
  prompt: EnginePrompt;
  samples: SampleSlot[];
  params: SamplingParams;
  signal?: AbortSignal;
  /** Live text as it streams, for progress views. Called often: keep it cheap. */
  onText?: (index: number, chunk: string) => void;
  /** Called as each sample finishes, before the whole group is done, so it can be stored at once. */
  onSample?: (sample: GeneratedSample) => void;
}

export interface EngineInfo {
  engine: 'llama' | 'openai';
  /** e.g. "cuda", "vulkan", "metal", "cpu", or the endpoint URL (never with credentials). */
  backend: string;
  model: string;
  device?: string;
  vramBytes?: number;
  gpuLayers?: number;
  contextSize?: number;
}

export interface Engine {
  info(): EngineInfo;
  /** False once the engine can serve no more (its model process stopped): a cached one is then replaced. Absent: always usable. */
  readonly alive?: boolean;
  /** Generates every slot of one group; resolves with all samples in slot order. */
  generateGroup(request: GroupRequest): Promise<GeneratedSample[]>;
  close(): Promise<void>;
}
