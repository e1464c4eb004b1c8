import { useState } from 'react';
import { COLUMN_LABELS, FIXED_COLUMNS, type ColumnVisibility } from './columns.tsx';

const COLUMNS_KEY = 'coldstart.samples.columns';
const VIEWS_KEY = 'coldstart.samples.views';

export interface SavedView {
  name: string;
  /** The samples hash (`#/samples?flag=…&sort=…`) the view restores. */
  hash: string;
}

function readJson<T>(key: string, fallback: T): T {
  try {
    const text = window.localStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : fallback;
  } catch {
    return fallback;
  }
}

export function loadColumnVisibility(): ColumnVisibility {
  const stored = readJson<unknown>(COLUMNS_KEY, {});
  if (!stored || typeof stored !== 'object') return {};
  // Only known, hideable columns: stored state is user input from an older build, maybe.
  return Object.fromEntries(Object.entries(stored as Record<string, unknown>).filter(([id, v]) => id in COLUMN_LABELS && !FIXED_COLUMNS.has(id) && v === false)) as ColumnVisibility;
}

export function loadSavedViews(): SavedView[] {
  const stored = readJson<unknown>(VIEWS_KEY, []);
  return Array.isArray(stored) ? stored.filter((v): v is SavedView => !!v && typeof v.name === 'string' && typeof v.hash === 'string' && v.hash.startsWith('#/samples')) : [];
}

interface Props {
  visibility: ColumnVisibility;
  onVisibility(next: ColumnVisibility): void;
  currentHash: string;
  onApplyView(hash: string): void;
}

/** Column visibility and named views of the table, both kept in this browser's storage. */
export function ViewControls({ visibility, onVisibility, currentHash, onApplyView }: Props) {
  const [views, setViews] = useState<SavedView[]>(loadSavedViews);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');

  const setColumn = (id: string, shown: boolean) => {
    const next = { ...visibility };
    if (shown) delete next[id];
    else next[id] = false;
    window.localStorage.setItem(COLUMNS_KEY, JSON.stringify(next));
    onVisibility(next);
  };

  const storeViews = (next: SavedView[]) => {
    window.localStorage.setItem(VIEWS_KEY, JSON.stringify(next));
    setViews(next);
  };

  const save = () => {
    const trimmed = name.trim().slice(0, 60);
    if (!trimmed) return;
    storeViews([...views.filter((v) => v.name !== trimmed), { name: trimmed, hash: currentHash }]);
    setNaming(false);
    setName('');
  };

  return (
    <div className="view-controls" data-testid="view-controls">
      <details className="columns-menu">
        <summary data-testid="columns-menu">Columns</summary>
        <div className="columns-popover" role="group" aria-label="Visible columns">
          {Object.entries(COLUMN_LABELS).map(([id, label]) => (
            <label key={id} className="column-toggle">
              <input type="checkbox" data-testid={`column-toggle-${id}`} checked={visibility[id] !== false} disabled={FIXED_COLUMNS.has(id)} onChange={(e) => setColumn(id, e.target.checked)} />
              {label}
            </label>
          ))}
        </div>
      </details>
      <label className="filter">
        <span>View</span>
        <select
          data-testid="saved-views"
          value={views.find((v) => v.hash === currentHash)?.name ?? ''}
          onChange={(e) => {
            const view = views.find((v) => v.name === e.target.value);
            if (view) onApplyView(view.hash);
          }}
        >
          <option value="">{views.length ? 'Choose a saved view' : 'No saved views'}</option>
          {views.map((v) => (
            <option key={v.name} value={v.name}>
              {v.name}
            </option>
          ))}
        </select>
      </label>
      {naming ? (
        <form
          className="view-name"
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <input autoFocus data-testid="view-name" placeholder="Name this view" value={name} maxLength={60} onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && setNaming(false)} />
          <button type="submit" className="button" data-testid="view-save-confirm" disabled={!name.trim()}>
            Save
          </button>
        </form>
      ) : (
        <button type="button" className="button" data-testid="view-save" onClick={() => setNaming(true)}>
          Save view…
        </button>
      )}
      {views.some((v) => v.hash === currentHash) ? (
        <button type="button" className="button link" data-testid="view-delete" onClick={() => storeViews(views.filter((v) => v.hash !== currentHash))}>
          Delete view
        </button>
      ) : null}
    </div>
  );
}
