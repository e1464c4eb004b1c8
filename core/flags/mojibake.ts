/** Encoding damage: replacement characters, UTF-8 read through a legacy code page, bad code units. */
import type { Flag } from './index.ts';
import { unitsOf } from './units.ts';

const PATTERNS: { re: RegExp; what: string; min: number }[] = [
  { re: /\uFFFD+|ï¿½/g, what: 'replacement characters', min: 1 },
  // UTF-8 decoded as Latin-1 / CP1252: a lead byte shown as Â-Ã (2-byte) or â€ (3-byte punctuation).
  { re: /[ÂÃÄÅ][\u0080-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013\u2014\u2018-\u201E\u2020-\u2022\u2026\u2030\u2039\u203A\u20AC\u2122]|â[€†‰ˆ„][^\s]?|ðŸ/g, what: 'UTF-8 read as Latin-1/CP1252', min: 1 },
  // Other 2-byte UTF-8 (Cyrillic "Ð¿Ñ€Ð¸", Greek "Î±", Hebrew, Arabic) read as CP1252: Ð and Ñ are
  // real letters (Icelandic, Spanish), so several pairs are needed.
  { re: /[\u00C6-\u00DF][\u0080-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013\u2014\u2018-\u201E\u2020-\u2022\u2026\u2030\u2039\u203A\u20AC\u2122]/g, what: 'UTF-8 read as Latin-1/CP1252', min: 3 },
  // UTF-8 CJK (3-byte sequences, lead byte E4-E9) decoded as Latin-1 / CP1252: "ä¸€", "å†™", "è¦".
  // One such triple can be real text (French "é" + no-break space + "»"), so several are needed.
  { re: /[\u00E4-\u00E9][\u0080-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013\u2014\u2018-\u201E\u2020-\u2022\u2026\u2030\u2039\u203A\u20AC\u2122]{2}/g, what: 'UTF-8 CJK read as Latin-1/CP1252', min: 3 },
  // UTF-8 Cyrillic decoded as CP1251: pairs like "Рё", "С‚" one after another.
  { re: /(?:[РС][\u0402-\u040F\u0450-\u045F\u0490\u0491\u00A0-\u00BF\u2013\u2014\u2018-\u201E\u2020-\u2022\u2026\u2030\u2039\u203A\u20AC\u2116\u2122]){3,}/g, what: 'UTF-8 read as CP1251', min: 1 },
  // UTF-8 CJK decoded as GBK or Shift_JIS leaves characters that real text almost never uses.
  { re: /[锛銆鈥鍙鐨鏄涓浠庡緱鎴戝垎]/g, what: 'UTF-8 read as GBK', min: 3 },
  { re: /[縺繧繝螟譁蜑]/g, what: 'UTF-8 read as Shift_JIS', min: 3 },
  // Replacement characters (EF BF BD, twice) written out and read back as GBK: the best-known
  // mojibake in Chinese text. 斤 and 拷 are real characters, the triple is not.
  { re: /(?:锟斤拷)+|锟/g, what: 'replacement characters read as GBK', min: 1 },
  { re: /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]+/g, what: 'control characters', min: 1 },
  { re: /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, what: 'unpaired UTF-16 surrogates', min: 1 },
];

// Every match of PATTERNS[k] contains a code unit from STARTS[k] (same order): one scan with a
// table says which patterns can match at all, and the others are not run (most traces need none).
const CONTROL = [...Array(32).keys()].filter((c) => c !== 9 && c !== 10 && c !== 13).map((c) => String.fromCharCode(c)).join('') + '\u007F';
const SURROGATES = Array.from({ length: 0x800 }, (_, i) => String.fromCharCode(0xd800 + i)).join('');
const STARTS = ['\uFFFDï', 'ÂÃÄÅâð', 'ÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞß', 'äåæçèé', 'РС', '锛銆鈥鍙鐨鏄涓浠庡緱鎴戝垎', '縺繧繝螟譁蜑', '锟', CONTROL, SURROGATES];
// One bit per pattern: sixteen fit.
const BITS = new Uint16Array(0x10000);
STARTS.forEach((units, k) => {
  for (let i = 0; i < units.length; i++) BITS[units.charCodeAt(i)]! |= 1 << k;
});

/** `screen: false` runs every pattern (tests check the screen changes nothing). */
export function mojibakeFlags(text: string, limit: number, screen = true): Flag[] {
  const flags: Flag[] = [];
  let present = screen ? 0 : 0xffff;
  const u = unitsOf(text);
  if (screen) for (let i = 0, n = text.length; i < n; i++) present |= BITS[u[i]!]!;
  for (let k = 0; k < PATTERNS.length; k++) {
    if (!(present & (1 << k))) continue;
    const { re, what, min } = PATTERNS[k]!;
    const hits: [number, number][] = [];
    re.lastIndex = 0;
    for (let m = re.exec(text); m && hits.length < limit * 4; m = re.exec(text)) hits.push([m.index, m.index + m[0].length]);
    if (hits.length < min) continue;
    // Hits close together are one damaged stretch, shown as one span.
    let [s, e] = hits[0]!;
    for (const [hs, he] of hits.slice(1)) {
      if (hs - e <= 12) e = he;
      else {
        emitDamage(flags, limit, what, s, e);
        [s, e] = [hs, he];
      }
    }
    emitDamage(flags, limit, what, s, e);
  }
  return flags;
}

function emitDamage(flags: Flag[], limit: number, what: string, start: number, end: number): void {
  if (flags.length < limit) flags.push({ code: 'mojibake', severity: what === 'control characters' || what.startsWith('unpaired') ? 'warning' : 'error', start, end, message: `Encoding damage: ${what}` });
}
