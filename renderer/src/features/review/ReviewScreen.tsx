import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FlagView } from '../../../../core/contract.ts';
import type { FlagSettings } from '../../../../core/flags/index.ts';
import { api, isAppError } from '../../api/index.ts';
import { useScreenReady } from '../../ready.tsx';
import { AssistBar } from './AssistBar.tsx';
import { ConflictView, type Conflict } from './ConflictView.tsx';
import { ContextPanel } from './ContextPanel.tsx';
import { ReasonPicker, ShortcutHelp } from './Dialogs.tsx';
import { nextFlag } from './flag-spans.ts';
import { FlagList } from './FlagList.tsx';
import { applyFix, type QuickFix } from './quick-fixes.ts';
import { parseReviewHash, reviewHash, samplesHash } from './route.ts';
import { actionFor, type ReviewAction } from './shortcuts.ts';
import type { EditorHandle } from './TraceEditor.tsx';
import { neighbour, useQueue, useReviewData } from './useReviewData.ts';
import { useLiveFlags } from './useLiveFlags.ts';
import { useSession } from './useSession.ts';
import './review.css';

const TraceEditor = lazy(() => import('./TraceEditor.tsx'));
const DiffView = lazy(() => import('./DiffView.tsx'));

type Decision = 'accepted' | 'rejected' | 'needs_rewrite';

export function ReviewScreen() {
  const [route, setRoute] = useState(() => parseReviewHash(window.location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseReviewHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const queue = useQueue(route.query);
  // Without an id, open the first sample of the view.
  useEffect(() => {
    if (route.id === null && queue.length) window.location.replace(reviewHash(queue[0]!, route.query));
  }, [route.id, queue, route.query]);
  const ready = useScreenReady();
  useEffect(() => {
    if (route.id === null && queue.length === 0) ready();
  }, [route.id, queue.length, ready]);
  if (route.id === null) {
    return (
      <section className="review-screen" data-testid="screen-review">
        <div className="empty-state">Pick a sample on the Samples screen (Enter or a click opens it here).</div>
      </section>
    );
  }
  return <ReviewSample key="review" id={route.id} query={route.query} queue={queue} />;
}

function ReviewSample({ id, query, queue }: { id: number; query: string; queue: number[] }) {
  const { data, error, reload, startedAt } = useReviewData(id);
  const { session, setText, setNote, resetTo, rebase, edited } = useSession(data && data.detail.sample.id === id ? data : null);
  const [settings, setSettings] = useState<Partial<FlagSettings> | null>(null);
  const [mode, setMode] = useState<'edit' | 'diff'>('edit');
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [dialog, setDialog] = useState<'reject' | 'help' | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; kind: 'info' | 'error' } | null>(null);
  const [openMs, setOpenMs] = useState<number | null>(null);
  const editor = useRef<EditorHandle | null>(null);
  const screenRef = useRef<HTMLElement>(null);
  const openedAt = useRef(Date.now());
  const ready = useScreenReady();

  useEffect(() => {
    const load = () => void api.call('flags.getSettings', {}).then(setSettings, () => setSettings({}));
    load();
    // A lead changed the thresholds (on the Flags screen): live flags follow once the workspace has.
    return api.on('flagging.progress', (p) => p.done >= p.total && load());
  }, []);
  useEffect(() => {
    openedAt.current = Date.now();
    setMessage(null);
    setConflict(null);
    setOpenMs(null);
  }, [id]);
  useEffect(() => {
    if (data || error) ready();
  }, [data, error, ready]);

  const detail = data?.detail;
  const context = useMemo(() => ({ prompt: detail?.prompt.text, task: detail?.prompt.task, language: detail?.prompt.language ?? null }), [detail]);
  const stored = useMemo(() => detail?.flags ?? [], [detail]);
  const live = useLiveFlags(session?.text ?? '', edited || Boolean(session?.restored), stored, context, settings);

  const go = useCallback((target: number | null) => {
    if (target !== null) window.location.hash = reviewHash(target, query);
  }, [query]);

  const save = useCallback(async () => {
    if (!session || !data) return;
    // The editor's own text: Ctrl+S typed within a frame of the last keystroke arrives before
    // React has the new text in `session` (the save saved it without the last characters).
    const text = editor.current?.getText() ?? session.text;
    if (text === session.loadedText && !session.restored) return setMessage({ text: 'Nothing to save: the text is unchanged.', kind: 'info' });
    setBusy(true);
    try {
      const out = await api.call('samples.saveRevision', { sampleId: session.sampleId, baseRevisionId: session.baseRevisionId, completion: text, ...(session.note.trim() ? { note: session.note.trim() } : {}) });
      const fresh = await reload();
      if (fresh) resetTo(fresh);
      setMessage({ text: `Saved revision ${out.revision.id}${out.flags.length ? ` (${out.flags.length} flags)` : ' (clean)'}.`, kind: 'info' });
    } catch (e) {
      if (isAppError(e) && e.code === 'conflict') {
        const details = e.details as { current?: Conflict['theirs'] } | undefined;
        const baseText = session.baseRevisionId === null ? data.detail.original.completion : (data.history.find((r) => r.id === session.baseRevisionId)?.completion ?? session.loadedText);
        setConflict({ baseText, theirs: details?.current ?? null, yours: text, note: session.note });
      } else setMessage({ text: (e as Error).message, kind: 'error' });
    } finally {
      setBusy(false);
    }
  }, [session, data, reload, resetTo]);

  const decide = useCallback(
    async (decision: Decision, reasons: string[] = []) => {
      if (!session) return;
      if (edited) return setMessage({ text: 'Save (Ctrl+S) or discard your edits before deciding: a decision is about saved text.', kind: 'error' });
      setBusy(true);
      try {
        await api.call('samples.review', { sampleId: session.sampleId, revisionId: session.baseRevisionId, decision, reasons, seconds: Math.min(86_400, (Date.now() - openedAt.current) / 1000) });
        const next = neighbour(queue, id, 1);
        if (next !== null) go(next);
        else {
          await reload();
          setMessage({ text: `Marked ${decision.replace('_', ' ')}. That was the last sample of this view.`, kind: 'info' });
        }
      } catch (e) {
        setMessage({ text: (e as Error).message, kind: 'error' });
        if (isAppError(e) && e.code === 'conflict') await reload();
      } finally {
        setBusy(false);
      }
    },
    [session, edited, queue, id, go, reload],
  );

  const jumpTo = useCallback((flag: FlagView) => {
    editor.current?.select(flag.start, Math.max(flag.end, flag.start));
    editor.current?.focus();
  }, []);
  const applyQuickFix = useCallback((fix: QuickFix) => {
    if (editor.current) editor.current.replace(fix.start, fix.end, fix.text);
    else if (session) setText(applyFix(session.text, fix));
  }, [session, setText]);

  const run = useCallback(
    (action: ReviewAction) => {
      switch (action) {
        case 'next': return go(neighbour(queue, id, 1));
        case 'previous': return go(neighbour(queue, id, -1));
        case 'accept': return void decide('accepted');
        case 'needsRewrite': return void decide('needs_rewrite');
        case 'reject': return edited ? void decide('rejected') : setDialog('reject');
        case 'edit': setMode('edit'); return editor.current?.focus();
        case 'leaveEditor': return screenRef.current?.focus();
        case 'save': return void save();
        case 'help': return setDialog('help');
        case 'diff': return setMode((m) => (m === 'diff' ? 'edit' : 'diff'));
        case 'back': window.location.hash = samplesHash(query); return;
        case 'nextFlag':
        case 'previousFlag': {
          const flag = nextFlag(live.flags, editor.current?.getSelection().start ?? -1, action === 'nextFlag' ? 1 : -1);
          if (flag) editor.current?.select(flag.start, Math.max(flag.end, flag.start));
          return;
        }
      }
    },
    [go, queue, id, decide, edited, save, query, live.flags],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (dialog || conflict || busy) return;
      const target = event.target as HTMLElement | null;
      const typing = Boolean(target?.closest('.monaco-editor, input, textarea, select, [contenteditable="true"]'));
      const action = actionFor(event, typing);
      if (!action) return;
      event.preventDefault();
      run(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [run, dialog, conflict, busy]);

  if (error) return <section className="review-screen" data-testid="screen-review"><div className="banner error" role="alert" data-testid="review-error">{error.message}</div></section>;
  if (!data || !session || !detail) return <section className="review-screen" data-testid="screen-review"><div className="editor-loading">Loading sample {id}…</div></section>;

  const position = queue.indexOf(id);
  return (
    <section className="review-screen" data-testid="screen-review" data-sample-id={id} ref={screenRef} tabIndex={-1}>
      <div className="review-toolbar">
        <a className="link-button" href={samplesHash(query)} data-testid="review-back">← Samples</a>
        <h1>Sample {id}</h1>
        <span className={`pill status-${detail.sample.status}`} data-testid="review-status">{detail.sample.status.replace('_', ' ')}</span>
        <span className="muted" data-testid="review-position">{position >= 0 ? `${position + 1} of ${queue.length}` : ''}</span>
        <span className="muted">{session.baseRevisionId === null ? 'raw output' : `revision ${session.baseRevisionId}`}{edited ? ' · edited' : ''}</span>
        <div className="toolbar-end">
          <button type="button" className="button" onClick={() => run('diff')} data-testid="toggle-diff" aria-pressed={mode === 'diff'}>{mode === 'diff' ? 'Edit' : 'Diff'} <kbd>d</kbd></button>
          <button type="button" className="button" onClick={() => setDialog('help')} data-testid="open-help">Shortcuts <kbd>?</kbd></button>
          <button type="button" className="button danger" onClick={() => run('reject')} disabled={busy} data-testid="review-reject">Reject <kbd>r</kbd></button>
          <button type="button" className="button" onClick={() => run('needsRewrite')} disabled={busy} data-testid="review-needs-rewrite">Needs rewrite <kbd>w</kbd></button>
          <button type="button" className="button accept" onClick={() => run('accept')} disabled={busy} data-testid="review-accept">Accept <kbd>a</kbd></button>
        </div>
      </div>
      {session.restored ? (
        <div className="banner warning" data-testid="draft-restored">
          Restored unsaved edits from {new Date(session.restored.savedAt).toLocaleString()}.{' '}
          <button type="button" className="link-button" onClick={() => resetTo(data)} data-testid="draft-discard">Discard them</button>
        </div>
      ) : null}
      {message ? <div className={message.kind === 'error' ? 'banner error' : 'banner info'} role="status" data-testid="review-message">{message.text}</div> : null}
      <div className="review-body">
        <div className="review-main">
          {conflict ? (
            <ConflictView
              conflict={conflict}
              busy={busy}
              onCancel={() => setConflict(null)}
              onTakeTheirs={async () => { setConflict(null); const fresh = await reload(); if (fresh) resetTo(fresh); }}
              onSaveMerged={async (merged) => {
                const theirsId = conflict.theirs?.id ?? null;
                setConflict(null);
                rebase(theirsId, merged);
                setBusy(true);
                try {
                  const out = await api.call('samples.saveRevision', { sampleId: id, baseRevisionId: theirsId, completion: merged, ...(conflict.note.trim() ? { note: conflict.note.trim() } : {}) });
                  const fresh = await reload();
                  if (fresh) resetTo(fresh);
                  setMessage({ text: `Saved revision ${out.revision.id} on top of revision ${theirsId}.`, kind: 'info' });
                } catch (e) {
                  setMessage({ text: (e as Error).message, kind: 'error' });
                } finally {
                  setBusy(false);
                }
              }}
            />
          ) : (
            <>
              <div className="editor-frame" data-testid="editor-frame" data-open-ms={openMs ?? undefined}>
                <Suspense fallback={<div className="editor-loading">Loading editor…</div>}>
                  <div className={mode === 'diff' ? 'editor-slot hidden' : 'editor-slot'}>
                    <TraceEditor
                      modelKey={session.modelKey}
                      initialText={session.text}
                      flags={live.flags}
                      onChange={setText}
                      onReady={(h) => (editor.current = h)}
                      onShown={() => setOpenMs(Math.round(performance.now() - startedAt))}
                      onEscape={() => screenRef.current?.focus()}
                    />
                  </div>
                  {mode === 'diff' ? <DiffView original={detail.original.completion} modified={session.text} testId="original-diff" /> : null}
                </Suspense>
              </div>
              <div className="save-row">
                <input className="note-input" placeholder="Note for this revision (optional)" value={session.note} onChange={(e) => setNote(e.target.value)} maxLength={2000} data-testid="revision-note" />
                <AssistBar sampleId={id} editor={editor} text={session.text} language={detail.prompt.language} />
                <button type="button" className="button primary" onClick={() => void save()} disabled={busy || (!edited && !session.restored)} data-testid="review-save">Save <kbd>Ctrl+S</kbd></button>
              </div>
            </>
          )}
        </div>
        <div className="review-side">
          <FlagList flags={live.flags} text={session.text} stale={live.stale} onJump={jumpTo} onFix={applyQuickFix} />
          <ContextPanel data={data} onOpenSample={(sid) => go(sid)} />
        </div>
      </div>
      {dialog === 'reject' ? <ReasonPicker flagCodes={[...new Set(live.flags.map((f) => f.code))]} onClose={() => setDialog(null)} onPick={(reasons) => { setDialog(null); void decide('rejected', reasons); }} /> : null}
      {dialog === 'help' ? <ShortcutHelp onClose={() => setDialog(null)} /> : null}
    </section>
  );
}
