/**
 * Mathematical equality of two LaTeX answers through the Cortex Compute Engine, which parses
 * LaTeX itself (no hand-written grammar), canonicalises (`\frac{2}{4}` → ½, `2\sqrt2` vs
 * `\sqrt8`) and evaluates numerically.
 *
 * Model output is untrusted input to a CAS: `10^{10^{10}}` exhausts the heap and kills the
 * process, large factorials take seconds, and some inputs overflow the stack. Every answer
 * is therefore parsed without canonicalisation first and its tree screened (see `isSafeTree`)
 * before anything is evaluated, and every call is wrapped so a library error means "not equal".
 */
import { ComputeEngine } from '@cortex-js/compute-engine';

type Boxed = ReturnType<ComputeEngine['parse']>;

const MAX_LATEX_LENGTH = 300;
const MAX_EXPONENT = 1000;
const MAX_FACTORIAL = 500;
const REL_TOLERANCE = 1e-9;
/** Arbitrary, irrational-ish points: two different expressions agreeing on all of them by chance is vanishingly unlikely. */
const SAMPLE_POINTS = [0.5772156649, 1.4142135624, 2.7182818285, -0.8314159265, 3.3166247904];

let engine: ComputeEngine | null = null;
function ce(): ComputeEngine {
  // Built on first use (~40 ms): most callers never verify anything.
  engine ??= new ComputeEngine();
  return engine;
}

/** Largest absolute numeric literal in a MathJSON subtree, or Infinity if it holds a symbol/operator we can't bound. */
function literalBound(node: unknown): number {
  if (typeof node === 'number') return Math.abs(node);
  if (typeof node === 'string') return node.startsWith("'") ? 0 : Infinity;
  if (node && typeof node === 'object' && !Array.isArray(node) && 'num' in node) return Math.abs(Number((node as { num: string }).num));
  if (Array.isArray(node)) {
    const [head, ...args] = node;
    if (head === 'Power' || head === 'Factorial' || head === 'Factorial2' || head === 'Exp') return Infinity;
    return args.reduce((max: number, a) => Math.max(max, literalBound(a)), 0);
  }
  return Infinity;
}

/** Rejects trees whose evaluation could blow up: power towers, huge exponents, huge factorials. */
export function isSafeTree(node: unknown): boolean {
  if (!Array.isArray(node)) return true;
  const [head, ...args] = node;
  if (head === 'Power' || head === 'Root') {
    const exponent = args[1];
    // A symbolic exponent (x^n) is fine to keep; only numeric blow-ups are screened.
    const bound = literalBound(exponent);
    if (bound > MAX_EXPONENT && containsNumericOnly(exponent)) return false;
    if (containsHead(exponent, 'Power') || containsHead(exponent, 'Exp') || containsHead(exponent, 'Factorial')) return false;
  }
  if (head === 'Exp' && literalBound(args[0]) > MAX_EXPONENT) return false;
  if ((head === 'Factorial' || head === 'Factorial2') && !(literalBound(args[0]) <= MAX_FACTORIAL)) return false;
  return args.every(isSafeTree);
}

function containsHead(node: unknown, name: string): boolean {
  return Array.isArray(node) && (node[0] === name || node.slice(1).some((n) => containsHead(n, name)));
}

function containsNumericOnly(node: unknown): boolean {
  if (typeof node === 'number') return true;
  if (typeof node === 'string') return false;
  if (Array.isArray(node)) return node.slice(1).every(containsNumericOnly);
  return node !== null && typeof node === 'object' && 'num' in node;
}

/** Parses to a canonical expression, or null when the text is not valid or not safe to evaluate. */
export function parseLatex(latex: string): Boxed | null {
  if (latex.length === 0 || latex.length > MAX_LATEX_LENGTH) return null;
  try {
    const raw = ce().parse(latex, { canonical: false });
    if (!raw.isValid || !isSafeTree(raw.json)) return null;
    const expr = ce().parse(latex);
    return expr.isValid ? expr : null;
  } catch {
    return null;
  }
}

function close(a: number, b: number): boolean {
  if (a === b) return true; // also ±Infinity
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= REL_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

function numericValue(expr: Boxed): { re: number; im: number } | null {
  try {
    const n = expr.N();
    if (!n.isNumberLiteral) return null;
    const re = n.re;
    const im = n.im ?? 0;
    return Number.isNaN(re) || Number.isNaN(im) ? null : { re, im };
  } catch {
    return null;
  }
}

function sameNumber(a: Boxed, b: Boxed): boolean | null {
  const x = numericValue(a);
  const y = numericValue(b);
  if (!x || !y) return null;
  return close(x.re, y.re) && close(x.im, y.im);
}

/** Equal as functions of their free variables: the CAS decides when it can, else agreement at fixed sample points. */
function sameFunction(a: Boxed, b: Boxed): boolean {
  const vars = [...a.unknowns].sort();
  const other = [...b.unknowns].sort();
  if (vars.length !== other.length || vars.some((v, i) => v !== other[i])) return false;
  try {
    if (a.isEqual(b) === true) return true;
  } catch {
    // fall through to sampling
  }
  let compared = 0;
  for (let k = 0; k < SAMPLE_POINTS.length; k++) {
    const point = Object.fromEntries(vars.map((v, i) => [v, SAMPLE_POINTS[(k + i) % SAMPLE_POINTS.length] as number]));
    let result: boolean | null;
    try {
      result = sameNumber(a.subs(point), b.subs(point));
    } catch {
      result = null;
    }
    if (result === false) return false;
    if (result === true) compared++;
  }
  // Points where either side is undefined (a pole, log of a negative) prove nothing; require most to count.
  return compared >= 3;
}

/** Mathematical equality of two cleaned-up LaTeX answers; false when either can't be parsed. */
export function casEqual(candidate: string, reference: string): boolean {
  const a = parseLatex(candidate);
  const b = parseLatex(reference);
  if (!a || !b) return false;
  try {
    if (a.isSame(b)) return true;
  } catch {
    return false;
  }
  if (a.unknowns.length === 0 && b.unknowns.length === 0) return sameNumber(a, b) === true;
  return sameFunction(a, b);
}
