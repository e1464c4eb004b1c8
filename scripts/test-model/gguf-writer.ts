/**
 * Minimal GGUF v3 writer for test models: typed metadata, F32/F16 tensors, 32-byte aligned data.
 */
import { open } from 'node:fs/promises';

export type MetaValue =
  | { type: 'u32' | 'i32' | 'f32' | 'u64'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'array'; itemType: 'string'; value: string[] }
  | { type: 'array'; itemType: 'i32' | 'f32'; value: number[] };

export interface TensorSpec {
  name: string;
  /** ggml order: dims[0] is the contiguous (column) dimension. */
  dims: number[];
  /** Produces the values in row-major order (rows of dims[0] values). Called once, at write time. */
  data: () => Float32Array;
  type?: 'f32' | 'f16';
}

const TYPE_ID = { u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9, u64: 10 } as const;
export const ALIGNMENT = 32;

class Bytes {
  private chunks: Buffer[] = [];
  length = 0;
  push(b: Buffer): void { this.chunks.push(b); this.length += b.length; }
  u32(v: number): void { const b = Buffer.alloc(4); b.writeUInt32LE(v); this.push(b); }
  i32(v: number): void { const b = Buffer.alloc(4); b.writeInt32LE(v); this.push(b); }
  f32(v: number): void { const b = Buffer.alloc(4); b.writeFloatLE(v); this.push(b); }
  u64(v: number): void { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(v)); this.push(b); }
  str(s: string): void { const b = Buffer.from(s, 'utf8'); this.u64(b.length); this.push(b); }
  concat(): Buffer { return Buffer.concat(this.chunks); }
}

function writeValue(out: Bytes, v: MetaValue): void {
  switch (v.type) {
    case 'u32': out.u32(v.value); break;
    case 'i32': out.i32(v.value); break;
    case 'f32': out.f32(v.value); break;
    case 'u64': out.u64(v.value); break;
    case 'bool': out.push(Buffer.from([v.value ? 1 : 0])); break;
    case 'string': out.str(v.value); break;
    case 'array':
      out.u32(TYPE_ID[v.itemType]);
      out.u64(v.value.length);
      for (const item of v.value) {
        if (v.itemType === 'string') out.str(item as string);
        else if (v.itemType === 'i32') out.i32(item as number);
        else out.f32(item as number);
      }
      break;
  }
}

/** IEEE half from float (round to nearest even; no subnormal finesse needed for test weights). */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
function toHalf(f: number): number {
  f32[0] = f;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = ((x >>> 23) & 0xff) - 127 + 15;
  let mant = x & 0x7fffff;
  if (exp <= 0) return sign;
  if (exp >= 31) return sign | 0x7c00;
  const round = mant & 0x1fff;
  mant >>>= 13;
  if (round > 0x1000 || (round === 0x1000 && (mant & 1))) mant++;
  return (sign | (exp << 10)) + mant;
}

function tensorBytes(t: TensorSpec, values: Float32Array): Buffer {
  if ((t.type ?? 'f32') === 'f32') return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  const out = Buffer.alloc(values.length * 2);
  for (let i = 0; i < values.length; i++) out.writeUInt16LE(toHalf(values[i]!), i * 2);
  return out;
}

const pad = (n: number): number => (ALIGNMENT - (n % ALIGNMENT)) % ALIGNMENT;

export async function writeGguf(path: string, metadata: Array<[string, MetaValue]>, tensors: TensorSpec[]): Promise<void> {
  const head = new Bytes();
  head.u32(0x46554747);
  head.u32(3);
  head.u64(tensors.length);
  head.u64(metadata.length);
  for (const [key, value] of metadata) {
    head.str(key);
    head.u32(TYPE_ID[value.type]);
    writeValue(head, value);
  }
  let offset = 0;
  for (const t of tensors) {
    head.str(t.name);
    head.u32(t.dims.length);
    for (const d of t.dims) head.u64(d);
    head.u32((t.type ?? 'f32') === 'f32' ? 0 : 1);
    head.u64(offset);
    const size = t.dims.reduce((a, b) => a * b, 1) * ((t.type ?? 'f32') === 'f32' ? 4 : 2);
    offset += size + pad(size);
  }
  const fh = await open(path, 'w');
  try {
    let pos = 0;
    const write = async (b: Buffer): Promise<void> => { await fh.write(b, 0, b.length, pos); pos += b.length; };
    await write(head.concat());
    await write(Buffer.alloc(pad(pos)));
    for (const t of tensors) {
      const values = t.data();
      const expected = t.dims.reduce((a, b) => a * b, 1);
      if (values.length !== expected) throw new Error(`tensor ${t.name}: ${values.length} values for dims ${t.dims.join('x')}`);
      const bytes = tensorBytes(t, values);
      await write(bytes);
      await write(Buffer.alloc(pad(bytes.length)));
    }
  } finally {
    await fh.close();
  }
}
