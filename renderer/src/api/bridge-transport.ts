import { UPLOAD_PROCEDURE, type ColdstartBridge } from '../../../core/bridge.ts';
import { AppError } from '../../../core/errors.ts';
import type { Transport } from './transport.ts';

/** The Electron preload's `window.coldstart`: results come back as plain `{ok, value | error}` data. */
export function bridgeTransport(bridge: ColdstartBridge): Transport {
  async function invoke(procedure: string, input: unknown): Promise<unknown> {
    let result;
    try {
      result = await bridge.invoke(procedure, input);
    } catch (error) {
      throw new AppError('unavailable', `The desktop backend did not answer: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (result.ok) return result.value;
    throw AppError.fromPayload(result.error);
  }

  return {
    kind: 'electron',
    invoke,
    subscribe: (listener) => bridge.subscribe(listener),
    async upload(file, onProgress) {
      // IPC carries the file in one message; large imports belong to the CLI anyway.
      const bytes = new Uint8Array(await file.arrayBuffer());
      onProgress?.(0, bytes.length);
      const value = (await invoke(UPLOAD_PROCEDURE, { fileName: file.name, bytes })) as { uploadId: string };
      onProgress?.(bytes.length, bytes.length);
      return value.uploadId;
    },
  };
}
