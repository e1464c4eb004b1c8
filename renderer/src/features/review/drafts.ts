/**
 * Unsaved edits kept in localStorage per sample, so a reload or a crash loses nothing. A draft
 * remembers the revision it started from: saving it later against a newer revision is then a
 * conflict the annotator resolves, never a silent overwrite.
 */
export interface Draft {
  sampleId: number;
  baseRevisionId: number | null;
  text: string;
  note: string;
  savedAt: string;
}

const PREFIX = 'coldstart.draft.';

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function storage(): Store | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function readDraft(sampleId: number, store: Store | null = storage()): Draft | null {
  const raw = store?.getItem(PREFIX + sampleId);
  if (!raw) return null;
  try {
    const d = JSON.parse(raw) as Partial<Draft>;
    if (d.sampleId !== sampleId || typeof d.text !== 'string' || !(d.baseRevisionId === null || typeof d.baseRevisionId === 'number')) return null;
    return { sampleId, baseRevisionId: d.baseRevisionId, text: d.text, note: typeof d.note === 'string' ? d.note : '', savedAt: String(d.savedAt ?? '') };
  } catch {
    return null; // a corrupt entry is dropped rather than breaking the screen
  }
}

/** Writes the draft, or removes it when the text is back to what was loaded (nothing to keep). */
export function writeDraft(draft: Omit<Draft, 'savedAt'>, loadedText: string, store: Store | null = storage()): void {
  if (!store) return;
  if (draft.text === loadedText && draft.note === '') {
    store.removeItem(PREFIX + draft.sampleId);
    return;
  }
  try {
    store.setItem(PREFIX + draft.sampleId, JSON.stringify({ ...draft, savedAt: new Date().toISOString() }));
  } catch {
    // Quota full: the editor still holds the text; losing the backup is better than failing the keystroke.
  }
}

export function discardDraft(sampleId: number, store: Store | null = storage()): void {
  store?.removeItem(PREFIX + sampleId);
}
