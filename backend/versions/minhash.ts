/**
 * Text fingerprints for the dedup report: word tokens (each CJK character counts as a word,
 * since those scripts do not space words), exact hashes of normalised text, n-grams, and
 * MinHash signatures with LSH banding for near-duplicates.
 */
import crypto from 'node:crypto';

const TOKEN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|[\p{L}\p{N}]+/gu;

export function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function tokens(text: string): string[] {
  return normalise(text).match(TOKEN) ?? [];
}

export function exactHash(text: string): string {
  return crypto.createHash('sha256').update(normalise(text)).digest('hex').slice(0, 32);
}

/** Word n-grams; a text shorter than n is one gram of all its words, so short texts still match exactly. */
export function ngrams(words: readonly string[], n: number): string[] {
  if (words.length === 0) return [];
  if (words.length < n) return [words.join(' ')];
  const out: string[] = [];
  for (let i = 0; i + n <= words.length; i++) out.push(words.slice(i, i + n).join(' '));
  return out;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export const PERMUTATIONS = 64;
export const BANDS = 16;
const ROWS = PERMUTATIONS / BANDS;

// Fixed odd multipliers and offsets: signatures must be comparable across runs.
const MULT = Uint32Array.from({ length: PERMUTATIONS }, (_, i) => (Math.imul(i + 1, 0x9e3779b1) | 1) >>> 0);
const ADD = Uint32Array.from({ length: PERMUTATIONS }, (_, i) => Math.imul(i + 7, 0x85ebca6b) >>> 0);

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

export function minhash(shingles: readonly string[]): Uint32Array {
  const signature = new Uint32Array(PERMUTATIONS).fill(0xffffffff);
  for (const shingle of shingles) {
    const h = fnv1a(shingle);
    for (let p = 0; p < PERMUTATIONS; p++) {
      const v = mix((Math.imul(h, MULT[p]!) + ADD[p]!) >>> 0);
      if (v < signature[p]!) signature[p] = v;
    }
  }
  return signature;
}

/** The share of equal signature slots: an unbiased estimate of the Jaccard similarity of the shingle sets. */
export function similarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/** LSH band keys: documents sharing any key are candidate pairs (likely when similarity ≳ 0.5). */
export function bandKeys(signature: Uint32Array): string[] {
  const keys: string[] = [];
  for (let b = 0; b < BANDS; b++) keys.push(`${b}:${Array.from(signature.subarray(b * ROWS, (b + 1) * ROWS)).join(',')}`);
  return keys;
}
