import type { EventMessage, EventName, EventPayload } from '../core/contract.ts';

type Listener = (message: EventMessage) => void;

/** In-process pub/sub that both transports forward to their clients. */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  emit<E extends EventName>(event: E, data: EventPayload<E>): void {
    const message = { event, data } as EventMessage;
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch {
        // One broken subscriber (a closed socket) must not stop the others.
      }
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
