/** Readability detectors: long paragraphs, repetition (sentences, paragraphs, loops), filler. */
import type { Flag } from './index.ts';
import { blank, charClass, countWords, paragraphs, sentences, maskCode, type Block } from './text.ts';

const maskMarkup = (text: string) => blank(maskCode(text), /<\/?(?:think|answer)>/g);

export function longParagraphs(text: string, start: number, end: number, maxWords: number, limit: number): { flags: Flag[]; longest: number } {
  const flags: Flag[] = [];
  let longest = 0;
  for (const p of paragraphs(maskMarkup(text.slice(start, end)), start)) {
    const words = Math.round(countWords(p.text));
    longest = Math.max(longest, words);
    if (words > maxWords && flags.length < limit) {
      flags.push({ code: 'long_paragraph', severity: words > maxWords * 2 ? 'error' : 'warning', start: p.start, end: p.end, message: `Paragraph of ${words} words (limit ${maxWords})` });
    }
  }
  return { flags, longest };
}

export interface RepetitionOptions {
  repeatSentenceMinCount: number;
  repeatSentenceMinWords: number;
  repeatParagraphMinWords: number;
  loopMinRepeats: number;
  loopMinTokens: number;
  loopMaxPeriod: number;
  maxFlagsPerCode: number;
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/[\s\p{P}]+/gu, ' ').trim();
}


export function repetition(text: string, start: number, end: number, isFiller: (s: string) => boolean, o: RepetitionOptions): { flags: Flag[]; ratio: number } {
  const masked = maskMarkup(text.slice(start, end));
  const flags: Flag[] = [];
  let repeatedWords = 0;
  const flagRepeats = (groups: Map<string, Block[]>, minCount: number, what: string) => {
    for (const [, occ] of groups) {
      if (occ.length < minCount) continue;
      for (const b of occ.slice(1)) {
        if (flags.length >= o.maxFlagsPerCode) return;
        flags.push({ code: 'repetition', severity: occ.length >= minCount + 2 ? 'error' : 'warning', start: b.start, end: b.end, message: `${what} repeated ${occ.length} times` });
      }
    }
  };
  const group = (blocks: Block[], minWords: number, counted: boolean) => {
    const groups = new Map<string, Block[]>();
    const fillerKeys = new Set<string>();
    for (const b of blocks) {
      const words = countWords(b.text);
      if (words < minWords) continue;
      const key = normalise(b.text);
      const list = groups.get(key);
      if (list) {
        // Checked only on a repeat: the filler regex is too costly to run on every sentence.
        if (list.length === 1 && isFiller(b.text)) fillerKeys.add(key);
        if (fillerKeys.has(key)) continue;
        list.push(b);
        if (counted) repeatedWords += words;
      } else groups.set(key, [b]);
    }
    return groups;
  };
  flagRepeats(group(paragraphs(masked, start), o.repeatParagraphMinWords, false), 2, 'Paragraph');
  flagRepeats(group(sentences(masked, start), o.repeatSentenceMinWords, true), o.repeatSentenceMinCount, 'Sentence');

  // Numbers stay tokens: an enumeration of cases differs only in its numbers and is not a loop.
  // Loops: the same token sequence of period p repeated back to back (ids so comparison is cheap).
  const ids: number[] = [];
  const at: number[] = [];
  const ends: number[] = [];
  const dict = new Map<string, number>();
  for (let i = 0; i < masked.length; ) {
    const k = charClass(masked.charCodeAt(i));
    if (k === 0) {
      i++;
      continue;
    }
    let j = i + 1;
    if (k === 1) while (j < masked.length && charClass(masked.charCodeAt(j)) === 1) j++;
    const w = masked.slice(i, j).toLowerCase();
    let id = dict.get(w);
    if (id === undefined) dict.set(w, (id = dict.size));
    ids.push(id);
    at.push(start + i);
    ends.push(start + j);
    i = j;
  }
  let loopTokens = 0;
  const n = ids.length;
  const covered = new Uint8Array(n);
  for (let p = 1; p <= o.loopMaxPeriod && p < n; p++) {
    let run = 0;
    for (let i = 0; i + p <= n; i++) {
      if (i + p < n && ids[i] === ids[i + p]) {
        run++;
        continue;
      }
      // ids[i-run .. i+p) is `run + p` tokens with period p.
      const length = run + p;
      if (run > 0 && length >= p * o.loopMinRepeats && length >= o.loopMinTokens) {
        const from = i - run;
        if (!covered[from]) {
          covered.fill(1, from, i + p);
          loopTokens += run;
          if (flags.length < o.maxFlagsPerCode) {
            const last = Math.min(n - 1, i + p - 1);
            flags.push({ code: 'repetition', severity: 'error', start: at[from]!, end: ends[last]!, message: `Loop: a ${p}-token sequence repeated ${Math.floor(length / p)} times` });
          }
        }
      }
      run = 0;
    }
  }
  const total = countWords(masked);
  return { flags, ratio: total > 0 ? Math.min(1, (repeatedWords + loopTokens) / total) : 0 };
}

const FILLER_BY_LANG: Record<string, string> = {
  en: String.raw`\b(?:wait|hmm+|hm|umm*|uhh*|hold on|oops|oh wait|let me (?:double[- ]?|re-?)?check (?:that |this |it )?again|let me re-?check|let me (?:think|verify) again|let me reconsider)\b`,
  zh: '等等|等一下|嗯|让我再检查一下|再检查一下|让我想想|不对',
  ja: 'ちょっと待って|待って|うーん|えーと|もう一度確認',
  ru: String.raw`(?<![\p{L}])(?:подожд\p{L}*|постой\p{L}*|хм+|гм|ещё раз|еще раз)(?![\p{L}])`,
  fr: String.raw`(?<![\p{L}])(?:attends|attendez|hmm+|euh|vérifions encore|revérifions|voyons voir)(?![\p{L}])`,
  de: String.raw`(?<![\p{L}])(?:moment|warte|hmm+|ähm|noch einmal|nochmal)(?![\p{L}])`,
  es: String.raw`(?<![\p{L}])(?:espera|hmm+|un momento|otra vez|déjame comprobar)(?![\p{L}])`,
};

const fillerCache = new Map<string, RegExp>();
export function fillerRegex(lang: string): RegExp {
  let re = fillerCache.get(lang);
  if (!re) {
    const parts = [FILLER_BY_LANG.en!, FILLER_BY_LANG[lang]].filter((x, i, a): x is string => !!x && a.indexOf(x) === i);
    re = new RegExp(parts.join('|'), 'giu');
    fillerCache.set(lang, re);
  }
  return re;
}

export function fillerFlags(text: string, start: number, end: number, lang: string, per1k: number, minCount: number, limit: number): { flags: Flag[]; rate: number } {
  const region = maskCode(text.slice(start, end));
  const re = fillerRegex(lang);
  const hits: [number, number][] = [];
  re.lastIndex = 0;
  for (let m = re.exec(region); m; m = re.exec(region)) hits.push([start + m.index, start + m.index + m[0].length]);
  const words = countWords(region);
  const rate = words > 0 ? (hits.length / words) * 1000 : 0;
  if (hits.length < minCount || rate < per1k) return { flags: [], rate };
  const message = `Hesitation filler: ${hits.length} in ${Math.round(words)} words (${rate.toFixed(1)} per 1k, limit ${per1k})`;
  return { flags: hits.slice(0, limit).map(([s, e]) => ({ code: 'filler' as const, severity: 'warning' as const, start: s, end: e, message })), rate };
}
