/**
 * A real byte-level BPE tokenizer (GPT-2 byte↔unicode mapping, merges trained on a small corpus,
 * Qwen2 pre-tokenizer regex) with the DeepSeek-R1 special tokens, as llama.cpp expects in
 * `tokenizer.ggml.*` with model "gpt2".
 */

export const SPECIAL = {
  bos: '<｜begin▁of▁sentence｜>',
  eos: '<｜end▁of▁sentence｜>',
  user: '<｜User｜>',
  assistant: '<｜Assistant｜>',
  thinkOpen: '<think>',
  thinkClose: '</think>',
} as const;

/** llama.cpp token types. */
export const TOKEN_TYPE = { normal: 1, control: 3, userDefined: 4 } as const;

/** The Qwen2 pre-tokenizer split, the one llama.cpp applies for `tokenizer.ggml.pre = "qwen2"`. */
const PRE_TOKENIZE = /(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+/gu;

/** GPT-2's reversible byte → printable character map. */
function bytesToUnicode(): string[] {
  const printable: number[] = [];
  for (let b = 33; b <= 126; b++) printable.push(b);
  for (let b = 161; b <= 172; b++) printable.push(b);
  for (let b = 174; b <= 255; b++) printable.push(b);
  const map: string[] = new Array(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    if (printable.includes(b)) map[b] = String.fromCodePoint(b);
    else map[b] = String.fromCodePoint(256 + extra++);
  }
  return map;
}
const BYTE_CHARS = bytesToUnicode();

/** Text → the byte-level "unicode" form vocab entries are stored in. */
export function byteEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => BYTE_CHARS[b]).join('');
}

export function preTokenize(text: string): string[] {
  return text.match(PRE_TOKENIZE) ?? [];
}

const BASE_CORPUS = `The answer is 4. Let me think about this step by step. First, we add the numbers.
So the total is the sum of the parts, and then we check the result again. Therefore the final answer is
\\boxed{4}. We need to find the value of x such that the equation holds. Wait, maybe I should verify.
Okay, so the question asks for the number of ways. Hmm, let me recompute: 2 + 2 = 4, and 3 * 3 = 9.
In summary, the reasoning shows that the answer follows from the definition of the function.`;

/** Learns `count` merges over the pre-tokenised words of `corpus` (classic BPE, ties broken by first seen). */
export function trainMerges(corpus: string, count: number): Array<[string, string]> {
  const words = new Map<string, number>();
  for (const w of preTokenize(corpus)) words.set(byteEncode(w), (words.get(byteEncode(w)) ?? 0) + 1);
  const split = [...words.entries()].map(([w, n]) => ({ parts: [...w], n }));
  const merges: Array<[string, string]> = [];
  for (let m = 0; m < count; m++) {
    const pairs = new Map<string, number>();
    for (const { parts, n } of split) {
      for (let i = 0; i + 1 < parts.length; i++) {
        const key = `${parts[i]} ${parts[i + 1]}`;
        pairs.set(key, (pairs.get(key) ?? 0) + n);
      }
    }
    let best: string | undefined;
    let bestN = 1;
    for (const [k, n] of pairs) if (n > bestN) { best = k; bestN = n; }
    if (!best) break;
    const [a, b] = best.split(' ') as [string, string];
    merges.push([a, b]);
    for (const w of split) {
      const next: string[] = [];
      for (let i = 0; i < w.parts.length; i++) {
        if (i + 1 < w.parts.length && w.parts[i] === a && w.parts[i + 1] === b) { next.push(a + b); i++; }
        else next.push(w.parts[i]!);
      }
      w.parts = next;
    }
  }
  return merges;
}

export interface Vocab {
  tokens: string[];
  types: number[];
  merges: string[];
  ids: Map<string, number>;
  bos: number;
  eos: number;
  add(token: string, type?: number): number;
  /** BPE-encodes plain text (no special tokens) into vocab piece strings (byte-encoded form). */
  encodePieces(text: string): string[];
}

export function buildVocab(extraCorpus = '', mergeCount = 256): Vocab {
  const tokens: string[] = [];
  const types: number[] = [];
  const ids = new Map<string, number>();
  const add = (token: string, type: number = TOKEN_TYPE.normal): number => {
    const existing = ids.get(token);
    if (existing !== undefined) return existing;
    ids.set(token, tokens.length);
    tokens.push(token);
    types.push(type);
    return tokens.length - 1;
  };
  for (const ch of BYTE_CHARS) add(ch);
  const mergePairs = trainMerges(`${BASE_CORPUS}\n${extraCorpus}`, mergeCount);
  for (const [a, b] of mergePairs) add(a + b);
  const rank = new Map(mergePairs.map(([a, b], i) => [`${a} ${b}`, i]));
  const bos = add(SPECIAL.bos, TOKEN_TYPE.control);
  const eos = add(SPECIAL.eos, TOKEN_TYPE.control);
  for (const t of [SPECIAL.user, SPECIAL.assistant, SPECIAL.thinkOpen, SPECIAL.thinkClose]) add(t, TOKEN_TYPE.userDefined);

  const encodeWord = (word: string): string[] => {
    let parts = [...byteEncode(word)];
    for (;;) {
      let bestI = -1;
      let bestRank = Infinity;
      for (let i = 0; i + 1 < parts.length; i++) {
        const r = rank.get(`${parts[i]} ${parts[i + 1]}`);
        if (r !== undefined && r < bestRank) { bestRank = r; bestI = i; }
      }
      if (bestI < 0) return parts;
      parts = [...parts.slice(0, bestI), parts[bestI]! + parts[bestI + 1]!, ...parts.slice(bestI + 2)];
    }
  };
  return {
    tokens, types, ids, bos, eos, add,
    merges: mergePairs.map(([a, b]) => `${a} ${b}`),
    encodePieces: (text) => preTokenize(text).flatMap(encodeWord),
  };
}
