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

/**
 * x[i] = (x[i] − offset) · gain over samples [from, to), the gain interpolated linearly between gains[k], which
 * sits at sample k·step (the last one held); `from` a multiple of the step. With `peaks`, each step's largest
 * |sample| after the gain raises peaks[k].
 */
export function applyGainCurve(
  x: Float32Array,
  gains: Float32Array,
  step: number,
  offset: number,
  from: number,
  to: number,
  peaks?: Float32Array,
): void {
  const wasm = wasmKernels();
  const chunk = STAGING.samples;
  if (!wasm || step < STAGING.minStep || step % 4 !== 0 || chunk % step !== 0) {
    applyCurveJs(x, gains, step, offset, from, to);
    if (peaks) stepMaximaJs(x, step, from, to, peaks);
    return;
  }
  const { kernels, staging } = wasm;
  const { samples, curve } = staging;
  const last = gains.length - 1;
  for (let start = from; start < to; start += chunk) {
    const n = Math.min(chunk, to - start);
    const k0 = start / step;
    const begun = Math.ceil(n / step);
    // the knots of the steps begun and the one after (the last knot held)
    if (k0 + begun <= last) curve.set(gains.subarray(k0, k0 + begun + 1));
    else for (let j = 0; j <= begun; j++) curve[j] = gains[Math.min(k0 + j, last)]!;
    samples.set(x.subarray(start, start + n));
    kernels.applyCurve(samples.byteOffset, n, curve.byteOffset, step, offset);
    if (peaks) {
      staging.peaks.set(peaks.subarray(k0, k0 + begun));
      kernels.stepMaxima(samples.byteOffset, n, staging.peaks.byteOffset, step);
      peaks.set(staging.peaks.subarray(0, begun), k0);
    }
    x.set(samples.subarray(0, n), start);
  }
}

function applyCurveJs(x: Float32Array, gains: Float32Array, step: number, offset: number, from: number, to: number) {
  const last = gains.length - 1;
  for (let start = from; start < to; start += step) {
    const k = (start / step) | 0;
    const g0 = gains[k]!;
    const d = ((k < last ? gains[k + 1]! : g0) - g0) / step;
    const end = Math.min(start + step, to);
    let g = g0;
    for (let i = start; i < end; i++) {
      x[i] = (x[i]! - offset) * g;
      g += d;
    }
  }
}

/** peaks[k] = max(peaks[k], max |x| over step k) for the steps in [from, to) (from a multiple of the step). */
function stepMaximaJs(x: Float32Array, step: number, from: number, to: number, peaks: Float32Array): void {
  for (let start = from; start < to; start += step) {
    const end = Math.min(to, start + step);
    const k = (start / step) | 0;
    // two running maxima, so neither waits on the other
    let m0 = peaks[k]!;
    let m1 = 0;
    let i = start;
    for (; i + 1 < end; i += 2) {
      m0 = Math.max(m0, Math.abs(x[i]!));
      m1 = Math.max(m1, Math.abs(x[i + 1]!));
    }
    if (i < end) m0 = Math.max(m0, Math.abs(x[i]!));
    peaks[k] = Math.max(m0, m1);
  }
}
