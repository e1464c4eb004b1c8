import { useEffect, useRef } from 'react';
import { monaco } from './monaco.ts';

interface Props {
  original: string;
  modified: string;
  /** The right side can be edited (the conflict view merges there). */
  editable?: boolean;
  onModifiedChange?(text: string): void;
  testId?: string;
}

/** Side by side, always: the inline fallback hides which side a line came from. */
export default function DiffView({ original, modified, editable, onModifiedChange, testId = 'diff-view' }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);
  const onChange = useRef(onModifiedChange);
  onChange.current = onModifiedChange;

  useEffect(() => {
    const editor = monaco.editor.createDiffEditor(host.current!, {
      theme: 'coldstart',
      renderSideBySide: true,
      useInlineViewWhenSpaceIsLimited: false,
      wordWrap: 'on',
      diffWordWrap: 'on',
      readOnly: !editable,
      originalEditable: false,
      minimap: { enabled: false },
      automaticLayout: true,
      scrollBeyondLastLine: false,
      fontSize: 13,
      renderOverviewRuler: false,
      hideUnchangedRegions: { enabled: true, contextLineCount: 2, minimumLineCount: 4 },
    });
    editorRef.current = editor;
    return () => {
      const model = editor.getModel();
      editor.dispose();
      model?.original.dispose();
      model?.modified.dispose();
    };
  }, [editable]);

  useEffect(() => {
    const editor = editorRef.current!;
    const old = editor.getModel();
    const model = { original: monaco.editor.createModel(original, 'plaintext'), modified: monaco.editor.createModel(modified, 'plaintext') };
    editor.setModel(model);
    old?.original.dispose();
    old?.modified.dispose();
    const sub = model.modified.onDidChangeContent(() => onChange.current?.(model.modified.getValue()));
    return () => sub.dispose();
    // A merge edits the right side in place: only new inputs (not our own edits) reload it.
  }, [original, editable, editable ? null : modified]);

  return <div className="diff-view" ref={host} data-testid={testId} />;
}
