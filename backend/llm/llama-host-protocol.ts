/**
 * Messages between the app and the process that holds a local GGUF model (llama-host.ts).
 * Plain data only: they cross a process boundary through Node's IPC channel.
 */
import type { EngineInfo, EnginePrompt, GeneratedSample, SampleSlot, SamplingParams } from './engine.ts';
import type { LlamaEngineOptions } from './llama-engine.ts';

/** What the app decides about a load; signals and callbacks stay on the app's side. */
export type HostLoadOptions = Pick<LlamaEngineOptions, 'modelPath' | 'contextSize' | 'maxSequences' | 'gpu' | 'threads' | 'batchSize'>;

export type ToHost =
  | { type: 'load'; options: HostLoadOptions }
  | { type: 'generate'; id: number; prompt: EnginePrompt; samples: SampleSlot[]; params: SamplingParams; streamText: boolean }
  | { type: 'abort'; id: number }
  | { type: 'close' };

/** An error as it crossed the boundary; `name` and `code` let the parent rebuild its kind. */
export interface HostError {
  name: string;
  message: string;
  code?: string;
  details?: Record<string, unknown>;
}

export type FromHost =
  | { type: 'load-progress'; fraction: number }
  | { type: 'loaded'; info: EngineInfo; maxSequences: number; chatWrapperName: string; sampling: 'queue' | 'pool' }
  | { type: 'load-failed'; error: HostError }
  | { type: 'text'; id: number; index: number; chunk: string }
  | { type: 'sample'; id: number; sample: GeneratedSample }
  | { type: 'group'; id: number; samples: GeneratedSample[] }
  | { type: 'group-failed'; id: number; error: HostError }
  | { type: 'closed' };
