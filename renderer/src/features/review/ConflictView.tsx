import { lazy, Suspense, useState } from 'react';
import type { Revision } from '../../../../core/contract.ts';

const DiffView = lazy(() => import('./DiffView.tsx'));

export interface Conflict {
  /** What the annotator started from (the text of their base revision, or the raw output). */
  baseText: string;
  /** The revision someone else saved meanwhile (null only if the sample went back to raw, which cannot happen today). */
  theirs: Revision | null;
  yours: string;
  note: string;
}

interface Props {
  conflict: Conflict;
  busy: boolean;
  /** Save `merged` on top of their revision. */
  onSaveMerged(merged: string): void;
  /** Drop my edits and continue from their revision. */
  onTakeTheirs(): void;
  onCancel(): void;
}

/** Someone saved while you edited: nothing is saved until the annotator chooses. */
export function ConflictView({ conflict, busy, onSaveMerged, onTakeTheirs, onCancel }: Props) {
  const [merged, setMerged] = useState(conflict.yours);
  const [tab, setTab] = useState<'merge' | 'theirs'>('merge');
  const theirsText = conflict.theirs?.completion ?? conflict.baseText;
  return (
    <div className="conflict-view" data-testid="conflict-view" role="region" aria-label="Conflict">
      <div className="banner warning">
        <strong>{conflict.theirs?.author ?? 'Someone'} saved revision {conflict.theirs?.id} while you were editing.</strong> Nothing of yours was saved. Merge on the right and save, or take their version.
      </div>
      <div className="conflict-tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'merge'} className={tab === 'merge' ? 'tab active' : 'tab'} onClick={() => setTab('merge')} data-testid="conflict-tab-merge">
          Theirs ↔ yours (edit the right side)
        </button>
        <button type="button" role="tab" aria-selected={tab === 'theirs'} className={tab === 'theirs' ? 'tab active' : 'tab'} onClick={() => setTab('theirs')} data-testid="conflict-tab-theirs">
          What they changed (base ↔ theirs)
        </button>
      </div>
      <div className="conflict-diff">
        <Suspense fallback={<div className="editor-loading">Loading diff…</div>}>
          {tab === 'merge' ? (
            <DiffView original={theirsText} modified={merged} editable onModifiedChange={setMerged} testId="conflict-merge" />
          ) : (
            <DiffView original={conflict.baseText} modified={theirsText} testId="conflict-theirs" />
          )}
        </Suspense>
      </div>
      <div className="conflict-actions">
        <button type="button" className="button primary" disabled={busy} onClick={() => onSaveMerged(merged)} data-testid="conflict-save-mine">
          Save the right side on top of theirs
        </button>
        <button type="button" className="button" disabled={busy} onClick={onTakeTheirs} data-testid="conflict-take-theirs">
          Discard mine, continue from theirs
        </button>
        <button type="button" className="link-button" disabled={busy} onClick={onCancel} data-testid="conflict-cancel">
          Back to my edits
        </button>
      </div>
    </div>
  );
}
