import type { FlagView } from '../../../../core/contract.ts';

export interface DecorationSpec {
  start: number;
  end: number;
  /** Whole-line flags (no summary, truncation) get a gutter marker but no inline squiggle. */
  inline: boolean;
  className: string;
  glyphClassName: string;
  /** Plain text; Monaco renders hover markdown, so it is escaped where it is used. */
  hover: string;
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/**
 * Flags as decoration specs over a text of `length` UTF-16 units. Spans from a stale flag
 * set (the text changed while the worker ran) are clamped, never thrown away, so a marker
 * shows roughly where the problem was until the next result arrives.
 */
export function decorationSpecs(flags: readonly FlagView[], length: number): DecorationSpec[] {
  return flags.map((flag) => {
    const start = Math.max(0, Math.min(flag.start, length));
    const end = Math.max(start, Math.min(flag.end, length));
    return {
      start,
      end,
      inline: end > start,
      className: `flag-span flag-${flag.severity}`,
      glyphClassName: `flag-glyph flag-glyph-${flag.severity}`,
      hover: `${flag.code} (${flag.severity}): ${flag.message}`,
    };
  });
}

/** Flags in reading order, errors first where two start at the same place: the jump list. */
export function sortFlags(flags: readonly FlagView[]): FlagView[] {
  return [...flags].sort((a, b) => a.start - b.start || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.code.localeCompare(b.code));
}

/** The flag to jump to from `offset` (next after it, wrapping around); null when there are none. */
export function nextFlag(flags: readonly FlagView[], offset: number, direction: 1 | -1): FlagView | null {
  const sorted = sortFlags(flags);
  if (sorted.length === 0) return null;
  if (direction === 1) return sorted.find((f) => f.start > offset) ?? sorted[0]!;
  return [...sorted].reverse().find((f) => f.start < offset) ?? sorted[sorted.length - 1]!;
}

/** Escapes text for Monaco's markdown hovers: flag messages quote model output. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, '\\$&');
}
