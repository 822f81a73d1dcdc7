/**
 * Passes over a whole signal (a rendered note, mostly) that run through the WebAssembly kernels in chunks via the
 * thread's staging buffers (dsp/kernels.ts), or through their JavaScript twins where the kernels cannot run.
 *
 *   signal ─▶ chunk ─▶ staging ─▶ kernel (biquads in pairs, peak | 16-bit codes + K-weighted energy) ─▶ back
 */
import { Biquad, type BiquadCoefficients } from "./biquad.js";
import { STAGING, type WasmKernels, wasmKernels } from "./kernels.js";
import { kHighpass, kShelf } from "./loudness.js";

/** Largest |sample| of x. */
function peakJs(x: Float32Array): number {
  let peak = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]!);
    if (a > peak) peak = a;
  }
  return peak;
}

/** A chain's coefficients where the kernels read them: five per filter, b0 b1 b2 a1 a2. */
function stageCoefficients(into: Float64Array, chain: readonly BiquadCoefficients[]): void {
  for (let s = 0; s < chain.length; s++) {
    const c = chain[s]!;
    into.set([c.b0, c.b1, c.b2, c.a1, c.a2], 5 * s);
  }
}

/**
 * Filters `buf` in place through the chain (every filter from rest) and returns its largest |sample| after.
 * With the kernels, filters run two to a pass and the signal stays in double precision between them.
 */
export function filterChain(buf: Float32Array, chain: readonly BiquadCoefficients[]): number {
  const wasm = wasmKernels();
  if (!wasm || chain.length > STAGING.stages) {
    for (const c of chain) new Biquad(c).process(buf, 0, buf.length);
    return peakJs(buf);
  }
  const { kernels, staging } = wasm;
  const { samples, coefficients, state } = staging;
  stageCoefficients(coefficients, chain);
  state.fill(0);
  let peak = 0;
  for (let from = 0; from < buf.length; from += samples.length) {
    const n = Math.min(samples.length, buf.length - from);
    samples.set(buf.subarray(from, from + n));
    for (let s = 0; s < chain.length; s += 2) {
      const c = coefficients.byteOffset + 40 * s;
      const h = state.byteOffset + 32 * s;
      if (s + 1 < chain.length) kernels.biquadPair(samples.byteOffset, n, c, h);
      else kernels.biquad(samples.byteOffset, n, c, h);
    }
    peak = Math.max(peak, kernels.peakOf(samples.byteOffset, n));
    buf.set(samples.subarray(0, n), from);
  }
  return peak;
}

/** x · k rounded to 16 bits into `codes` (as Math.round; k = 1 / a note's scale). */
function quantiseJs(x: Float32Array, k: number, codes: Int16Array): void {
  // floor(x + 0.5) rounds as Math.round does, and V8 runs it several times faster (as in encode/wav.ts)
  for (let i = 0; i < x.length; i++) codes[i] = Math.floor(x[i]! * k + 0.5);
}

/**
 * Rounds a note to 16 bits at `scale` into `codes` and returns its K-weighted energy (Σ of squares through the
 * BS.1770 filters from rest): what the note bank keeps of a note and what the stem balance measures of it.
 */
export function quantiseWithEnergy(x: Float32Array, scale: number, codes: Int16Array, sampleRate: number): number {
  const k = 1 / scale;
  const wasm = wasmKernels();
  if (!wasm) {
    quantiseJs(x, k, codes);
    return Biquad.cascadeEnergy(kShelf(sampleRate), kHighpass(sampleRate), x);
  }
  return stagedQuantise(wasm, x, k, codes, sampleRate);
}

function stagedQuantise(wasm: WasmKernels, x: Float32Array, k: number, codes: Int16Array, sampleRate: number): number {
  const { kernels, staging } = wasm;
  const { samples, coefficients, state } = staging;
  const shelf = kShelf(sampleRate);
  const highpass = kHighpass(sampleRate);
  stageCoefficients(coefficients, [shelf, highpass]);
  state.fill(0);
  let energy = 0;
  for (let from = 0; from < x.length; from += samples.length) {
    const n = Math.min(samples.length, x.length - from);
    samples.set(x.subarray(from, from + n));
    const o = staging.codes.byteOffset;
    energy += kernels.quantiseEnergy(samples.byteOffset, n, k, o, coefficients.byteOffset, state.byteOffset);
    codes.set(staging.codes.subarray(0, n), from);
  }
  return energy;
}
