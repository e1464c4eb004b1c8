import type { EventMessage, EventName } from '../../../core/contract.ts';

/**
 * How the client reaches the backend. Both implementations throw `AppError` (rebuilt from the
 * `{code, message, details}` payload) so screens branch on `code`, never on transport details.
 */
export interface Transport {
  readonly kind: 'electron' | 'http';
  invoke(procedure: string, input: unknown): Promise<unknown>;
  subscribe(listener: (message: EventMessage) => void): () => void;
  /** Sends a file for a later `imports.run`; resolves to its upload id. */
  upload(file: File, onProgress?: (sentBytes: number, totalBytes: number) => void): Promise<string>;
}

/**
 * Every event name in the contract, listed here because the renderer imports the contract's
 * types only (its zod schemas would bloat the bundle). The check below fails to compile when
 * the contract gains an event this list lacks, so SSE never silently drops one.
 */
export const EVENT_NAMES = [
  'import.progress',
  'samples.changed',
  'flagging.progress',
  'run.progress',
  'model.download',
  'versions.committed',
  'export.progress',
] as const satisfies readonly EventName[];
type MissingEvent = Exclude<EventName, (typeof EVENT_NAMES)[number]>;
const everyEventListed: [MissingEvent] extends [never] ? true : MissingEvent = true;
void everyEventListed;
