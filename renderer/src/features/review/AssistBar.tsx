import { lazy, Suspense, useEffect, useRef, useState, type RefObject } from 'react';
import type { ProcedureOutput } from '../../../../core/contract.ts';
import { api } from '../../api/index.ts';
import type { EditorHandle } from './TraceEditor.tsx';

const DiffView = lazy(() => import('./DiffView.tsx'));

type Action = 'target-language' | 'summary' | 'shorten';
type Proposal = ProcedureOutput<'assist.rewrite'>;

const ACTIONS: Array<{ action: Action; label: string }> = [
  { action: 'target-language', label: 'Rewrite in the target language' },
  { action: 'summary', label: 'Add a summary' },
  { action: 'shorten', label: 'Shorten' },
];

function requestId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
}

interface Props {
  sampleId: number;
  editor: RefObject<EditorHandle | null>;
  text: string;
  language: string | null;
}

/**
 * Select a span, pick an action: the model proposes, the proposal is shown as a diff and
 * changes the editor only when accepted (one undo step). The model's text is untrusted: it
 * only ever goes into Monaco models and text nodes.
 */
export function AssistBar({ sampleId, editor, text, language }: Props) {
  const [open, setOpen] = useState(false);
  const [models, setModels] = useState<string[] | null>(null);
  const [model, setModel] = useState('');
  const [running, setRunning] = useState<string | null>(null);
  const [proposal, setProposal] = useState<Proposal | null>(null);
  const [error, setError] = useState<string | null>(null);
  const span = useRef({ start: 0, end: 0 });

  useEffect(() => {
    if (!open || models) return;
    api.call('models.list', {}).then(
      (out) => {
        const files = out.models.filter((m) => !m.error).map((m) => m.file);
        setModels(files);
        setModel((m) => m || files[0] || '');
      },
      (e: Error) => setError(e.message),
    );
  }, [open, models]);

  const start = async (action: Action) => {
    const selection = span.current;
    const id = requestId();
    setRunning(id);
    setError(null);
    setProposal(null);
    try {
      const out = await api.call('assist.rewrite', { sampleId, text, start: selection.start, end: selection.end, action, engine: { engine: 'llama', model, gpu: 'auto' }, requestId: id });
      setProposal(out);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setRunning(null);
    }
  };

  const accept = () => {
    if (!proposal) return;
    const current = editor.current?.getText() ?? '';
    if (current.slice(proposal.start, proposal.end) !== proposal.original) {
      setError('The text changed since the request; select the span again.');
      return;
    }
    // An empty selection asked for a summary: it goes at the end of the text.
    const at = proposal.start === proposal.end ? { start: current.length, end: current.length, text: `\n\n${proposal.proposal}` } : { start: proposal.start, end: proposal.end, text: proposal.proposal };
    editor.current?.replace(at.start, at.end, at.text);
    setProposal(null);
    setOpen(false);
  };

  return (
    <>
      <button type="button" className="button" onClick={() => {
          span.current = editor.current?.getSelection() ?? { start: 0, end: 0 };
          setOpen(true);
        }}
        data-testid="assist-open" title="Select a span first">
        Assist…
      </button>
      {open ? (
        <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && !running && setOpen(false)}>
          <div className="modal assist-panel" role="dialog" aria-label="Model-assisted rewrite" data-testid="assist-panel" onKeyDown={(e) => e.stopPropagation()}>
            <h2>Model-assisted rewrite</h2>
            <p className="muted">
              Works on the selected text (<span data-testid="assist-span">{span.current.end - span.current.start}</span> characters; none selected: a summary of the reasoning). Target language: {language ?? 'en'}.
            </p>
            <label className="filter">
              <span>Model</span>
              <select value={model} onChange={(e) => setModel(e.target.value)} data-testid="assist-model">
                {(models ?? []).map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
              {models && models.length === 0 ? <span className="muted">No models in the workspace's models folder.</span> : null}
            </label>
            <div className="assist-actions">
              {ACTIONS.map((a) => (
                <button key={a.action} type="button" className="button" disabled={Boolean(running) || !model} onClick={() => void start(a.action)} data-testid={`assist-${a.action}`}>
                  {a.label}
                </button>
              ))}
            </div>
            {running ? (
              <div className="assist-running" data-testid="assist-running">
                The model is writing…{' '}
                <button type="button" className="button" onClick={() => void api.call('assist.cancel', { requestId: running })} data-testid="assist-cancel">
                  Cancel
                </button>
              </div>
            ) : null}
            {error ? <div className="banner error" data-testid="assist-error">{error}</div> : null}
            {proposal ? (
              <>
                <div className="assist-diff">
                  <Suspense fallback={<div className="editor-loading">Loading diff…</div>}>
                    <DiffView original={proposal.original} modified={proposal.proposal} testId="assist-diff" />
                  </Suspense>
                </div>
                <div className="modal-actions">
                  <button type="button" className="button" onClick={() => setProposal(null)} data-testid="assist-reject">
                    Reject
                  </button>
                  <button type="button" className="button primary" onClick={accept} data-testid="assist-accept">
                    Accept
                  </button>
                </div>
              </>
            ) : (
              <div className="modal-actions">
                <button type="button" className="button" disabled={Boolean(running)} onClick={() => setOpen(false)} data-testid="assist-close">
                  Close
                </button>
              </div>
            )}
          </div>
        </div>
      ) : null}
    </>
  );
}
