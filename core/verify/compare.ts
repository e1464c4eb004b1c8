/**
 * Does a model's final answer equal the reference? Structure first (lists, sets, intervals,
 * equations), then words, then the CAS for the mathematics itself.
 */
import { casEqual } from './cas.ts';
import { compact, isWordAnswer, normalizeAnswer, parseBracketed, splitTopLevel } from './normalize.ts';

const MAX_DEPTH = 4;
const PLAIN_NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** The CAS's numeric tolerance: relative 1e-9. */
function numbersEqual(x: number, y: number): boolean {
  return x === y || Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
}

export function answersMatch(candidate: string, reference: string): boolean {
  return matchNormalized(normalizeAnswer(candidate), normalizeAnswer(reference), 0);
}

function matchNormalized(a: string, b: string, depth: number): boolean {
  if (a === '' || b === '') return false;
  if (compact(a) === compact(b)) return true;
  if (depth > MAX_DEPTH) return false;
  // Most references are plain numbers: compare them without building a CAS expression,
  // which costs ~0.5 ms a pair and dominated bulk imports.
  if (PLAIN_NUMBER.test(a) && PLAIN_NUMBER.test(b)) return numbersEqual(Number(a), Number(b));

  // Unions of intervals: the same pieces in any order.
  const unionA = splitTopLevel(a, '\\cup');
  const unionB = splitTopLevel(b, '\\cup');
  if (unionA.length > 1 || unionB.length > 1) return sameMultiset(unionA, unionB, depth);

  const ba = parseBracketed(a);
  const bb = parseBracketed(b);
  if (ba && bb && (ba.items.length > 1 || bb.items.length > 1 || ba.open === '\\{' || bb.open === '\\{')) {
    const setA = ba.open === '\\{';
    const setB = bb.open === '\\{';
    if (setA || setB) return setA && setB && sameMultiset(ba.items, bb.items, depth);
    // Tuples and intervals: same brackets (open/closed ends matter) and the same items in order.
    if (ba.open !== bb.open || ba.close !== bb.close || ba.items.length !== bb.items.length) return false;
    return ba.items.every((item, i) => matchNormalized(item, bb.items[i] as string, depth + 1));
  }
  // A bracketed list against a bare one: "(1, 2)" is a point, "1, 2" a list of solutions; only a set may equal a bare list.
  if ((ba && ba.items.length > 1 && ba.open !== '\\{') || (bb && bb.items.length > 1 && bb.open !== '\\{')) return false;

  // Bare lists of solutions ("x = 1, 2", "2 and -3", "1 \pm \sqrt{2}"): the same values in any order.
  const listA = splitTopLevel(expandPlusMinus(a), ',');
  const listB = splitTopLevel(expandPlusMinus(b), ',');
  if (listA.length > 1 || listB.length > 1) {
    const itemsA = setBody(ba) ?? listA;
    const itemsB = setBody(bb) ?? listB;
    return sameMultiset(itemsA.map(normalizeAnswer), itemsB.map(normalizeAnswer), depth);
  }

  // Equations on both sides ("y = 2x + 1"): compare side by side.
  const eqA = splitTopLevel(a, '=');
  const eqB = splitTopLevel(b, '=');
  if (eqA.length === 2 && eqB.length === 2) {
    return matchNormalized(eqA[0] as string, eqB[0] as string, depth + 1) && matchNormalized(eqA[1] as string, eqB[1] as string, depth + 1);
  }

  if (isWordAnswer(a) || isWordAnswer(b)) return a.toLowerCase().replace(/\s+/g, ' ') === b.toLowerCase().replace(/\s+/g, ' ');
  return casEqual(a, b);
}

/** `a \pm b` (once, outside any list) is the two answers `a + b, a - b`. */
function expandPlusMinus(s: string): string {
  const parts = s.split(/\\pm(?![a-zA-Z])/);
  if (parts.length !== 2 || s.includes(',')) return s;
  return `${parts[0]}+${parts[1]}, ${parts[0]}-${parts[1]}`;
}

function setBody(b: ReturnType<typeof parseBracketed>): string[] | null {
  return b && b.open === '\\{' ? b.items : null;
}

/** Each item of one list pairs with a distinct equal item of the other. */
function sameMultiset(a: string[], b: string[], depth: number): boolean {
  if (a.length !== b.length) return false;
  const used = new Array<boolean>(b.length).fill(false);
  for (const item of a) {
    const j = b.findIndex((other, k) => !used[k] && matchNormalized(item, other, depth + 1));
    if (j === -1) return false;
    used[j] = true;
  }
  return true;
}
