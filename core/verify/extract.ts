/**
 * Finding the final answer in a model's summary: the R1 accuracy reward reads the last
 * `\boxed{}`; R1-Zero's template asks for `<answer>…</answer>`; the last number is a weak
 * fallback for summaries that state the answer in prose.
 */
export type AnswerSource = 'boxed' | 'answer_tag' | 'last_number';

export interface ExtractedAnswer {
  answer: string | null;
  source: AnswerSource | null;
}

const BOX_COMMAND = /\\(?:boxed|fbox)(?![a-zA-Z])/g;

/** Body of the brace group opening at `open` (which must be `{`), honouring nesting and `\{ \}`; null if never closed. */
export function readBraceGroup(text: string, open: number): { body: string; end: number } | null {
  if (text[open] !== '{') return null;
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      i++; // an escaped brace does not count
      continue;
    }
    if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth === 0) return { body: text.slice(open + 1, i), end: i + 1 };
    }
  }
  return null;
}

/** Contents of the last complete `\boxed{…}` / `\fbox{…}` (or `\boxed 5`); a box cut off by truncation is skipped. */
export function findLastBoxed(text: string): string | null {
  const starts = [...text.matchAll(BOX_COMMAND)].map((m) => (m.index ?? 0) + m[0].length);
  for (let k = starts.length - 1; k >= 0; k--) {
    let i = starts[k] as number;
    while (text[i] === ' ') i++;
    if (text[i] === '{') {
      const group = readBraceGroup(text, i);
      if (group) return group.body.trim();
      continue;
    }
    // `\boxed 5`: TeX takes the next token; models use it for short answers.
    const token = /^[^\s$\\{}]+/.exec(text.slice(i));
    if (token && i > (starts[k] as number)) return token[0];
  }
  return null;
}

const NUMBER_PATTERN = [
  String.raw`(?<![\w)}])-?\\[dt]?frac\{-?\d+\}\{\d+\}`,
  String.raw`(?<![\w)}])-?\d{1,3}(?:,\d{3})+(?:\.\d+)?`,
  String.raw`(?<![\w)}])-?\d+(?:\.\d+)?(?:\s*/\s*\d+(?!\.\d))?`,
  String.raw`(?<![\w)}\d])-?\.\d+`,
].join('|');

/** The last number-like token (integer, decimal, `a/b`, `\frac{a}{b}`, `1,000`) in prose. */
export function findLastNumber(text: string): string | null {
  let last: string | null = null;
  for (const m of text.matchAll(new RegExp(NUMBER_PATTERN, 'g'))) last = m[0];
  return last === null ? null : last.replace(/\s+/g, '');
}

const ANSWER_OPEN = '<answer>';
const ANSWER_CLOSE = '</answer>';

/** Body of the last `<answer>` block; an unclosed one runs to the end (generation often stops at `</answer>`). */
export function findAnswerTag(text: string): string | null {
  const open = text.lastIndexOf(ANSWER_OPEN);
  if (open === -1) return null;
  const from = open + ANSWER_OPEN.length;
  const close = text.indexOf(ANSWER_CLOSE, from);
  return text.slice(from, close === -1 ? undefined : close).trim();
}

const LEAD_IN = /^(?:so,?\s+|thus,?\s+|therefore,?\s+)?(?:the\s+)?(?:final\s+)?answer\s*(?:is|:)\s*/i;

/** An `<answer>` body is used whole when it is short; long prose falls back to its last number. */
function answerFromTagBody(body: string): string | null {
  const cleaned = body.replace(LEAD_IN, '').replace(/[.\s]+$/, '').trim();
  if (cleaned === '') return null;
  const words = cleaned.match(/[A-Za-z]{2,}/g) ?? [];
  const prose = cleaned.length > 80 || words.filter((w) => !/^(?:frac|dfrac|tfrac|sqrt|pi|cdot|times|text|infty|left|right|mathrm)$/.test(w)).length > 4;
  return prose ? findLastNumber(cleaned) : cleaned;
}

export function extractFinalAnswer(completionOrSummary: string): ExtractedAnswer {
  const boxed = findLastBoxed(completionOrSummary);
  if (boxed !== null && boxed !== '') return { answer: boxed, source: 'boxed' };
  const tagBody = findAnswerTag(completionOrSummary);
  if (tagBody !== null) {
    const answer = answerFromTagBody(tagBody);
    if (answer !== null) return { answer, source: 'answer_tag' };
  }
  const number = findLastNumber(completionOrSummary);
  if (number !== null) return { answer: number, source: 'last_number' };
  return { answer: null, source: null };
}
