import type { VersionView } from '../../../../core/procedures/versions.ts';
import { shortSha } from './format.ts';

export function VersionList({ versions, selected, onSelect }: { versions: VersionView[]; selected: string | null; onSelect(name: string): void }) {
  return (
    <table className="versions-table" data-testid="versions-list">
      <thead>
        <tr>
          <th>Name</th>
          <th>Parent</th>
          <th>Author</th>
          <th>Created</th>
          <th>Message</th>
          <th className="num">Items</th>
          <th>sha256</th>
        </tr>
      </thead>
      <tbody>
        {versions.map((v) => (
          <tr
            key={v.name}
            className={v.name === selected ? 'selected' : undefined}
            aria-selected={v.name === selected}
            data-testid="version-row"
            data-name={v.name}
            onClick={() => onSelect(v.name)}
          >
            <td>
              {/* A real button, so the list works from the keyboard. */}
              <button type="button" className="link-button" onClick={() => onSelect(v.name)} data-testid="version-open">
                {v.name}
              </button>
            </td>
            <td className="muted">{v.parent ?? '—'}</td>
            <td>{v.author ?? 'local user'}</td>
            <td className="muted" title={v.createdAt}>
              {new Date(v.createdAt).toLocaleString()}
            </td>
            <td className="version-msg" title={v.message}>
              {v.message}
            </td>
            <td className="num" data-testid="version-items">
              {v.items.toLocaleString('en')}
            </td>
            <td className="mono" title={v.contentSha256}>
              {shortSha(v.contentSha256)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
