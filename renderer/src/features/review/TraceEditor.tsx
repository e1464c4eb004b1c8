import { useEffect, useRef } from 'react';
import type { FlagView } from '../../../../core/contract.ts';
import { splitTrace } from '../../../../core/trace.ts';
import { decorationSpecs, escapeMarkdown } from './flag-spans.ts';
import { monaco } from './monaco.ts';
import { fixesFor } from './quick-fixes.ts';

export interface EditorHandle {
  focus(): void;
  getText(): string;
  /** UTF-16 offsets of the selection (start = end for a caret). */
  getSelection(): { start: number; end: number };
  select(start: number, end: number): void;
  /** One undoable edit. */
  replace(start: number, end: number, text: string): void;
}

interface Props {
  /** A new key loads a new model (another sample or a reset); the text is only read then. */
  modelKey: string;
  initialText: string;
  flags: FlagView[];
  readOnly?: boolean;
  onChange(text: string): void;
  onReady(handle: EditorHandle | null): void;
  /** Called once the first frame with the text has been drawn. */
  onShown?(): void;
  /** Escape inside the editor: the screen takes the keyboard back. */
  onEscape(): void;
}

export default function TraceEditor({ modelKey, initialText, flags, readOnly, onChange, onReady, onShown, onEscape }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const flagDecorations = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  const regionDecorations = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  const flagsRef = useRef(flags);
  flagsRef.current = flags;
  const callbacks = useRef({ onChange, onEscape, onShown });
  callbacks.current = { onChange, onEscape, onShown };

  useEffect(() => {
    const editor = monaco.editor.create(host.current!, {
      model: null,
      theme: 'coldstart',
      wordWrap: 'on',
      wrappingIndent: 'same',
      minimap: { enabled: false },
      glyphMargin: true,
      lineNumbersMinChars: 3,
      fontSize: 13.5,
      lineHeight: 21,
      scrollBeyondLastLine: false,
      automaticLayout: true,
      unicodeHighlight: { ambiguousCharacters: false, invisibleCharacters: true },
      renderWhitespace: 'none',
      lightbulb: { enabled: monaco.editor.ShowLightbulbIconMode.OnCode },
      accessibilitySupport: 'off',
    });
    editorRef.current = editor;
    flagDecorations.current = editor.createDecorationsCollection();
    regionDecorations.current = editor.createDecorationsCollection();
    editor.addCommand(monaco.KeyCode.Escape, () => callbacks.current.onEscape(), '!suggestWidgetVisible && !findWidgetVisible');
    const offsets = (s: monaco.Selection | null) => {
      const model = editor.getModel();
      if (!model || !s) return { start: 0, end: 0 };
      const a = model.getOffsetAt(s.getStartPosition());
      const b = model.getOffsetAt(s.getEndPosition());
      return { start: Math.min(a, b), end: Math.max(a, b) };
    };
    const rangeOf = (model: monaco.editor.ITextModel, start: number, end: number) => monaco.Range.fromPositions(model.getPositionAt(start), model.getPositionAt(end));
    const handle: EditorHandle = {
      focus: () => editor.focus(),
      getText: () => editor.getModel()?.getValue() ?? '',
      getSelection: () => offsets(editor.getSelection()),
      select(start, end) {
        const model = editor.getModel();
        if (!model) return;
        const range = rangeOf(model, start, end);
        editor.setSelection(range);
        editor.revealRangeInCenterIfOutsideViewport(range);
      },
      replace(start, end, text) {
        const model = editor.getModel();
        if (!model) return;
        editor.pushUndoStop();
        editor.executeEdits('coldstart', [{ range: rangeOf(model, start, end), text, forceMoveMarkers: true }]);
        editor.pushUndoStop();
      },
    };
    onReady(handle);
    // Quick fixes as code actions on flagged spans under the cursor (Ctrl+. or the light bulb).
    const actions = monaco.languages.registerCodeActionProvider('plaintext', {
      provideCodeActions(model, range) {
        if (model !== editor.getModel()) return { actions: [], dispose() {} };
        const text = model.getValue();
        const at = model.getOffsetAt(range.getStartPosition());
        const result: monaco.languages.CodeAction[] = [];
        for (const flag of flagsRef.current) {
          if (at < flag.start || at > Math.max(flag.end, flag.start + 1)) continue;
          for (const fix of fixesFor(flag, text)) {
            result.push({
              title: fix.title,
              kind: 'quickfix',
              edit: { edits: [{ resource: model.uri, versionId: model.getVersionId(), textEdit: { range: rangeOf(model, fix.start, fix.end), text: fix.text } }] },
            });
          }
        }
        return { actions: result, dispose() {} };
      },
    });
    return () => {
      actions.dispose();
      onReady(null);
      editor.getModel()?.dispose();
      editor.dispose();
      editorRef.current = null;
    };
    // onReady is stable for the screen's lifetime.
  }, []);

  useEffect(() => {
    const editor = editorRef.current!;
    const old = editor.getModel();
    const model = monaco.editor.createModel(initialText, 'plaintext');
    editor.setModel(model);
    old?.dispose();
    const listener = model.onDidChangeContent(() => {
      callbacks.current.onChange(model.getValue());
      markRegions(editor, regionDecorations.current!);
    });
    markRegions(editor, regionDecorations.current!);
    requestAnimationFrame(() => callbacks.current.onShown?.());
    return () => listener.dispose();
    // initialText is read only when the key changes: the editor owns the text afterwards.
  }, [modelKey]);

  useEffect(() => {
    editorRef.current?.updateOptions({ readOnly: Boolean(readOnly) });
  }, [readOnly]);

  useEffect(() => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (!editor || !model) return;
    const specs = decorationSpecs(flags, model.getValueLength());
    flagDecorations.current!.set(
      specs.map((spec) => {
        const start = model.getPositionAt(spec.start);
        const end = model.getPositionAt(spec.end);
        return {
          range: monaco.Range.fromPositions(start, end),
          options: {
            className: spec.inline ? spec.className : null,
            glyphMarginClassName: spec.glyphClassName,
            hoverMessage: { value: escapeMarkdown(spec.hover) },
            glyphMarginHoverMessage: { value: escapeMarkdown(spec.hover) },
            overviewRuler: { color: spec.className.includes('error') ? '#d14343' : '#d49a1f', position: monaco.editor.OverviewRulerLane.Right },
            stickiness: monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges,
          },
        };
      }),
    );
  }, [flags, modelKey]);

  return <div className="trace-editor" ref={host} data-testid="trace-editor" />;
}

/** Tints the summary (the reader-facing part after </think>) so reasoning and summary read apart. */
function markRegions(editor: monaco.editor.IStandaloneCodeEditor, collection: monaco.editor.IEditorDecorationsCollection): void {
  const model = editor.getModel();
  if (!model) return;
  const split = splitTrace(model.getValue());
  if (!split.hasCloseTag || split.summarySpan.end <= split.summarySpan.start) {
    collection.clear();
    return;
  }
  const start = model.getPositionAt(split.summarySpan.start);
  const end = model.getPositionAt(split.summarySpan.end);
  collection.set([{ range: new monaco.Range(start.lineNumber, 1, end.lineNumber, 1), options: { isWholeLine: true, className: 'summary-line', linesDecorationsClassName: 'summary-gutter' } }]);
}
