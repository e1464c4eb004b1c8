import type { Workspace } from '../db/workspace.ts';
import type { EventBus } from './events.ts';

const SLICE_MS = 30;
const GAP_MS = 15;

/**
 * Fills the full-text index in the background after imports, generation and saves, in short
 * slices with gaps between them so requests keep being served. Searching also catches up on
 * its own; this makes a fresh import searchable without waiting for the first search.
 */
export class SearchIndexer {
  private running = false;
  private again = false;
  private stopped = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly workspace: Workspace,
    events: EventBus,
  ) {
    this.unsubscribe = events.subscribe((message) => {
      if (message.event === 'samples.changed' && message.data.reason !== 'review' && message.data.reason !== 'bulk-review') this.schedule();
    });
  }

  schedule(): void {
    if (this.stopped) return;
    this.workspace.samples.search.invalidate();
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    const step = () => {
      if (this.stopped || !this.workspace.db.open) return void (this.running = false);
      let indexed = 0;
      try {
        indexed = this.workspace.samples.search.catchUp(SLICE_MS);
      } catch {
        // A busy or closing workspace: the next change or search picks the work up again.
      }
      if (indexed > 0) return void setTimeout(step, GAP_MS).unref();
      this.running = false;
      if (this.again) {
        this.again = false;
        this.schedule();
      }
    };
    setTimeout(step, GAP_MS).unref();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
  }
}
