/// <reference lib="webworker" />
/**
 * Live re-flagging off the main thread: the same pure `flagSample` the backend stores flags
 * with, so what the annotator sees while typing is what a save will record.
 */
import { flagSample, type FlagInput, type FlagSettings } from '../../../../core/flags/index.ts';

export interface FlagRequest {
  id: number;
  input: FlagInput;
  settings: Partial<FlagSettings> | null;
}

export interface FlagReply {
  id: number;
  flags: ReturnType<typeof flagSample>['flags'];
  consistency: number;
  ms: number;
  error?: string;
}

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (event: MessageEvent<FlagRequest>) => {
  const { id, input, settings } = event.data;
  const began = performance.now();
  try {
    const { flags, scores } = flagSample(input, settings ?? undefined);
    scope.postMessage({ id, flags, consistency: scores.language.consistency, ms: performance.now() - began } satisfies FlagReply);
  } catch (error) {
    scope.postMessage({ id, flags: [], consistency: 1, ms: 0, error: error instanceof Error ? error.message : String(error) } satisfies FlagReply);
  }
};
