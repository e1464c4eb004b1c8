import { DETECTOR_VERSION, flagSample, type FlagSettings } from '../core/flags/index.ts';
import type { Workspace } from '../db/workspace.ts';
import type { EventBus } from './events.ts';

const BATCH = 250;

/**
 * Keeps stored flags in step with the text they describe: every saved revision is flagged at
 * once (one trace takes well under a frame), and imported or generated samples are flagged
 * in the background, in batches, yielding to the event loop between batches so requests stay
 * responsive. A sample whose flags came from another detector version counts as unflagged,
 * so upgrading the detectors re-flags the workspace.
 */
export class Flagger {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly workspace: Workspace,
    private readonly events: EventBus,
    private readonly settings: () => Partial<FlagSettings> = () => ({}),
  ) {}

  /** Flags one sample's raw output or revision text and stores the result. */
  flagText(sampleId: number, revisionId: number | null, completion: string) {
    const ws = this.workspace;
    const row = ws.samples.row(sampleId);
    const prompt = row ? ws.prompts.get(row.promptId) : undefined;
    const result = flagSample(
      {
        completion,
        ...(prompt ? { prompt: prompt.text, task: prompt.task, language: prompt.language } : {}),
        finishReason: revisionId === null ? (row?.finishReason ?? null) : null,
      },
      this.settings(),
    );
    ws.samples.writeFlags(sampleId, revisionId, result.flags, { language: result.scores.language.target, consistency: result.scores.language.consistency }, DETECTOR_VERSION);
    return result.flags;
  }

  flagRevision(sampleId: number, revisionId: number, completion: string) {
    return this.workspace.transaction(() => this.flagText(sampleId, revisionId, completion));
  }

  /** Starts (or re-arms) the background pass over samples that need flags. */
  schedule(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pass().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        void this.schedule();
      }
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    const ws = this.workspace;
    const total = ws.samples.countNeedingFlags(DETECTOR_VERSION);
    let done = 0;
    let afterId = 0;
    for (;;) {
      const ids = ws.samples.needingFlags(DETECTOR_VERSION, afterId, BATCH);
      if (ids.length === 0) break;
      ws.transaction(() => {
        for (const id of ids) {
          const body = ws.samples.body(id);
          if (!body) continue;
          const text = body.current_revision_id == null ? body.completion : (ws.revisions.get(body.current_revision_id)?.completion ?? body.completion);
          this.flagText(id, body.current_revision_id, text);
        }
      });
      afterId = ids[ids.length - 1]!;
      done += ids.length;
      this.events.emit('flagging.progress', { done, total: Math.max(total, done) });
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (done > 0) this.events.emit('samples.changed', { reason: 'flags' });
  }
}
