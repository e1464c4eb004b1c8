import { useEffect, useRef, useState, type ReactNode } from 'react';
import { SHORTCUTS } from './shortcuts.ts';

function Modal({ title, testId, onClose, children }: { title: string; testId: string; onClose(): void; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testId}
        tabIndex={-1}
        ref={ref}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Escape') onClose();
        }}
      >
        <h2>{title}</h2>
        {children}
      </div>
    </div>
  );
}

export const BASE_REASONS = ['wrong answer', 'unreadable', 'mixed language', 'repetitive', 'incomplete', 'off topic'];

/** Reasons by number key (1–9), Space toggles the highlighted one, Enter rejects. */
export function ReasonPicker({ flagCodes, onPick, onClose }: { flagCodes: string[]; onPick(reasons: string[]): void; onClose(): void }) {
  const options = [...new Set([...flagCodes, ...BASE_REASONS])].slice(0, 9);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const toggle = (r: string) =>
    setChosen((c) => {
      const n = new Set(c);
      if (n.has(r)) n.delete(r);
      else n.add(r);
      return n;
    });
  return (
    <Modal title="Reject: why?" testId="reason-picker" onClose={onClose}>
      <div
        className="reason-options"
        onKeyDown={(e) => {
          const n = Number(e.key);
          if (n >= 1 && n <= options.length) toggle(options[n - 1]!);
          if (e.key === 'Enter' && !(e.target instanceof HTMLButtonElement)) onPick([...chosen]);
        }}
      >
        {options.map((r, i) => (
          <label key={r} className="checkbox">
            <input type="checkbox" checked={chosen.has(r)} onChange={() => toggle(r)} data-testid="reason-option" value={r} />
            <kbd>{i + 1}</kbd> {r}
          </label>
        ))}
        <div className="modal-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button danger" onClick={() => onPick([...chosen])} data-testid="reason-confirm">
            Reject (Enter)
          </button>
        </div>
      </div>
    </Modal>
  );
}

export function ShortcutHelp({ onClose }: { onClose(): void }) {
  return (
    <Modal title="Keyboard shortcuts" testId="shortcut-help" onClose={onClose}>
      <table className="shortcut-table">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.action} data-testid="shortcut-row">
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose}>
          Close (Esc)
        </button>
      </div>
    </Modal>
  );
}
