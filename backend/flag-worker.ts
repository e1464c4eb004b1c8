/**
 * Bulk flagging off the main thread. The Flagger sends batches of texts; this worker runs the
 * pure detectors and sends back flags, so a workspace-wide re-flag never blocks the HTTP
 * server's event loop. `flagJobs` is also the Flagger's in-thread fallback, so both paths
 * compute exactly the same thing.
 */
import { flagSample, type Flag, type FlagInput, type FlagSettings } from '../core/flags/index.ts';
import { useNodeUnitCopies } from './node-units.ts';
import { serveRequests } from './worker-client.ts';

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
  settings: FlagSettings;
  jobs: FlagJob[];
}

/** Marks a thread started by the Flagger, so importing this module elsewhere starts nothing. */
export const FLAG_WORKER_MARK = 'coldstart-flag-worker';

export function flagJobs(jobs: FlagJob[], settings: FlagSettings): FlagJobResult[] {
  return jobs.map(({ sampleId, revisionId, input }) => {
    const { flags, scores } = flagSample(input, settings);
    return { sampleId, revisionId, flags, language: scores.language.target, consistency: scores.language.consistency };
  });
}

serveRequests(FLAG_WORKER_MARK, (request: FlagWorkerRequest) => flagJobs(request.jobs, request.settings));
