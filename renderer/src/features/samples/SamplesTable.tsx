import { FlexRender, useTable, type Row } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef } from 'react';
import type { SampleRow } from '../../../../core/contract.ts';
import { columns, features, gridTemplateFor, SORTABLE, type ColumnVisibility } from './columns.tsx';
import type { SampleSort } from './useSampleList.ts';

const ROW_HEIGHT = 36;

interface Props {
  rows: SampleRow[];
  sort: SampleSort;
  onSort(sort: SampleSort): void;
  hasMore: boolean;
  loading: boolean;
  onLoadMore(): void;
  /** Changes whenever filter or sort change: the list scrolls back to the top. */
  resetKey: string;
  /** Opens a sample in the review screen (click, or Enter on a focused row). */
  onOpen?(id: number): void;
  /** Row selection for bulk actions (a checkbox column appears when given). */
  selected?: ReadonlySet<number>;
  onToggle?(id: number, on: boolean): void;
  /** Columns set to false are hidden. */
  columnVisibility?: ColumnVisibility;
}

const ALL_VISIBLE: ColumnVisibility = {};

export function SamplesTable({ rows, sort, onSort, hasMore, loading, onLoadMore, resetKey, onOpen, selected, onToggle, columnVisibility = ALL_VISIBLE }: Props) {
  const template = gridTemplateFor(columnVisibility);
  const grid = onToggle ? `30px ${template}` : template;
  const table = useTable({ features, columns, data: rows, getRowId: (row) => String(row.id), state: { columnVisibility } });
  const tableRows = table.getRowModel().rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: tableRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => tableRows[index]!.id,
    overscan: 12,
  });

  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [resetKey]);

  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1]!.index : -1;
  // Infinite scroll: fetch the next page when the reader nears the end of what is loaded.
  useEffect(() => {
    if (hasMore && !loading && lastIndex >= tableRows.length - 15) onLoadMore();
  }, [hasMore, loading, lastIndex, tableRows.length, onLoadMore]);

  return (
    // The header sits inside the scroller (sticky) so a vertical scrollbar narrows header and rows alike.
    <div className="samples-table" role="table" aria-rowcount={rows.length} data-testid="samples-table" ref={scrollRef}>
      <div className="table-head" role="rowgroup">
        {table.getHeaderGroups().map((group) => (
          <div key={group.id} className="table-row head" role="row" style={{ gridTemplateColumns: grid }}>
            {onToggle ? (
              <div role="columnheader" className="cell col-select">
                <input
                  type="checkbox"
                  aria-label="Select every loaded row"
                  data-testid="select-all"
                  checked={rows.length > 0 && rows.every((r) => selected?.has(r.id))}
                  onChange={(e) => rows.forEach((r) => onToggle(r.id, e.target.checked))}
                />
              </div>
            ) : null}
            {group.headers.map((header) => {
              const field = SORTABLE[header.column.id];
              const active = field !== undefined && sort.field === field;
              const content = header.isPlaceholder ? null : <table.FlexRender header={header} />;
              return (
                <div key={header.id} role="columnheader" className={`cell col-${header.column.id}`} aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                  {field ? (
                    <button
                      type="button"
                      className={active ? 'sort-button active' : 'sort-button'}
                      data-testid={`sort-${header.column.id}`}
                      // Numbers read best largest-first; the id column keeps insertion order.
                      onClick={() => onSort({ field, dir: active ? (sort.dir === 'asc' ? 'desc' : 'asc') : field === 'id' ? 'asc' : 'desc' })}
                    >
                      {content}
                      <span className="sort-arrow" aria-hidden="true">
                        {active ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                      </span>
                    </button>
                  ) : (
                    content
                  )}
                </div>
              );
            })}
          </div>
        ))}
      </div>
      <div role="rowgroup" className="table-rows" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => (
          <SampleRowView key={item.key} row={tableRows[item.index]!} index={item.index} start={item.start} onOpen={onOpen} grid={grid} selected={selected?.has(tableRows[item.index]!.original.id) ?? false} onToggle={onToggle} />
        ))}
      </div>
    </div>
  );
}

/**
 * Memoised so a scroll step renders only the rows that came into view, not every drawn row:
 * row objects keep their identity until the data changes.
 */
const SampleRowView = memo(function SampleRowView({ row, index, start, onOpen, grid, selected, onToggle }: { row: Row<typeof features, SampleRow>; index: number; start: number; onOpen?: ((id: number) => void) | undefined; grid: string; selected: boolean; onToggle?: ((id: number, on: boolean) => void) | undefined }) {
  return (
    <div
      role="row"
      tabIndex={onOpen ? 0 : undefined}
      onClick={onOpen ? () => onOpen(row.original.id) : undefined}
      onKeyDown={onOpen ? (e) => e.key === 'Enter' && onOpen(row.original.id) : undefined}
      className={index % 2 ? 'table-row odd' : 'table-row'}
      data-testid="sample-row"
      data-sample-id={row.original.id}
      aria-rowindex={index + 2}
      aria-selected={onToggle ? selected : undefined}
      style={{ gridTemplateColumns: grid, height: ROW_HEIGHT, transform: `translateY(${start}px)` }}
    >
      {onToggle ? (
        <div role="cell" className="cell col-select" onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
          <input type="checkbox" aria-label={`Select sample ${row.original.id}`} data-testid="row-select" checked={selected} onChange={(e) => onToggle(row.original.id, e.target.checked)} />
        </div>
      ) : null}
      {row.getVisibleCells().map((cell) => (
        <div key={cell.id} role="cell" className={`cell col-${cell.column.id}`} data-testid={`cell-${cell.column.id}`}>
          <FlexRender cell={cell} />
        </div>
      ))}
    </div>
  );
});
