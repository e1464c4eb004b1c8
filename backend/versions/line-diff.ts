/**
 * A line diff (Myers' O(ND) algorithm) grouped into unified-diff hunks. Traces differ by a
 * few edited lines, so D is small; past MAX_EDITS the texts are reported as replaced
 * wholesale rather than spending quadratic memory on an unreadable diff.
 */
import type { DiffHunk } from '../../core/procedures/versions.ts';

type Op = ' ' | '-' | '+';
interface Edit {
  op: Op;
  text: string;
}

const MAX_EDITS = 4000;

function myers(a: readonly string[], b: readonly string[]): Edit[] | null {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(a, b, trace, d, offset);
    }
  }
  return null;
}

function backtrack(a: readonly string[], b: readonly string[], trace: Int32Array[], dEnd: number, offset: number): Edit[] {
  const edits: Edit[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = dEnd; d >= 0; d--) {
    const v = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : v[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) edits.push({ op: ' ', text: a[--x]! }), y--;
    if (d > 0) {
      if (x === prevX) edits.push({ op: '+', text: b[--y]! });
      else edits.push({ op: '-', text: a[--x]! });
    }
  }
  return edits.reverse();
}

export function diffLines(from: string, to: string): Edit[] {
  const a = from.split('\n');
  const b = to.split('\n');
  // Common prefix and suffix are cheap to peel off and are most of a lightly edited trace.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) endA--, endB--;
  const middle = myers(a.slice(start, endA), b.slice(start, endB)) ?? [
    ...a.slice(start, endA).map((text): Edit => ({ op: '-', text })),
    ...b.slice(start, endB).map((text): Edit => ({ op: '+', text })),
  ];
  return [...a.slice(0, start).map((text): Edit => ({ op: ' ', text })), ...middle, ...a.slice(endA).map((text): Edit => ({ op: ' ', text }))];
}

/** Unified-diff hunks with `context` unchanged lines around each change; line numbers are 1-based. */
export function diffHunks(from: string, to: string, context = 3): DiffHunk[] {
  const edits = diffLines(from, to);
  const hunks: DiffHunk[] = [];
  let aLine = 1;
  let bLine = 1;
  const positions = edits.map((e) => {
    const pos = { a: aLine, b: bLine };
    if (e.op !== '+') aLine++;
    if (e.op !== '-') bLine++;
    return pos;
  });
  let i = 0;
  while (i < edits.length) {
    if (edits[i]!.op === ' ') {
      i++;
      continue;
    }
    const start = Math.max(0, i - context);
    let end = i;
    // Extend while the next change is within 2×context unchanged lines, so hunks merge.
    for (;;) {
      while (end < edits.length && edits[end]!.op !== ' ') end++;
      let next = end;
      while (next < edits.length && edits[next]!.op === ' ') next++;
      if (next < edits.length && next - end <= 2 * context) end = next;
      else break;
    }
    const stop = Math.min(edits.length, end + context);
    const lines = edits.slice(start, stop);
    hunks.push({
      fromStart: positions[start]!.a,
      fromLines: lines.filter((l) => l.op !== '+').length,
      toStart: positions[start]!.b,
      toLines: lines.filter((l) => l.op !== '-').length,
      lines: lines.map((l) => ({ op: l.op, text: l.text })),
    });
    i = stop;
  }
  return hunks;
}
