export type ReviewAction = 'next' | 'previous' | 'accept' | 'reject' | 'needsRewrite' | 'edit' | 'save' | 'help' | 'diff' | 'nextFlag' | 'previousFlag' | 'leaveEditor' | 'back';

/** Every shortcut, in the order the help dialog lists them. `inEditor`: also works while typing. */
export const SHORTCUTS: ReadonlyArray<{ keys: string; action: ReviewAction; label: string; inEditor?: boolean }> = [
  { keys: 'j', action: 'next', label: 'Next sample' },
  { keys: 'k', action: 'previous', label: 'Previous sample' },
  { keys: 'a', action: 'accept', label: 'Accept (saved text)' },
  { keys: 'r', action: 'reject', label: 'Reject, with a reason' },
  { keys: 'w', action: 'needsRewrite', label: 'Mark as needs rewrite' },
  { keys: 'e', action: 'edit', label: 'Edit the trace (focus the editor)' },
  { keys: 'Escape', action: 'leaveEditor', label: 'Leave the editor (shortcuts work again)', inEditor: true },
  { keys: 'Ctrl/⌘+S', action: 'save', label: 'Save a revision', inEditor: true },
  { keys: 'f', action: 'nextFlag', label: 'Next flag' },
  { keys: 'Shift+F', action: 'previousFlag', label: 'Previous flag' },
  { keys: 'd', action: 'diff', label: 'Toggle the diff against the original' },
  { keys: 'u', action: 'back', label: 'Back to the samples list' },
  { keys: '?', action: 'help', label: 'Show these shortcuts' },
];

interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/**
 * The action for a key press, or null. While the focus is in the editor or a text field only
 * the `inEditor` shortcuts apply, so typing a "j" types a "j".
 */
export function actionFor(event: KeyLike, typing: boolean): ReviewAction | null {
  const mod = event.ctrlKey || event.metaKey;
  if (mod && !event.altKey && event.key.toLowerCase() === 's') return 'save';
  if (event.key === 'Escape') return typing ? 'leaveEditor' : null;
  if (typing || mod || event.altKey) return null;
  switch (event.key) {
    case 'j':
      return 'next';
    case 'k':
      return 'previous';
    case 'a':
      return 'accept';
    case 'r':
      return 'reject';
    case 'w':
      return 'needsRewrite';
    case 'e':
      return 'edit';
    case 'f':
      return 'nextFlag';
    case 'F':
      return 'previousFlag';
    case 'd':
      return 'diff';
    case 'u':
      return 'back';
    case '?':
      return 'help';
    default:
      return null;
  }
}
