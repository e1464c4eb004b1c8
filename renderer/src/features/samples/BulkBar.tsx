import { useState } from 'react';
import { api } from '../../api/index.ts';
import type { SampleFilter } from './useSampleList.ts';
import { AssignDialog } from './AssignDialog.tsx';

interface Props {
  selected: ReadonlySet<number>;
  filter: SampleFilter;
  /** Samples matching the filter (null while unknown). */
  matching?: number | null;
  onDone(message: string): void;
  onClear(): void;
}

type Pending = { label: string; run(): Promise<{ updated: number }> };

/** Bulk decisions: the selected rows, or every sample of a filter. Each asks once before it writes. */
export function BulkBar({ selected, filter, matching = null, onDone, onClear }: Props) {
  const [pending, setPending] = useState<Pending | null>(null);
  const [assigning, setAssigning] = useState(false);
  const [busy, setBusy] = useState(false);
  const ids = [...selected];
  const ask = (label: string, run: Pending['run']) => setPending({ label, run });
  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      const { updated } = await pending.run();
      onDone(`${pending.label}: ${updated} sample${updated === 1 ? '' : 's'} updated.`);
      onClear();
    } catch (e) {
      onDone((e as Error).message);
    } finally {
      setBusy(false);
      setPending(null);
    }
  };
  const withoutStatus = { ...filter };
  delete withoutStatus.status;
  return (
    <div className="bulk-bar" data-testid="bulk-bar">
      {pending ? (
        <>
          <span data-testid="bulk-question">{pending.label}?</span>
          <button type="button" className="button primary" disabled={busy} onClick={() => void confirm()} data-testid="bulk-confirm">
            Yes, do it
          </button>
          <button type="button" className="link-button" disabled={busy} onClick={() => setPending(null)}>
            Cancel
          </button>
        </>
      ) : (
        <>
          {ids.length ? <span data-testid="bulk-selected">{ids.length} selected</span> : null}
          {ids.length ? (
            <>
              <button type="button" className="button" onClick={() => ask(`Accept ${ids.length} selected`, () => api.call('samples.bulkReview', { target: { ids }, decision: 'accepted' }))} data-testid="bulk-accept-selected">
                Accept selected
              </button>
              <button type="button" className="button" onClick={() => ask(`Reject ${ids.length} selected`, () => api.call('samples.bulkReview', { target: { ids }, decision: 'rejected' }))} data-testid="bulk-reject-selected">
                Reject selected
              </button>
              <button type="button" className="link-button" onClick={onClear} data-testid="bulk-clear">
                Clear selection
              </button>
            </>
          ) : null}
          <button
            type="button"
            className="button"
            onClick={() => ask('Accept every clean and correct sample in this view', () => api.call('samples.bulkReview', { target: { filter: { ...withoutStatus, status: 'new', clean: true, verdict: 'correct' } }, decision: 'accepted' }))}
            data-testid="bulk-accept-clean"
          >
            Accept all clean &amp; correct
          </button>
          {filter.flag ? (
            <button type="button" className="button" onClick={() => ask(`Reject every sample flagged ${filter.flag}`, () => api.call('samples.bulkReview', { target: { filter }, decision: 'rejected', reasons: [filter.flag!] }))} data-testid="bulk-reject-flag">
              Reject all with {filter.flag}
            </button>
          ) : null}
          <button type="button" className="button" onClick={() => setAssigning(true)} data-testid="bulk-assign">
            Assign…
          </button>
        </>
      )}
      {assigning ? <AssignDialog filter={filter} matching={matching} onClose={() => setAssigning(false)} onDone={onDone} /> : null}
    </div>
  );
}
