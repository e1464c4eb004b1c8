import type { EventMessage, EventName, EventPayload, ProcedureInput, ProcedureName, ProcedureOutput } from '../../../core/contract.ts';
import type { Transport } from './transport.ts';

/** One client, generic over the contract: procedure names, inputs and outputs are all typed from core/contract.ts. */
export class ApiClient {
  constructor(private readonly transport: Transport) {}

  get transportKind(): Transport['kind'] {
    return this.transport.kind;
  }

  /** Throws `AppError` with the server's code, message and details. */
  call<P extends ProcedureName>(procedure: P, input: ProcedureInput<P>): Promise<ProcedureOutput<P>> {
    return this.transport.invoke(procedure, input) as Promise<ProcedureOutput<P>>;
  }

  subscribe(listener: (message: EventMessage) => void): () => void {
    return this.transport.subscribe(listener);
  }

  /** Listens to one event name with its payload typed. */
  on<E extends EventName>(event: E, handler: (data: EventPayload<E>) => void): () => void {
    return this.transport.subscribe((message) => {
      if (message.event === event) handler(message.data as EventPayload<E>);
    });
  }

  upload(file: File, onProgress?: (sentBytes: number, totalBytes: number) => void): Promise<string> {
    return this.transport.upload(file, onProgress);
  }
}
