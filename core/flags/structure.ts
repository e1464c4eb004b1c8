/** Detectors for the shape of a trace: think tags, summary, truncation, code in reasoning. */
import { listedLanguages } from './langid.ts';
import type { Flag } from './index.ts';
import { blank, FENCE_RE } from './text.ts';

export interface Layout {
  reasoningStart: number;
  reasoningEnd: number;
  summary: string;
  hasClose: boolean;
}

const MALFORMED_TAG_RE = /&lt;\/?think&gt;|\\<\/?think\\?>|<\\\/think>|<\s*\/?\s*think\s*\/?\s*>/gi;

export function thinkTagFlags(text: string, prefillThink: boolean, truncated: boolean): Flag[] {
  const flags: Flag[] = [];
  const opens: number[] = [];
  const closes: number[] = [];
  MALFORMED_TAG_RE.lastIndex = 0;
  for (let m = MALFORMED_TAG_RE.exec(text); m; m = MALFORMED_TAG_RE.exec(text)) {
    if (m[0] === '<think>') opens.push(m.index);
    else if (m[0] === '</think>') closes.push(m.index);
    else flags.push(tagFlag(m.index, m.index + m[0].length, `Malformed or escaped think tag "${m[0]}"`));
  }
  for (const at of opens.slice(1)) flags.push(tagFlag(at, at + 7, 'Duplicated <think> tag'));
  // The template already opened the reasoning: a <think> after the model has written
  // something opens it a second time.
  if (prefillThink && opens.length && text.slice(0, opens[0]).trim()) {
    flags.push(tagFlag(opens[0]!, opens[0]! + 7, '<think> after the reasoning began (the template already opened it)'));
  }
  for (const at of closes.slice(1)) flags.push(tagFlag(at, at + 8, 'Duplicated </think> tag'));
  if (closes.length && opens.length && closes[0]! < opens[0]!) {
    flags.push(tagFlag(closes[0]!, closes[0]! + 8, '</think> comes before <think>'));
  }
  if (!opens.length && !prefillThink) {
    flags.push({ code: 'bad_think_tags', severity: 'warning', start: 0, end: 0, message: 'Missing <think> (the template does not prefill it)' });
  }
  // A length-truncated trace lacks its closing tag for a known reason; `truncated` says so.
  if (!closes.length && !truncated && text.trim()) {
    flags.push(tagFlag(Math.max(0, text.length - 1), text.length, 'The reasoning is never closed with </think>'));
  }
  return flags;
}

function tagFlag(start: number, end: number, message: string): Flag {
  return { code: 'bad_think_tags', severity: 'error', start, end, message };
}

export function noSummaryFlag(text: string, layout: Layout): Flag | null {
  if (/[\p{L}\p{N}]/u.test(layout.summary.replace(/<\/?answer>/g, ''))) return null;
  const at = layout.hasClose ? layout.reasoningEnd : text.length;
  return { code: 'no_summary', severity: 'error', start: at, end: Math.min(text.length, at + 8), message: 'Nothing reader-facing follows the reasoning' };
}

// A module-level function, not a closure made per call: tsx names every closure it creates, which
// costs a property definition on each call (this runs for every trace).
function truncatedFlag(start: number, end: number, severity: Flag['severity'], message: string): Flag {
  return { code: 'truncated', severity, start, end, message };
}

const TERMINAL_RE = /[.!?。！？…)\]}>`$*"'”’»」』|~\p{N}]$/u;
// A value and its unit, and perhaps what it is of, end a statement without a full stop: summaries
// list "= 0.500 mol/L", "$\approx 30.77$ cm", "→ **100 mL** of 0.50 mol/L acid", "$L_q = 3.2$ customers".
const UNIT_END_RE = /(?:\p{N}|\$|\})[ \u00A0]?[\p{L}µ°][\p{L}/·.]{0,14}(?:[ \u00A0]\p{L}{1,12})?$/u;
const LAST_WORD_RE = /\p{L}+$/u;
const CJK_DANGLING_RE = /(?:[的和与在是把被对从为而及或但并且をにがはでへやのて]|(?<!こ)と)$/u;
const LIST_ITEM_RE = /^\s*(?:[-*+•・]|\d{1,3}[.)、．])\s*\S/u;

/** Whether the text ends on a value with its unit, and not on a function word ("5 apples which"). */
function endsOnValue(text: string): boolean {
  if (!UNIT_END_RE.test(text)) return false;
  const last = LAST_WORD_RE.exec(text);
  return !last || listedLanguages(last[0].toLowerCase()) === undefined;
}

const DANGLING_RE = /[,，、;；:：=+\-(\[{\\^_/&]$|\b(?:and|or|the|of|to|a|an|is|with|so|then|but)$/i;

export function truncationFlag(text: string, finishReason: string | null | undefined, minLineWords: number): Flag | null {
  const trimmed = text.trimEnd();
  const end = trimmed.length;
  const lastStart = Math.max(0, end - 40);
  if (finishReason === 'length') return truncatedFlag(lastStart, end, 'error', 'Generation stopped at the token limit (finish_reason "length")');
  if (!trimmed) return null;
  // Each count is skipped when the text lacks its literal (most traces have no fence or display math).
  const fences = text.includes('```') || text.includes('~~~') ? (text.match(/^[ \t]*(?:```|~~~)/gm) ?? []).length : 0;
  if (fences % 2 === 1) return truncatedFlag(lastStart, end, 'error', 'The text ends inside an open code block');
  if (text.includes('$$') && (text.match(/\$\$/g) ?? []).length % 2 === 1) return truncatedFlag(lastStart, end, 'error', 'The text ends inside an open $$ math block');
  if (text.includes('\\[') && (text.match(/\\\[/g) ?? []).length > (text.match(/\\\]/g) ?? []).length) return truncatedFlag(lastStart, end, 'error', 'The text ends inside an open \\[ math block');
  const lastLine = trimmed.slice(trimmed.lastIndexOf('\n') + 1);
  if (TERMINAL_RE.test(trimmed)) return null;
  if (DANGLING_RE.test(trimmed) && lastLine.trim().length > 3) return truncatedFlag(lastStart, end, 'warning', 'The text stops mid-sentence');
  const cjk = (lastLine.match(/[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/gu) ?? []).length;
  const words = (lastLine.match(/[\p{L}\p{N}]+/gu) ?? []).length;
  // Chinese and Japanese list items end without 。 ("- 前提：`arr` は昇順にソートされていること"),
  // but not on a particle ("2. **暗反应**：…利用光反应产生的").
  const cjkCut = cjk >= minLineWords * 2 && (!LIST_ITEM_RE.test(lastLine) || CJK_DANGLING_RE.test(trimmed));
  if (/\p{L}$/u.test(trimmed) && !endsOnValue(trimmed) && (cjkCut || (cjk === 0 && words >= minLineWords))) {
    return truncatedFlag(lastStart, end, 'warning', 'The text stops mid-sentence or mid-word');
  }
  return null;
}

const CODE_PROMPT_RE = /\b(?:python|javascript|typescript|java|c\+\+|c#|rust|golang|sql|bash|code|coding|program|programming|implement|algorithm|script|function in)\b|write an? (?:\w+ ){0,2}function|代码|程序|编程|コード|プログラム|код|программ|programme|Programm|código|programa/i;

export function inferTask(prompt: string | undefined): 'code' | 'general' {
  return prompt && CODE_PROMPT_RE.test(prompt.slice(0, 20000)) ? 'code' : 'general';
}

// Python without a fence was missed ("for n in range(2, 100):", "count += 1"): a block header is
// code-like, and a strong sign when it compares, calls or indexes; an assignment is code-like
// only, since math reasoning writes "x = 5" lines too, unless it raises to a power with ** or
// multiplies with * into a snake_case name ("ke_before = 0.5 * m1 * v1**2").
// Signs of code in any line, strong wherever they are: a list comprehension, an arrow function,
// C/Go printing, a method called alone on its line ("seen.add(x)"), a JS declaration. (C++ and
// Java lines end in ';', already a strong sign.)
// A line ending in ';' or '{'; not " ;", which ends French list items and clauses.
const LINE_END_CODE = String.raw`(?<![ \u00A0\u202F]);\s*$|\{\s*$`;
const ANYWHERE_CODE = String.raw`\[[^\]\n]* for \w+ in [^\]\n]*\]|\)\s*=>|\bprintf\(|fmt\.Print|^\s*[a-z_]\w*\.[a-z_]\w*\([^\n]*\)\s*$|^\s*(?:let|const|var) \w+\s*=`;
export const CODE_LINE_RE = new RegExp(String.raw`^\s*(?:def |class |import |from \S+ import |#include|return\b|print\(|console\.log|public |private |function |const |let |var |for \(|while \(|if \(|[}\])];?$|(?:for|while|if|elif|else|with|try|except)\b.*:\s*$|[A-Za-z_]\w*(?:\[[^\]\n]*\])?\s*(?:\*\*|\/\/|[-+*/%])?=(?!=)\s*\S)|${LINE_END_CODE}|${ANYWHERE_CODE}`);
export const STRONG_CODE_RE = new RegExp(String.raw`^\s*(?:def |import |#include|return\b|console\.log|public |function |print\(|(?:for \w+(?:, ?\w+)* in |while |if |elif ).*[([%=<>!].*:\s*$|(?:else|try):\s*$|[A-Za-z_]\w*\s*=[^=\n]*\*\*|[A-Za-z]\w*_\w*\s*=[^=\n]*\*)|${LINE_END_CODE}|${ANYWHERE_CODE}`);

// Per code unit: 1 if `\s` matches it (filled lazily), for the screen below.
const SPACE = new Uint8Array(0x10000);
const SPACE_RE = /^\s$/;
function isSpace(c: number): boolean {
  let k = SPACE[c]!;
  if (k === 0) SPACE[c] = k = SPACE_RE.test(String.fromCharCode(c)) ? 2 : 1;
  return k === 2;
}
/** The first characters of CODE_LINE_RE's line starts (`def `, `#include`, `}`, `else`…). */
const CODE_LINE_FIRST = new Set([...'dcifrplvwet#}])['].map((c) => c.charCodeAt(0)));

/**
 * Whether line [a, b) of `text` can match CODE_LINE_RE (and is not blank): it starts, after
 * whitespace, with the first character of one of its line starts; ends, before whitespace, with
 * `;`, `{`, `:`, `)` or `]`; starts with an assignment or holds `=>`; or holds a ` for ` (a list
 * comprehension). Most lines of prose, and the equations of math prose ("So $x = 5$."), do none
 * of these and skip the two regexes.
 */
function mayBeCodeLine(text: string, a: number, b: number): boolean {
  while (a < b && isSpace(text.charCodeAt(a))) a++;
  if (a === b) return false;
  if (CODE_LINE_FIRST.has(text.charCodeAt(a))) return true;
  let end = b;
  while (isSpace(text.charCodeAt(end - 1))) end--;
  const last = text.charCodeAt(end - 1);
  if (last === 0x3b || last === 0x7b || last === 0x3a || last === 0x29 || last === 0x5d) return true;
  const eq = text.indexOf('=', a);
  if (eq >= 0 && eq < b) {
    if (assignmentAt(text, a, b)) return true;
    const arrow = text.indexOf('=>', eq);
    if (arrow >= 0 && arrow < b) return true;
  }
  const loop = text.indexOf(' for ', a);
  return loop >= 0 && loop < b;
}

const isNameStart = (c: number) => ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) || c === 0x5f;
const isNameUnit = (c: number) => isNameStart(c) || (c >= 0x30 && c <= 0x39);

/** Whether line [a, b) (no leading whitespace) starts as CODE_LINE_RE's assignment does: `name[index] op= value`. */
function assignmentAt(text: string, a: number, b: number): boolean {
  let q = a;
  if (!isNameStart(text.charCodeAt(q))) return false;
  while (q < b && isNameUnit(text.charCodeAt(q))) q++;
  if (text[q] === '[') {
    const close = text.indexOf(']', q);
    if (close < 0 || close >= b) return false;
    q = close + 1;
  }
  while (q < b && isSpace(text.charCodeAt(q))) q++;
  if (text.startsWith('**', q) || text.startsWith('//', q)) q += 2;
  else if ('-+*/%'.includes(text[q] ?? ' ') && text[q + 1] === '=') q++;
  if (text[q] !== '=' || text[q + 1] === '=') return false;
  q++;
  while (q < b && isSpace(text.charCodeAt(q))) q++;
  return q < b;
}

export function codeFlags(text: string, start: number, end: number, limit: number): Flag[] {
  const flags: Flag[] = [];
  const region = text.slice(start, end);
  const fenced = region.includes('```') || region.includes('~~~');
  FENCE_RE.lastIndex = 0;
  for (let m = fenced ? FENCE_RE.exec(region) : null; m && flags.length < limit; m = FENCE_RE.exec(region)) {
    const s = start + m.index + m[1]!.length;
    flags.push({ code: 'code_in_reasoning', severity: 'warning', start: s, end: start + m.index + m[0].length, message: 'Code block in the reasoning of a non-coding task' });
  }
  // Unfenced code: three or more consecutive code-looking lines with at least one strong sign, or
  // two strong ones ("primes = [p for p in range(2, 50) if …]" then "print(len(primes))").
  const body = fenced ? blank(region, FENCE_RE) : region;
  let pos = start;
  let runStart = -1;
  let runLines = 0;
  let strong = 0;
  // Each line, then an empty one that ends a run still open at the end.
  for (let a = 0; a <= body.length + 1; ) {
    let b = a > body.length ? a : body.indexOf('\n', a);
    if (b < 0) b = body.length;
    const isCode = mayBeCodeLine(body, a, b) && CODE_LINE_RE.test(body.slice(a, b));
    if (isCode) {
      if (runStart < 0) [runStart, runLines, strong] = [pos, 0, 0];
      runLines++;
      if (STRONG_CODE_RE.test(body.slice(a, b))) strong++;
    } else if (runStart >= 0) {
      if (((runLines >= 3 && strong >= 1) || strong >= 2) && flags.length < limit) {
        flags.push({ code: 'code_in_reasoning', severity: 'warning', start: runStart, end: pos - 1, message: 'Unfenced code in the reasoning of a non-coding task' });
      }
      runStart = -1;
    }
    pos += b - a + 1;
    a = b + 1;
  }
  return flags;
}
