import { useEffect, useState } from 'react';
import { api } from '../../api/index.ts';
import type { SampleFilter } from './useSampleList.ts';

interface Props {
  filter: SampleFilter;
  matching: number | null;
  onClose(): void;
  onDone(message: string): void;
}

/**
 * Hands the samples of the current view to annotators as a batch: each gets a queue, and an
 * overlap share goes to two annotators so agreement can be measured (a lead's action).
 */
export function AssignDialog({ filter, matching, onClose, onDone }: Props) {
  const [annotators, setAnnotators] = useState<string[] | null>(null);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [name, setName] = useState(() => `batch ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`);
  const [overlap, setOverlap] = useState(10);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.call('annotators.list', {}).then(
      (out) => setAnnotators(out.annotators.filter((a) => !a.revokedAt).map((a) => a.name)),
      (e: Error) => setError(e.message),
    );
  }, []);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const { batch } = await api.call('batches.create', { name: name.trim(), filter, overlap: overlap / 100, annotators: [...chosen] });
      onDone(`Batch "${batch.name}": ${batch.items} samples in ${batch.slots} slots for ${batch.members.join(', ')}.`);
      onClose();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && !busy && onClose()}>
      <form
        className="modal"
        role="dialog"
        aria-label="Assign samples"
        data-testid="assign-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2>Assign {matching === null ? 'these' : matching} samples</h2>
        <p className="muted">Every sample of the current view becomes a batch item; annotators get them one at a time from their queue.</p>
        <label className="field">
          <span>Batch name</span>
          <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} data-testid="assign-name" />
        </label>
        <fieldset className="field">
          <legend>Annotators</legend>
          {annotators === null ? <span className="muted">Loading…</span> : null}
          {annotators?.length === 0 ? <span className="muted">No annotators yet: add them with `coldstart annotator add NAME`.</span> : null}
          {annotators?.map((a) => (
            <label key={a} className="column-toggle">
              <input
                type="checkbox"
                data-testid={`assign-annotator-${a}`}
                checked={chosen.has(a)}
                onChange={(e) =>
                  setChosen((prev) => {
                    const next = new Set(prev);
                    if (e.target.checked) next.add(a);
                    else next.delete(a);
                    return next;
                  })
                }
              />
              {a}
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>Overlap for agreement: {overlap}% of items go to two annotators</span>
          <input type="range" min={0} max={100} step={5} value={overlap} onChange={(e) => setOverlap(Number(e.target.value))} data-testid="assign-overlap" />
        </label>
        {error ? (
          <div className="banner error" role="alert" data-testid="assign-error">
            {error}
          </div>
        ) : null}
        <div className="modal-actions">
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy || chosen.size === 0 || !name.trim()} data-testid="assign-submit">
            Assign
          </button>
        </div>
      </form>
    </div>
  );
}
