/**
 * A GGUF header reader in plain JS. It reads the header, the metadata and the tensor table
 * through small buffered reads, so a 20 GB model costs a few MB of I/O. llama.cpp aborts the
 * whole process (GGML_ASSERT) on some malformed files, so everything we can check is checked
 * here, before node-llama-cpp ever opens the file (see gguf-validate.ts).
 */
import { open, type FileHandle } from 'node:fs/promises';

export type GgufErrorCode =
  | 'gguf_not_found'
  | 'gguf_not_gguf'
  | 'gguf_unsupported_version'
  | 'gguf_truncated'
  | 'gguf_corrupt'
  | 'gguf_missing_key'
  | 'model_too_large';

export class GgufError extends Error {
  readonly code: GgufErrorCode;
  readonly path: string;
  readonly key?: string;
  constructor(code: GgufErrorCode, path: string, message: string, key?: string) {
    super(message);
    this.name = 'GgufError';
    this.code = code;
    this.path = path;
    this.key = key;
  }
}

/** Arrays longer than this are summarised (tokenizer vocabularies hold 150k+ strings). */
const MAX_MATERIALISED_ARRAY = 1024;
/** No sane key or string is this long; a larger length means a corrupt or hostile file. */
const MAX_STRING_BYTES = 64 * 1024 * 1024;

export interface GgufArraySummary {
  kind: 'array-summary';
  itemType: string;
  length: number;
  /** The first few items, for display. */
  head: unknown[];
}

export interface GgufTensorInfo {
  name: string;
  dims: number[];
  type: number;
  offset: number;
}

export interface GgufHeader {
  path: string;
  version: number;
  tensorCount: number;
  metadata: Record<string, unknown>;
  architecture?: string;
  parameterCount?: number;
  /** File type name, e.g. "Q4_K_M", "F16". */
  quantisation?: string;
  contextLength?: number;
  chatTemplate?: string;
  fileSize: number;
  tensors: GgufTensorInfo[];
  /** Where tensor data starts, and where the last tensor ends (relative to that start). */
  dataOffset: number;
  dataSize?: number;
}

const VALUE_TYPES = ['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'f32', 'bool', 'string', 'array', 'u64', 'i64', 'f64'] as const;

/** ggml type id → [block size in elements, bytes per block]. */
const GGML_TYPE_SIZE: Record<number, [number, number]> = {
  0: [1, 4], 1: [1, 2], 2: [32, 18], 3: [32, 20], 6: [32, 22], 7: [32, 24], 8: [32, 34], 9: [32, 36],
  10: [256, 84], 11: [256, 110], 12: [256, 144], 13: [256, 176], 14: [256, 210], 15: [256, 292],
  16: [256, 66], 17: [256, 74], 18: [256, 98], 19: [256, 50], 20: [32, 18], 21: [256, 110], 22: [256, 82],
  23: [256, 136], 24: [1, 1], 25: [1, 2], 26: [1, 4], 27: [1, 8], 28: [1, 8], 29: [256, 56], 30: [1, 2],
  34: [256, 54], 35: [256, 66], 39: [32, 17],
};

const FILE_TYPE_NAMES: Record<number, string> = {
  0: 'F32', 1: 'F16', 2: 'Q4_0', 3: 'Q4_1', 7: 'Q8_0', 8: 'Q5_0', 9: 'Q5_1', 10: 'Q2_K', 11: 'Q3_K_S',
  12: 'Q3_K_M', 13: 'Q3_K_L', 14: 'Q4_K_S', 15: 'Q4_K_M', 16: 'Q5_K_S', 17: 'Q5_K_M', 18: 'Q6_K',
  19: 'IQ2_XXS', 20: 'IQ2_XS', 21: 'Q2_K_S', 22: 'IQ3_XS', 23: 'IQ3_XXS', 24: 'IQ1_S', 25: 'IQ4_NL',
  26: 'IQ3_S', 27: 'IQ3_M', 28: 'IQ2_S', 29: 'IQ2_M', 30: 'IQ4_XS', 31: 'IQ1_M', 32: 'BF16', 36: 'TQ1_0',
  37: 'TQ2_0', 38: 'MXFP4_MOE',
};

const TENSOR_TYPE_NAMES: Record<number, string> = {
  0: 'F32', 1: 'F16', 2: 'Q4_0', 3: 'Q4_1', 6: 'Q5_0', 7: 'Q5_1', 8: 'Q8_0', 10: 'Q2_K', 11: 'Q3_K',
  12: 'Q4_K', 13: 'Q5_K', 14: 'Q6_K', 30: 'BF16',
};

/** Bytes a tensor occupies, or undefined for a type this reader does not know. */
export function tensorByteSize(type: number, dims: number[]): number | undefined {
  const size = GGML_TYPE_SIZE[type];
  if (!size) return undefined;
  const elements = dims.reduce((a, b) => a * b, 1);
  return Math.ceil(elements / size[0]) * size[1];
}

/** Sequential reader over a file handle with a sliding buffer; reading past the end is a truncation. */
class Cursor {
  private buf = Buffer.alloc(0);
  private bufStart = 0;
  pos = 0;
  constructor(
    private readonly fh: FileHandle,
    readonly fileSize: number,
    private readonly path: string,
  ) {}

  private async need(n: number): Promise<Buffer> {
    const rel = this.pos - this.bufStart;
    if (rel + n <= this.buf.length) return this.buf.subarray(rel, rel + n);
    if (this.pos + n > this.fileSize) {
      throw new GgufError('gguf_truncated', this.path, `${this.path}: GGUF header is truncated (needs byte ${this.pos + n}, file has ${this.fileSize}).`);
    }
    const want = Math.max(n, 1 << 20);
    const chunk = Buffer.alloc(Math.min(want, this.fileSize - this.pos));
    const { bytesRead } = await this.fh.read(chunk, 0, chunk.length, this.pos);
    if (bytesRead < n) throw new GgufError('gguf_truncated', this.path, `${this.path}: GGUF header is truncated.`);
    this.buf = chunk.subarray(0, bytesRead);
    this.bufStart = this.pos;
    return this.buf.subarray(0, n);
  }

  async u32(): Promise<number> { const b = await this.need(4); this.pos += 4; return b.readUInt32LE(0); }
  async u64(): Promise<number> {
    const b = await this.need(8);
    this.pos += 8;
    const v = b.readBigUInt64LE(0);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new GgufError('gguf_corrupt', this.path, `${this.path}: implausible 64-bit count ${v} at byte ${this.pos - 8}.`);
    return Number(v);
  }

  async string(): Promise<string> {
    const len = await this.u64();
    if (len > MAX_STRING_BYTES) throw new GgufError('gguf_corrupt', this.path, `${this.path}: string of ${len} bytes at byte ${this.pos - 8}; the file is corrupt.`);
    const b = await this.need(len);
    this.pos += len;
    return b.toString('utf8');
  }

  async skip(n: number): Promise<void> {
    if (this.pos + n > this.fileSize) await this.need(this.fileSize - this.pos + 1);
    this.pos += n;
  }

  async scalar(type: number): Promise<unknown> {
    switch (VALUE_TYPES[type]) {
      case 'u8': { const b = await this.need(1); this.pos += 1; return b.readUInt8(0); }
      case 'i8': { const b = await this.need(1); this.pos += 1; return b.readInt8(0); }
      case 'u16': { const b = await this.need(2); this.pos += 2; return b.readUInt16LE(0); }
      case 'i16': { const b = await this.need(2); this.pos += 2; return b.readInt16LE(0); }
      case 'u32': return this.u32();
      case 'i32': { const b = await this.need(4); this.pos += 4; return b.readInt32LE(0); }
      case 'f32': { const b = await this.need(4); this.pos += 4; return b.readFloatLE(0); }
      case 'bool': { const b = await this.need(1); this.pos += 1; return b.readUInt8(0) !== 0; }
      case 'string': return this.string();
      case 'u64': return this.u64();
      case 'i64': { const b = await this.need(8); this.pos += 8; return Number(b.readBigInt64LE(0)); }
      case 'f64': { const b = await this.need(8); this.pos += 8; return b.readDoubleLE(0); }
      default: throw new GgufError('gguf_corrupt', this.path, `${this.path}: unknown metadata value type ${type} at byte ${this.pos}.`);
    }
  }

  async value(type: number): Promise<unknown> {
    if (VALUE_TYPES[type] !== 'array') return this.scalar(type);
    const itemType = await this.u32();
    const length = await this.u64();
    if (VALUE_TYPES[itemType] === 'array' || VALUE_TYPES[itemType] === undefined) {
      throw new GgufError('gguf_corrupt', this.path, `${this.path}: unsupported array item type ${itemType}.`);
    }
    if (length <= MAX_MATERIALISED_ARRAY) {
      const items: unknown[] = [];
      for (let i = 0; i < length; i++) items.push(await this.scalar(itemType));
      return items;
    }
    const head: unknown[] = [];
    const fixed = [1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8][itemType];
    for (let i = 0; i < length; i++) {
      if (i < 8) head.push(await this.scalar(itemType));
      else if (fixed) { await this.skip(fixed * (length - i)); break; }
      else await this.skip(await this.u64());
    }
    const summary: GgufArraySummary = { kind: 'array-summary', itemType: VALUE_TYPES[itemType], length, head };
    return summary;
  }
}

/** Number of items of a metadata array value, whether materialised or summarised. */
export function arrayLength(value: unknown): number | undefined {
  if (Array.isArray(value)) return value.length;
  if (value && typeof value === 'object' && (value as GgufArraySummary).kind === 'array-summary') return (value as GgufArraySummary).length;
  return undefined;
}

export async function readGgufHeader(path: string): Promise<GgufHeader> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw new GgufError('gguf_not_found', path, `${path}: cannot open model file (${(e as Error).message}).`);
  }
  try {
    const fileSize = (await fh.stat()).size;
    const c = new Cursor(fh, fileSize, path);
    if (fileSize < 4) throw new GgufError('gguf_not_gguf', path, `${path} is not a GGUF file (only ${fileSize} bytes).`);
    const magic = await c.u32();
    if (magic !== 0x46554747) throw new GgufError('gguf_not_gguf', path, `${path} is not a GGUF file (it does not start with "GGUF").`);
    const version = await c.u32();
    if (version < 2 || version > 3) throw new GgufError('gguf_unsupported_version', path, `${path}: GGUF version ${version} is not supported (2 and 3 are).`);
    const tensorCount = await c.u64();
    const kvCount = await c.u64();
    const metadata: Record<string, unknown> = {};
    for (let i = 0; i < kvCount; i++) {
      const key = await c.string();
      const type = await c.u32();
      metadata[key] = await c.value(type);
    }
    const tensors: GgufTensorInfo[] = [];
    for (let i = 0; i < tensorCount; i++) {
      const name = await c.string();
      const nDims = await c.u32();
      if (nDims > 8) throw new GgufError('gguf_corrupt', path, `${path}: tensor ${name} claims ${nDims} dimensions.`);
      const dims: number[] = [];
      for (let d = 0; d < nDims; d++) dims.push(await c.u64());
      const type = await c.u32();
      const offset = await c.u64();
      tensors.push({ name, dims, type, offset });
    }
    const alignment = typeof metadata['general.alignment'] === 'number' ? (metadata['general.alignment'] as number) : 32;
    const dataOffset = Math.ceil(c.pos / alignment) * alignment;
    return summarise(path, version, tensorCount, metadata, tensors, fileSize, dataOffset);
  } finally {
    await fh.close();
  }
}

function summarise(
  path: string, version: number, tensorCount: number, metadata: Record<string, unknown>,
  tensors: GgufTensorInfo[], fileSize: number, dataOffset: number,
): GgufHeader {
  const arch = typeof metadata['general.architecture'] === 'string' ? (metadata['general.architecture'] as string) : undefined;
  let parameterCount: number | undefined = 0;
  let dataSize: number | undefined = 0;
  const typeBytes = new Map<number, number>();
  for (const t of tensors) {
    parameterCount += t.dims.reduce((a, b) => a * b, 1);
    const bytes = tensorByteSize(t.type, t.dims);
    if (bytes === undefined) dataSize = undefined;
    else {
      if (dataSize !== undefined) dataSize = Math.max(dataSize, t.offset + bytes);
      typeBytes.set(t.type, (typeBytes.get(t.type) ?? 0) + bytes);
    }
  }
  if (tensors.length === 0) parameterCount = undefined;
  const fileType = metadata['general.file_type'];
  let quantisation = typeof fileType === 'number' ? FILE_TYPE_NAMES[fileType] : undefined;
  if (!quantisation && typeBytes.size > 0) {
    // No file_type key: name the tensor type that holds most of the bytes.
    const dominant = [...typeBytes.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    quantisation = TENSOR_TYPE_NAMES[dominant] ?? `type${dominant}`;
  }
  const ctx = arch ? metadata[`${arch}.context_length`] : undefined;
  const template = metadata['tokenizer.chat_template'];
  return {
    path, version, tensorCount, metadata, architecture: arch, parameterCount, quantisation,
    contextLength: typeof ctx === 'number' ? ctx : undefined,
    chatTemplate: typeof template === 'string' ? template : undefined,
    fileSize, tensors, dataOffset, dataSize,
  };
}
