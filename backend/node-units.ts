/**
 * Node's native copies between a string and its UTF-16 code units for the flag detectors
 * (core/flags/units.ts), several times faster than the portable `charCodeAt` loop and
 * `String.fromCharCode` chunks that core/ falls back to in the browser. Buffer's 'utf16le'
 * copies code units as they are, lone surrogates included, both ways (TextDecoder would not:
 * it replaces a lone surrogate with U+FFFD).
 */
import { Buffer } from 'node:buffer';
import { setUnitReader, setUnitWriter } from '../core/flags/units.ts';

// The detectors reuse a few arrays (three, see units.ts): each one's Buffer view is kept, since
// making a view costs more than copying a short trace.
const arrays: (Uint16Array | null)[] = [null, null, null, null];
const views: (Buffer | null)[] = [null, null, null, null];
let nextSlot = 0;

function viewOf(into: Uint16Array): Buffer {
  for (let k = 0; k < arrays.length; k++) if (arrays[k] === into) return views[k]!;
  const k = nextSlot;
  nextSlot = (nextSlot + 1) % arrays.length;
  arrays[k] = into;
  return (views[k] = Buffer.from(into.buffer, into.byteOffset, into.byteLength));
}

function writeUnits(s: string, into: Uint16Array): void {
  viewOf(into).write(s, 0, s.length * 2, 'utf16le');
}

function readUnits(units: Uint16Array, n: number): string {
  return viewOf(units).toString('utf16le', 0, n * 2);
}

/** Makes the detectors in this thread copy texts with Buffer (call once per thread; idempotent). */
export function useNodeUnitCopies(): void {
  setUnitWriter(writeUnits);
  setUnitReader(readUnits);
}
