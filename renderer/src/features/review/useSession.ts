import { useCallback, useEffect, useRef, useState } from 'react';
import { readDraft, writeDraft, discardDraft, type Draft } from './drafts.ts';
import type { ReviewData } from './useReviewData.ts';

export interface Session {
  sampleId: number;
  /** The revision the text in the editor started from (null: the raw output). */
  baseRevisionId: number | null;
  /** The saved text of that base, for "is there anything to save" and drafts. */
  loadedText: string;
  text: string;
  note: string;
  /** Changes when the editor must load a new text (another sample, a save, a discard). */
  modelKey: string;
  restored: Draft | null;
}

function fromData(data: ReviewData, counter: number, useDraft: boolean): Session {
  const current = data.detail.current;
  const loadedText = current?.completion ?? data.detail.original.completion;
  const base = current?.id ?? null;
  const draft = useDraft ? readDraft(data.detail.sample.id) : null;
  const restored = draft && (draft.text !== loadedText || draft.note) ? draft : null;
  return {
    sampleId: data.detail.sample.id,
    // A draft keeps its own base: saving it over a newer revision must be a conflict.
    baseRevisionId: restored ? restored.baseRevisionId : base,
    loadedText,
    text: restored ? restored.text : loadedText,
    note: restored?.note ?? '',
    modelKey: `${data.detail.sample.id}:${base ?? 'raw'}:${counter}`,
    restored,
  };
}

/** The editing session of one sample: text, note and base revision, mirrored into a local draft. */
export function useSession(data: ReviewData | null) {
  const [session, setSession] = useState<Session | null>(null);
  const counter = useRef(0);

  useEffect(() => {
    if (!data) return;
    // A reload of the same sample at the same base (a decision, a group change) keeps the edits.
    setSession((s) => (s && s.sampleId === data.detail.sample.id && s.baseRevisionId === (data.detail.current?.id ?? null) && s.loadedText === (data.detail.current?.completion ?? data.detail.original.completion) ? s : fromData(data, ++counter.current, true)));
  }, [data]);

  useEffect(() => {
    if (!session) return;
    const timer = setTimeout(() => writeDraft({ sampleId: session.sampleId, baseRevisionId: session.baseRevisionId, text: session.text, note: session.note }, session.loadedText), 250);
    return () => clearTimeout(timer);
  }, [session?.text, session?.note, session?.baseRevisionId]);

  const setText = useCallback((text: string) => setSession((s) => (s ? { ...s, text } : s)), []);
  const setNote = useCallback((note: string) => setSession((s) => (s ? { ...s, note } : s)), []);

  /** Starts over from the saved text of `fresh` (after a save, or on purpose: discarding). */
  const resetTo = useCallback((fresh: ReviewData) => {
    discardDraft(fresh.detail.sample.id);
    setSession(fromData(fresh, ++counter.current, false));
  }, []);

  /** Keeps the current text but moves its base (a merge saved on top of someone's revision). */
  const rebase = useCallback((baseRevisionId: number | null, text: string) => setSession((s) => (s ? { ...s, baseRevisionId, text, modelKey: `${s.sampleId}:${baseRevisionId}:${++counter.current}` } : s)), []);

  const edited = session !== null && session.text !== session.loadedText;
  return { session, setText, setNote, resetTo, rebase, edited };
}
