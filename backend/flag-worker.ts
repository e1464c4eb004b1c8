/**
 * Bulk flagging off the main thread. The Flagger sends batches of texts; this worker runs the
 * pure detectors and sends back flags, so a workspace-wide re-flag never blocks the HTTP
 * server's event loop. `flagJobs` is also the Flagger's in-thread fallback, so both paths
 * compute exactly the same thing.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { flagSample, type Flag, type FlagInput, type FlagSettings } from '../core/flags/index.ts';
import { useNodeUnitCopies } from './node-units.ts';

// Both the worker thread and the in-thread fallback (the Flagger imports flagJobs) flag with it.
useNodeUnitCopies();

export interface FlagJob {
  sampleId: number;
  revisionId: number | null;
  input: FlagInput;
}

export interface FlagJobResult {
  sampleId: number;
  revisionId: number | null;
  flags: Flag[];
  language: string;
  consistency: number;
}

export interface FlagWorkerRequest {
  id: number;
  settings: FlagSettings;
  jobs: FlagJob[];
}

export type FlagWorkerReply = { ready: true } | { id: number; results: FlagJobResult[] } | { id: number; error: string };

/** Marks a thread started by the Flagger, so importing this module elsewhere starts nothing. */
export const FLAG_WORKER_MARK = 'coldstart-flag-worker';

export function flagJobs(jobs: FlagJob[], settings: FlagSettings): FlagJobResult[] {
  return jobs.map(({ sampleId, revisionId, input }) => {
    const { flags, scores } = flagSample(input, settings);
    return { sampleId, revisionId, flags, language: scores.language.target, consistency: scores.language.consistency };
  });
}

const port = parentPort;
if (port && workerData === FLAG_WORKER_MARK) {
  port.on('message', (request: FlagWorkerRequest) => {
    let reply: FlagWorkerReply;
    try {
      reply = { id: request.id, results: flagJobs(request.jobs, request.settings) };
    } catch (error) {
      reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true } satisfies FlagWorkerReply);
}
