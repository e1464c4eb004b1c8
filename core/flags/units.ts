/**
 * The code units of the texts the detectors scan, in typed arrays. Scanning a Uint16Array is
 * several times faster than calling `charCodeAt`, which dispatches on the string's internal
 * representation at every call, and most texts are scanned by more than one detector (the
 * masked whole text by the block cutter and the loop tokeniser, the masked reasoning by the
 * identifier mask and the sentence cutter).
 *
 * Every array has a 0 after the text: reading one past the end sees a NUL, which, like the NaN
 * `charCodeAt` gives there, is no letter, digit, space, newline, punctuation mark or surrogate.
 * An array stays valid until `UNIT_SLOTS` other texts have been loaded (the detectors are
 * synchronous, and each uses at most two at once).
 */

/** Copies `s` into `into` (which has room for it). */
export type UnitWriter = (s: string, into: Uint16Array) => void;
/** The string of units [0, n) of `units`, exactly (lone surrogates stay as they are). */
export type UnitReader = (units: Uint16Array, n: number) => string;

/** The copy that works in every runtime (the default). */
export function portableUnitWriter(s: string, into: Uint16Array): void {
  const n = s.length;
  for (let i = 0; i < n; i++) into[i] = s.charCodeAt(i);
}

// `fatal`: a lone surrogate makes it throw rather than become U+FFFD, and the chunked copy below
// takes over; `ignoreBOM`: a leading U+FEFF is a code unit of the text like any other.
const utf16 = typeof TextDecoder === 'function' ? new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true }) : null;

/** The copy that works in every runtime (the default): the platform's UTF-16 decoder, exact for well-formed text. */
export function portableUnitReader(units: Uint16Array, n: number): string {
  if (utf16) {
    try {
      return utf16.decode(units.subarray(0, n));
    } catch {
      // A lone surrogate: copied as it is below.
    }
  }
  return unitsByCharCode(units, n);
}

// Chunked: `apply` passes every unit as an argument, and engines cap the argument count.
export function unitsByCharCode(units: Uint16Array, n: number): string {
  let s = '';
  for (let a = 0; a < n; a += 8192) s += String.fromCharCode.apply(null, units.subarray(a, Math.min(n, a + 8192)) as unknown as number[]);
  return s;
}

let write: UnitWriter = portableUnitWriter;
let read: UnitReader = portableUnitReader;

/**
 * Installs a faster copy for this runtime (core/ cannot use Node's Buffer itself: it also runs in
 * the browser). The writer must copy code units exactly, lone surrogates included.
 */
export function setUnitWriter(writer: UnitWriter): void {
  write = writer;
}

/** Installs a faster way back from units to a string (same contract as `setUnitWriter`). */
export function setUnitReader(reader: UnitReader): void {
  read = reader;
}

/**
 * A detector that blanks spans of a text in its array (from `unitsOf`) makes the masked string
 * from the array: one copy, where joining the unmasked slices and the spaces between them made a
 * string piece by piece (a third of the identifier mask's time, at about one span per 17 units).
 */
export function textOfUnits(units: Uint16Array, n: number): string {
  return read(units, n);
}

const UNIT_SLOTS = 3;
// Texts this long get an array of their own, so the module does not keep megabytes after one.
const KEEP_BELOW = 1 << 20;

interface Slot {
  text: string | null;
  units: Uint16Array;
  used: number;
}

const slots: Slot[] = Array.from({ length: UNIT_SLOTS }, () => ({ text: null, units: new Uint16Array(4096), used: 0 }));
let clock = 0;

/** The code units of `s` (and a 0 at `s.length`); a text loaded recently is not copied again. */
export function unitsOf(s: string): Uint16Array {
  const n = s.length;
  let oldest = slots[0]!;
  for (const slot of slots) {
    // Equal strings have equal units (V8 compares contents only when the two are not one string).
    if (slot.text === s) {
      slot.used = ++clock;
      return slot.units;
    }
    if (slot.used < oldest.used) oldest = slot;
  }
  let units: Uint16Array;
  if (n >= KEEP_BELOW) {
    units = new Uint16Array(n + 1);
  } else {
    if (oldest.units.length <= n) oldest.units = new Uint16Array(Math.max(n + 1, oldest.units.length * 2));
    oldest.text = s;
    oldest.used = ++clock;
    units = oldest.units;
  }
  write(s, units);
  units[n] = 0;
  return units;
}

/**
 * Records that `units` (an array `unitsOf` returned, changed in place since) now holds the code
 * units of `s`: a detector that blanks spans of a text in its array hands the result on without
 * another copy.
 */
export function relabelUnits(units: Uint16Array, s: string): void {
  const slot = slots.find((x) => x.units === units);
  if (!slot) return;
  slot.text = s;
  slot.used = ++clock;
}
