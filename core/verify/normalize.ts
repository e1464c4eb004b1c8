/**
 * Surface clean-up of a LaTeX answer before it is compared or handed to the CAS: the
 * notational noise MATH-style answers carry (display commands, spacing, units, degree and
 * percent signs, thousands separators, `x =` prefixes) that says nothing about the value.
 * Parsing and evaluation are the CAS's job (see cas.ts); this only rewrites text.
 */
import { findLastBoxed } from './extract.ts';

const FORMATTING_WRAPPERS = /\\(?:text|textbf|textit|textrm|mathrm|mathbf|mathit|mathsf|mbox|textnormal|bm|boldsymbol)\s*\{([^{}]*)\}/g;

/** Trailing unit words after a number: "5 cm", "12\text{ inches}", "3 \mathrm{m}^2". */
const TRAILING_UNIT = /^(.*?[\d}.)])\s*(?:\\(?:text|mbox|mathrm|textrm)\s*\{\s*[A-Za-z][A-Za-z .]*\}|[A-Za-z]{2,}(?:\s+[A-Za-z]{2,})*)(?:\s*\^\s*\{?\s*[23]\s*\}?)?\s*$/;

/** `x =`, `f(x) =`, `\alpha =`, `a_1 =`, `x \in`: a name for the answer, not part of it. */
const VARIABLE_PREFIX = /^(?:\\[a-zA-Z]+|[a-zA-Z])(?:_\{?[\w]+\}?)?(?:\([a-z]\))?\s*(?:=|\\in(?![a-zA-Z]))\s*/;

export function stripMathDelimiters(s: string): string {
  let t = s.trim();
  for (;;) {
    const before = t;
    if (t.startsWith('\\(') && t.endsWith('\\)')) t = t.slice(2, -2).trim();
    else if (t.startsWith('\\[') && t.endsWith('\\]')) t = t.slice(2, -2).trim();
    else if (t.startsWith('$$') && t.endsWith('$$') && t.length >= 4) t = t.slice(2, -2).trim();
    else if (t.startsWith('$') && t.endsWith('$') && t.length >= 2) t = t.slice(1, -1).trim();
    if (t === before) return t;
  }
}

export function normalizeAnswer(input: string): string {
  let s = stripMathDelimiters(input);
  const boxed = /^\\(?:boxed|fbox)\s*\{/.test(s) ? findLastBoxed(s) : null;
  if (boxed !== null) s = boxed;
  s = s
    .replace(/\\\$/g, '') // currency
    .replace(/\$/g, '')
    .replace(/\\[dt]frac(?![a-zA-Z])/g, '\\frac')
    .replace(/\\(?:left|right|bigl|bigr|Bigl|Bigr|big|Big)(?![a-zA-Z])\s*\.?/g, '')
    .replace(/\\displaystyle|\\textstyle/g, '')
    .replace(/\\(?:[,;:! ]|quad|qquad)/g, ' ')
    .replace(/~/g, ' ')
    .replace(/\^\s*\{?\s*\\circ\s*\}?|°|\\degree(?![a-zA-Z])/g, '') // degrees
    .replace(/\\%|%/g, '')
    .replace(/\\text\s*\{\s*(?:and|or)\s*\}|\s+(?:and|or)\s+/g, ',')
    .replace(/\{,\}/g, '')
    .replace(/\\lbrack|\\lbrace/g, (m) => (m === '\\lbrack' ? '[' : '\\{'))
    .replace(/\\rbrack|\\rbrace/g, (m) => (m === '\\rbrack' ? ']' : '\\}'))
    .replace(/\\le(?![a-zA-Z])/g, '\\leq')
    .replace(/\\ge(?![a-zA-Z])/g, '\\geq')
    .replace(/\s+/g, ' ')
    .trim();
  s = s.replace(/[.,;]+$/, '').trim();
  const unit = TRAILING_UNIT.exec(s);
  if (unit?.[1] && /\d/.test(unit[1])) s = unit[1].trim();
  // Unwrap until stable: nested wrappers like \textbf{\text{12}}.
  for (let prev = ''; prev !== s; ) {
    prev = s;
    s = s.replace(FORMATTING_WRAPPERS, '$1');
  }
  // `\frac{a}b` and `\frac ab`: TeX reads one token per argument; the CAS wants braces.
  s = s.replace(/\\frac\s*\{([^{}]*)\}\s*([0-9a-zA-Z])/g, '\\frac{$1}{$2}');
  s = s.replace(/\\frac\s*([0-9a-zA-Z])\s*([0-9a-zA-Z])/g, '\\frac{$1}{$2}');
  s = s.replace(/\\sqrt\s*([0-9a-zA-Z])/g, '\\sqrt{$1}');
  // Only one `=`: "x = 3" names the answer; "x + y = 3" is an equation and is left whole.
  if ((s.match(/=/g) ?? []).length <= 1) {
    const prefix = VARIABLE_PREFIX.exec(s);
    if (prefix && s.length > prefix[0].length) s = s.slice(prefix[0].length).trim();
  }
  // Thousands separators only where the whole answer is one grouped number, so "(1,234)" stays a pair.
  if (/^-?\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?$/.test(s)) s = s.replace(/[, ]/g, '');
  return s;
}

/** Whitespace-free form, for the cheap exact comparison before any parsing. */
export function compact(s: string): string {
  return s.replace(/\s+/g, '');
}

/** True when the answer is words (a name, "yes", "Monday"), not mathematics. */
export function isWordAnswer(s: string): boolean {
  return /^[\p{L}][\p{L}\p{M}'\- ]*$/u.test(s) && /\p{L}{2,}/u.test(s) && !/\\/.test(s);
}

/** Splits on a separator at bracket depth 0 (`,` for lists, `\cup` for unions). */
export function splitTopLevel(s: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (ch === '\\' && (s[i + 1] === '{' || s[i + 1] === '}')) {
      depth += s[i + 1] === '{' ? 1 : -1;
      i++;
      continue;
    }
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (depth === 0 && s.startsWith(separator, i)) {
      parts.push(s.slice(start, i).trim());
      start = i + separator.length;
      i = start - 1;
    }
  }
  parts.push(s.slice(start).trim());
  return parts;
}

export interface Bracketed {
  open: string;
  close: string;
  items: string[];
}

/** `(a, b)`, `[a, b)`, `\{a, b\}` with the brackets enclosing the whole answer; null otherwise. */
export function parseBracketed(s: string): Bracketed | null {
  const m = /^(\\\{|[([])([\s\S]*)(\\\}|[)\]])$/.exec(s);
  if (!m) return null;
  const [, open, inner, close] = m as unknown as [string, string, string, string];
  // "(1)(2)" or "(a+b)-(c)" are not one bracketed group: the opening bracket must close at the end.
  if (!balancedAtEnd(inner)) return null;
  return { open, close, items: splitTopLevel(inner, ',') };
}

function balancedAtEnd(inner: string): boolean {
  let depth = 0;
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i] as string;
    if (ch === '\\' && (inner[i + 1] === '{' || inner[i + 1] === '}')) {
      depth += inner[i + 1] === '{' ? 1 : -1;
      i++;
    } else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}
