import { describe, expect, it } from 'vitest';
import { blankAtLead, countWords } from './text.ts';
import { maskMarkup } from './readability.ts';
import { blocks, paragraphs, sameRepeatKey, sentences } from './blocks.ts';
import { unitsOf } from './units.ts';
import { maskIdentifiers } from './scan.ts';
import { tokenise } from './loop-tokens.ts';
import { SCAN, scanTokensIn, scriptTokens } from './script-tokens.ts';
import { SENTENCE_SPANS, sentenceSpans } from './sentence-spans.ts';
import { CODE_LINE_RE, STRONG_CODE_RE } from './structure.ts';

// The regexes the hand-written scanners replaced: the scanners must find exactly their matches.
const PARAGRAPH_RE = /[^\n]+(?:\n(?![ \t]*\n)(?![ \t]*(?:[-*+]|\d+[.)])[ \t])[^\n]*)*/g;
const SENTENCE_RE = /[^\n.!?。！？…]+(?:[.!?。！？…]+|(?=\n)|$)/g;
const IDENTIFIER_RE = /(?<![\p{sc=Latin}\p{sc=Greek}\d_])[\p{sc=Latin}\p{sc=Greek}]*[_\d][\p{sc=Latin}\p{sc=Greek}\d_]*|\b[a-z]+[A-Z][A-Za-z]*\b|\b[A-Za-z]+(?:\.[A-Za-z]+)+\b|\b[A-Z]{2,}\b/gu;
const LETTER_RE = /(?<![\p{L}\p{M}'’])[A-Za-z](?![\p{L}\p{M}'’])/gu;

function byRegex(text: string, re: RegExp, keep: (m: string) => boolean, offset: number) {
  const out: { start: number; end: number; text: string; words: number }[] = [];
  for (const m of text.matchAll(re)) if (keep(m[0])) out.push({ start: offset + m.index, end: offset + m.index + m[0].length, text: m[0], words: countWords(m[0]) });
  return out;
}

const unhashed = ({ hash: _hash, ...block }: { hash: number; start: number; end: number; text: string; words: number }) => block;

const blank = (text: string, re: RegExp) => text.replace(re, (m) => m.replace(/[^\n]/g, ' '));

// Line structure, list markers, terminal punctuation, what trim() removes and what it keeps,
// astral letters and lone surrogates, identifier shapes and apostrophes.
const PIECES = ['a', 'B', 'word', 'Word', 'WORD', 'camelCase', 'snake_case', 'x1', 'H2O', 'e.g', 'a.b.c', '1', '22', '3.', '4)', ' ', ' ', '\t', '\n', '\n', '\n\n', '- ', '* ', '+ ', '-', '.', '!', '?', '。', '！', '？', '…', '\u00a0', '\u3000', '\ufeff', '\u2028', '\r', '中文', 'слово', 'é', 'É', 'ß', 'αβ', '\u0301', "'", '’', '\uD835\uDC00', '\uD800', '\uDC00', '\u{1F600}', '٣', '²', '_', '$', 'K', 'ſ', 'İ'];

function soups(seed: number, count: number): string[] {
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    let text = '';
    for (let k = Math.floor(rnd() * 16); k > 0; k--) text += PIECES[Math.floor(rnd() * PIECES.length)];
    out.push(text);
  }
  return out;
}

describe('block scanners', () => {
  it('cut paragraphs and sentences exactly where the regexes did, with the same word counts', () => {
    for (const text of soups(11, 4000)) {
      expect(paragraphs(text, 5).map(unhashed), JSON.stringify(text)).toEqual(byRegex(text, PARAGRAPH_RE, (m) => m.trim() !== '', 5));
      expect(sentences(text, 5).map(unhashed), JSON.stringify(text)).toEqual(byRegex(text, SENTENCE_RE, (m) => /[\p{L}\p{N}]/u.test(m), 5));
    }
  });

  it('give the same paragraphs and sentences, counts and hashes, when cut in one scan', () => {
    for (const text of [...soups(13, 4000), 'One. Two 中文。\n\nThree\n- item 四五\n  \n...', ' \n\n  \n x']) {
      expect(blocks(text, 5), JSON.stringify(text)).toEqual({ paragraphs: paragraphs(text, 5), sentences: sentences(text, 5) });
    }
  });

  it('give the language verdicts the same sentences as bare spans, hashed by their exact code units', () => {
    const fnv = (s: string) => {
      let h = 0x811c9dc5;
      for (let q = 0; q < s.length; q++) h = Math.imul(h ^ s.charCodeAt(q), 16777619);
      return h & 0x3fffffff;
    };
    // Past the arrays' first size (256 sentences) too.
    for (const text of [...soups(17, 3000), 'Go. '.repeat(700)]) {
      const count = sentenceSpans(text);
      const spans = Array.from({ length: count }, (_, x) => ({ start: SENTENCE_SPANS.at[x], end: SENTENCE_SPANS.ends[x], hash: SENTENCE_SPANS.hashes[x] }));
      expect(spans, JSON.stringify(text)).toEqual(sentences(text).map((s) => ({ start: s.start, end: s.end, hash: fnv(s.text) })));
    }
  });

  it('hash blocks with equal grouping keys equally, whatever their case, spacing and punctuation', () => {
    // The repetition detector's key; texts with İ are grouped by it directly, not by the hash.
    const key = (s: string) => s.toLowerCase().replace(/[\s\p{P}]+/gu, ' ').trim();
    const byKey = new Map<string, Set<number>>();
    const variants = ['Σας ΣΑΣ σας! Straße', 'σας σας ΣΑΣ straße', '  ΣΑΣ, Σας; ΣΑΣ — STRAßE…', 'Hello World', 'hello,world', 'HELLO  world!!', 'Привет, мир', 'привет МИР', 'ǅ ǆ Ǆ'];
    for (const text of [...soups(31, 3000).filter((t) => !t.includes('İ')), ...variants]) {
      for (const b of [...paragraphs(text), ...sentences(text)]) {
        const set = byKey.get(key(b.text)) ?? new Set<number>();
        byKey.set(key(b.text), set.add(b.hash));
      }
    }
    for (const [k, hashes] of byKey) expect(hashes.size, JSON.stringify(k)).toBe(1);
    // Final sigma and ß: whole-text lower-casing is context-dependent for Σ, the hash is not.
    expect(byKey.get('σας σας σας straße')?.size).toBe(1);
    expect([...byKey.get('hello world')!][0]).not.toBe([...byKey.get('привет мир')!][0]);
  });

  it('compare grouping keys unit by unit exactly as the keys compare, or leave sigmas and surrogates to the keys', () => {
    const key = (s: string) => s.toLowerCase().replace(/[\s\p{P}]+/gu, ' ').trim();
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const flipCase = (s: string) => [...s].map((c) => (rnd() < 0.5 ? c.toUpperCase() : c.toLowerCase())).join('');
    const SEPARATORS = [' ', '  ', '\t', '\n', '.', ', ', '!?', '…', '\u3000', '—', '(', ')', '\u00a0', ''];
    const reseparate = (s: string) => s.replace(/[\s\p{P}]+/gu, () => SEPARATORS[Math.floor(rnd() * SEPARATORS.length)]!);
    const texts = [...soups(53, 3000).filter((t) => !t.includes('İ')), 'Σας ΣΑΣ σας', 'σας σασ', 'ǅ ǆ Ǆ', 'Hello, World!'];
    let equal = 0;
    for (const a of texts) {
      for (const b of [flipCase(a), reseparate(a), reseparate(flipCase(a)), a + 'x', texts[Math.floor(rnd() * texts.length)]!]) {
        const u = unitsOf(a + b);
        const same = sameRepeatKey(u, 0, a.length, a.length, a.length + b.length);
        const undecidable = /[\uD800-\uDFFFΣσς]/.test(a + b);
        // Undecided only for those; decided (a difference before any of them) is fine too.
        if (same < 0) expect(undecidable, JSON.stringify([a, b])).toBe(true);
        if (same >= 0) expect(same === 1, JSON.stringify([a, b])).toBe(key(a) === key(b));
        if (same === 1) equal++;
      }
    }
    expect(equal).toBeGreaterThan(1000);
  });

  it('keeps list items and blank-line breaks apart (a line of spaces starts the next paragraph)', () => {
    expect(paragraphs('Intro line\ngoes on\n\n- one\n- two\n3. three\n  \nend').map((p) => p.text)).toEqual(['Intro line\ngoes on', '- one', '- two', '3. three', '  \nend']);
    expect(sentences('Is it?! Yes… 好。\n\n...').map((s) => s.text)).toEqual(['Is it?!', ' Yes…', ' 好。']);
  });
});

describe('maskIdentifiers', () => {
  it('blanks what the identifier and single-letter regexes blanked', () => {
    for (const text of soups(23, 4000)) expect(maskIdentifiers(text), JSON.stringify(text)).toBe(blank(blank(text, IDENTIFIER_RE), LETTER_RE));
  });
});

describe('tokenise', () => {
  it('gives tokens one id when their lower cases are equal, and these words different ones', () => {
    const text = 'The THE the Σας ΣΑΣ σας İstanbul i̇stanbul ǅ ǆ Ǆ K k 𐐀 𐐨 Straße STRASSE 中 中';
    const { ids, at, ends } = tokenise(text, 0);
    const words = Array.from(at, (a, i) => text.slice(a, ends[i]));
    expect(words).toEqual(text.split(' '));
    for (let i = 0; i < words.length; i++) {
      for (let j = 0; j < words.length; j++) expect(ids[i] === ids[j], `${words[i]} / ${words[j]}`).toBe(words[i]!.toLowerCase() === words[j]!.toLowerCase());
    }
  });
});

describe('scriptTokens', () => {
  const TOKEN_RE = /(\p{sc=Latin}+(?:['’-]\p{sc=Latin}+)*)|(\p{sc=Cyrillic}+(?:['’-]\p{sc=Cyrillic}+)*)|(\p{sc=Han})|([\p{sc=Hiragana}\p{sc=Katakana}ー]+)|(\p{sc=Hangul}+)|([\p{sc=Arabic}\p{sc=Hebrew}\p{sc=Thai}\p{sc=Devanagari}]+)/gu;
  const SCRIPTS = ['latin', 'cyrillic', 'han', 'kana', 'hangul', 'other'];
  const byRegexTokens = (text: string) =>
    [...text.matchAll(TOKEN_RE)].map((m) => ({ start: 7 + m.index, end: 7 + m.index + m[0].length, script: SCRIPTS[m.slice(1).findIndex((g) => g !== undefined)], text: m[0] }));
  // Joiners next to letters of each script, scripts back to back, astral Han and letters, lone surrogates.
  const SCRIPT_PIECES = ["'", '’', '-', '--', 'ab', 'É', 'ǅ', 'Ｆ', 'Ⅻ', 'ª', 'бв', 'Ё', '中', '𠀀', '𪚥', 'カナ', 'ひら', 'ー', 'ｶ', '한국', 'ㄱ', 'مرحبا', 'שלום', 'ไทย', 'हिन्दी', 'Ελ', '\u0301', ' ', '.', '1', '_', '\uD840', '\uDC00', '\uD835\uDC00', '😀'];
  it('finds exactly the matches of the script-token regex', () => {
    let seed = 97;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const texts = [...soups(41, 2000)];
    for (let n = 0; n < 4000; n++) {
      let text = '';
      for (let k = Math.floor(rnd() * 14); k > 0; k--) text += SCRIPT_PIECES[Math.floor(rnd() * SCRIPT_PIECES.length)];
      texts.push(text);
    }
    for (const text of texts) expect(scriptTokens(text, 7), JSON.stringify(text)).toEqual(byRegexTokens(text));
  });

  it('scans a stretch of a longer text as it scans that stretch alone (joiners and surrogates at its edges)', () => {
    let seed = 5;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    // A joiner or a high surrogate just before the end, with what would continue it just after.
    const edges: [string, number, number][] = [["ab'cd", 0, 3], ['ab-cd', 1, 3], ['бв’бв', 0, 3], ['x\uD840\uDC00y', 0, 2], ['ab cd', 2, 5]];
    for (let n = 0; n < 3000 + edges.length; n++) {
      let text = '';
      for (let k = 2 + Math.floor(rnd() * 14); k > 0; k--) text += SCRIPT_PIECES[Math.floor(rnd() * SCRIPT_PIECES.length)];
      let from = Math.floor(rnd() * text.length);
      let to = from + Math.floor(rnd() * (text.length - from + 1));
      if (n >= 3000) [text, from, to] = edges[n - 3000]!;
      const count = scanTokensIn(unitsOf(text), from, to);
      const got = Array.from({ length: count }, (_, k) => ({ start: 7 + SCAN.at[k]!, end: 7 + SCAN.ends[k]!, script: SCRIPTS[SCAN.scripts[k]!], text: text.slice(from + SCAN.at[k]!, from + SCAN.ends[k]!) }));
      expect(got, JSON.stringify([text, from, to])).toEqual(byRegexTokens(text.slice(from, to)));
    }
  });
});

describe('unfenced code screen', () => {
  // codeFlags as it was before lines were screened: every line split out and tested by both regexes.
  function unfencedByRegex(region: string, start: number): [number, number][] {
    const out: [number, number][] = [];
    let pos = start;
    let runStart = -1;
    let runLines = 0;
    let strong = 0;
    for (const line of [...region.split('\n'), '']) {
      if (line.trim() !== '' && CODE_LINE_RE.test(line)) {
        if (runStart < 0) [runStart, runLines, strong] = [pos, 0, 0];
        runLines++;
        if (STRONG_CODE_RE.test(line)) strong++;
      } else if (runStart >= 0) {
        if ((runLines >= 3 && strong >= 1) || strong >= 2) out.push([runStart, pos - 1]);
        runStart = -1;
      }
      pos += line.length + 1;
    }
    return out;
  }
  const LINES = ['def f(x):', '  return x', 'return', 'returns', 'x = 1;', 'x = 1; ', 'if (a) {', '\u00a0}', '}', '};', ')', ']', ' ] ;', 'let y', 'Let y', 'for (;;)', 'while (', 'print(1)', 'console.log(x)', 'from a import b', 'from  import', '#include <x>', 'public int', 'private x', 'function g() {', 'const z = 2', 'var q', 'class A:', 'import os', 'So the answer is 4.', 'we check: {', 'prose ;\u3000', '\ufeffdef g():', '\u2028return 1', '', ' ', '\t', 'c', 'd', '{', ';', 'x\r', 'y;\r', 'count = 0', 'count += 1', 'a[i] //= 2', 'x == 1', 'for n in range(2, 100):', '    if n % d == 0:', 'if n is even:', 'else:', 'try:', 'except ValueError:', 'while lo <= hi:', 'with open(f) as g:', 'So x = 5 here', 'e = mc^2', 'Then:', 'total: 5', 'a:\r', 'sq = [x * x for x in xs]', 'seen.add(x)', 'const f = (x) => x * 2', 'printf("%d", n);', 'std::cout << n;', 'f(x)', 'So (a) holds.', '[x for x in y]', '(x) => 1', 'squares are [x*x for x in xs] here', 'So $x = 5$.', 'a[i] = 3', 'x ** 2 = y', 'n **= 2', 'q //= 2', 'b == c', 'k = ', 'we go for it', 'g(x) => y and more', 'total: x = 1'];

  it('finds the same runs of code lines as testing every line with the regexes', async () => {
    const { codeFlags } = await import('./structure.ts');
    let seed = 5;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    let runs = 0;
    for (let n = 0; n < 3000; n++) {
      const lines: string[] = [];
      for (let k = Math.floor(rnd() * 12); k > 0; k--) lines.push(LINES[Math.floor(rnd() * LINES.length)]!);
      const region = lines.join(rnd() < 0.2 ? '\r\n' : '\n');
      const text = `<think>${region}</think>`;
      const expected = unfencedByRegex(region, 7);
      runs += expected.length;
      expect(codeFlags(text, 7, 7 + region.length, 50).map((f) => [f.start, f.end]), JSON.stringify(region)).toEqual(expected);
    }
    expect(runs).toBeGreaterThan(100);
  });
});

describe('blanking at a lead character', () => {
  it('blanks exactly the matches the global regex finds, for the markup tags and a pattern whose matches can touch', () => {
    const TAGS = ['<think>', '</think>', '<answer>', '</answer>', '<', '</', '<<think>', '<think', 'think>', '</answer', '< think>', '<THINK>', '\n', ' ', 'x', '中', '\uD800', '<<', '<a><b>'];
    let seed = 9;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let n = 0; n < 3000; n++) {
      let text = '';
      for (let k = Math.floor(rnd() * 14); k > 0; k--) text += TAGS[Math.floor(rnd() * TAGS.length)];
      expect(maskMarkup(text), JSON.stringify(text)).toBe(blank(text, /<\/?(?:think|answer)>/g));
      // Matches that end where the next begins, and one that spans lines (its newline stays).
      expect(blankAtLead(text, '<', /<[^>]*>/y), JSON.stringify(text)).toBe(blank(text, /<[^>]*>/g));
    }
  });
});
