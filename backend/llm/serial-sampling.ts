/**
 * node-llama-cpp 3.21.1 samples each sequence of a context on its own libuv worker thread,
 * while llama.cpp lazily reorders the context's shared logits buffer on first access without a
 * lock. Sequences sampling at once can read each other's (or half-reordered) logits: greedy
 * outputs then differ from a sequence decoded alone (32 of 80 on CPU, up to 79 of 80 on GPU in
 * the generation issue's measurements). Corrupted samples are the worst outcome for a training
 * set, so every `sampleToken` call of a context goes through one queue.
 *
 * The seam: all sampling paths in LlamaContext.js (`evaluate`, `evaluateWithMetadata`,
 * `controlledEvaluate`) call `context._ctx.sampleToken(...)` on the native AddonContext, after
 * the batch's `decodeBatch` has finished and before the next batch starts. Shadowing that method
 * on the instance serialises sampling without touching decoding. The cost is small: the measured
 * unserialised throughput was lower anyway (thread-pool contention).
 */
import type { LlamaContext } from 'node-llama-cpp';

const PATCHED = Symbol('coldstart.serialSampling');

interface NativeContext {
  sampleToken: (...args: unknown[]) => Promise<unknown>;
  [PATCHED]?: true;
}

/** Makes every `sampleToken` on this context wait for the previous one. Idempotent. */
export function serialiseSampling(context: LlamaContext): void {
  const native = (context as unknown as { _ctx?: NativeContext })._ctx;
  if (!native || typeof native.sampleToken !== 'function') {
    // A node-llama-cpp upgrade moved the seam: refuse to run unsafely rather than corrupt samples.
    throw new Error('node-llama-cpp internals changed: cannot serialise token sampling (expected LlamaContext._ctx.sampleToken)');
  }
  if (native[PATCHED]) return;
  const original = native.sampleToken;
  let tail: Promise<unknown> = Promise.resolve();
  const serialSampleToken = (...args: unknown[]): Promise<unknown> => {
    const run = tail.then(() => original.apply(native, args));
    // The queue continues whether this call succeeds or fails; the caller still sees the failure.
    tail = run.catch(() => undefined);
    return run;
  };
  // The addon defines sampleToken as a read-only prototype property, so plain assignment throws;
  // an own property on this instance shadows it.
  Object.defineProperty(native, 'sampleToken', { value: serialSampleToken, configurable: true, writable: true });
  native[PATCHED] = true;
}
