/**
 * Splitting an R1-style completion into its reasoning and its reader-facing summary.
 *
 * R1-distill chat templates prefill `<think>\n`, so the model's own output usually starts
 * inside the reasoning and only contains `</think>`; R1-Zero's template asks for
 * `<think>…</think> <answer>…</answer>`. Both shapes are normal input.
 */
export interface SplitTrace {
  /** Reasoning text without the think tags, trimmed. */
  reasoning: string;
  /** Everything after the reasoning (the summary, or the `<answer>` body), trimmed. */
  summary: string;
  hasOpenTag: boolean;
  hasCloseTag: boolean;
  /** UTF-16 offsets of the reasoning and the summary inside the completion (untrimmed spans). */
  reasoningSpan: { start: number; end: number };
  summarySpan: { start: number; end: number };
}

const OPEN = '<think>';
const CLOSE = '</think>';

export function splitTrace(completion: string): SplitTrace {
  const openAt = completion.indexOf(OPEN);
  const closeAt = completion.indexOf(CLOSE);
  const hasOpenTag = openAt !== -1 && (closeAt === -1 || openAt < closeAt);
  const hasCloseTag = closeAt !== -1;
  let reasoningStart = hasOpenTag ? openAt + OPEN.length : 0;
  let reasoningEnd: number;
  let summaryStart: number;
  if (hasCloseTag) {
    reasoningEnd = closeAt;
    summaryStart = closeAt + CLOSE.length;
  } else if (hasOpenTag) {
    // An opened, never-closed think block: everything is reasoning (often a truncation).
    reasoningEnd = completion.length;
    summaryStart = completion.length;
  } else {
    // No tags at all: there is no marked reasoning; the whole text is the reader-facing part.
    reasoningStart = 0;
    reasoningEnd = 0;
    summaryStart = 0;
  }
  let summaryEnd = completion.length;
  const summaryRaw = completion.slice(summaryStart, summaryEnd);
  // R1-Zero's format puts the answer in <answer> tags; the summary is its body.
  const answerOpen = summaryRaw.indexOf('<answer>');
  if (answerOpen !== -1) {
    const answerClose = summaryRaw.indexOf('</answer>', answerOpen);
    const bodyStart = summaryStart + answerOpen + '<answer>'.length;
    summaryEnd = answerClose === -1 ? summaryEnd : summaryStart + answerClose;
    summaryStart = bodyStart;
  }
  return {
    reasoning: completion.slice(reasoningStart, reasoningEnd).trim(),
    summary: completion.slice(summaryStart, summaryEnd).trim(),
    hasOpenTag,
    hasCloseTag,
    reasoningSpan: { start: reasoningStart, end: reasoningEnd },
    summarySpan: { start: summaryStart, end: summaryEnd },
  };
}

/** The canonical text of a curated trace: what revisions store and exports are built from. */
export function joinTrace(reasoning: string, summary: string): string {
  return `<think>\n${reasoning.trim()}\n</think>\n\n${summary.trim()}`;
}

/** Where the trimmed reasoning and summary sit in the completion (UTF-16 offsets and lengths). */
export function traceSpans(completion: string, split: SplitTrace = splitTrace(completion)) {
  const trimmedStart = (span: { start: number; end: number }) => {
    const raw = completion.slice(span.start, span.end);
    return span.start + (raw.length - raw.trimStart().length);
  };
  return {
    reasoningAt: trimmedStart(split.reasoningSpan),
    reasoningLen: split.reasoning.length,
    summaryAt: trimmedStart(split.summarySpan),
    summaryLen: split.summary.length,
  };
}

/** The stored form of a body back to its three texts. */
export function sliceBody(row: { completion: string; reasoning_at: number; reasoning_len: number; summary_at: number; summary_len: number }) {
  return {
    reasoning: row.completion.slice(row.reasoning_at, row.reasoning_at + row.reasoning_len),
    summary: row.completion.slice(row.summary_at, row.summary_at + row.summary_len),
  };
}
