/**
 * Monaco, bundled locally and loaded only by the review screen's lazy chunk. The editor API
 * entry (not the package root) leaves out the language services and their multi-MB workers:
 * traces are plain text. The CSP forbids CDNs and eval, so the one worker comes from Vite.
 */
import './monaco-features.ts';
import * as monaco from 'monaco-editor/editor/editor.api';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

window.MonacoEnvironment = { getWorker: () => new EditorWorker() };

monaco.editor.defineTheme('coldstart', {
  base: 'vs',
  inherit: true,
  rules: [],
  colors: { 'editor.background': '#ffffff', 'editorLineNumber.foreground': '#a0a7b4' },
});

export { monaco };
export type Monaco = typeof monaco;
