/**
 * Passes over a whole signal outside the arena (the master's mix and stems) that run through the WebAssembly
 * kernels in chunks via the thread's staging buffers (dsp/kernels.ts), or through their JavaScript twins where
 * the kernels cannot run.
 *
 *   signal ─▶ chunk ─▶ staging ─▶ kernel (gain curve, step peaks) ─▶ back
 */
import { STAGING, stepsBegun, wasmKernels } from "./kernels.js";
import type { StepBounds } from "./true-peak.js";

/**
 * x[i] = (x[i] − offset) · gain over samples [from, to), the gain interpolated linearly between gains[k], which
 * sits at sample k·step (the last one held); `from` a multiple of the step. With `peaks`, each step's largest
 * |sample| after the gain raises peaks[k]. Returns the largest |sample| after the gain (a NaN passed over).
 */
export function applyGainCurve(
  x: Float32Array,
  gains: Float32Array,
  step: number,
  offset: number,
  from: number,
  to: number,
  peaks?: Float32Array,
): number {
  const wasm = wasmKernels();
  const chunk = STAGING.samples;
  if (!wasm || step < STAGING.minStep || step % 4 !== 0 || chunk % step !== 0) {
    applyCurveJs(x, gains, step, offset, from, to);
    if (peaks) stepMaximaJs(x, step, from, to, peaks);
    return magnitudePeak(x, from, to);
  }
  const { kernels, staging } = wasm;
  const { samples, curve } = staging;
  const last = gains.length - 1;
  let peak = 0;
  for (let start = from; start < to; start += chunk) {
    const n = Math.min(chunk, to - start);
    const k0 = start / step;
    const begun = stepsBegun(n, step);
    // the knots of the steps begun and the one after, the last knot held past the curve's end (the same two
    // calls in every chunk: a branch only the last one took had no type feedback, and deoptimised there)
    const end = Math.min(k0 + begun, last);
    curve.set(gains.subarray(k0, end + 1));
    curve.fill(gains[last]!, end - k0 + 1, begun + 1);
    samples.set(x.subarray(start, start + n));
    const top = kernels.applyCurve(samples.byteOffset, n, curve.byteOffset, step, offset);
    if (top > peak) peak = top;
    if (peaks) {
      staging.peaks.set(peaks.subarray(k0, k0 + begun));
      kernels.stepMaxima(samples.byteOffset, n, staging.peaks.byteOffset, step);
      peaks.set(staging.peaks.subarray(0, begun), k0);
    }
    x.set(samples.subarray(0, n), start);
  }
  return peak;
}

/** The largest |x[i]| over [from, to), a NaN passed over (as the kernel's peakOf). */
export function magnitudePeak(x: Float32Array, from = 0, to = x.length): number {
  let peak = 0;
  for (let i = from; i < to; i++) {
    const a = Math.abs(x[i]!);
    if (a > peak) peak = a;
  }
  return peak;
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

/**
 * peaks[k] = max(peaks[k], max |x| over step k) for the steps in [from, to) (from a multiple of the step). A NaN
 * sample is passed over, as the kernel (stepMaxima) passes over it.
 */
function stepMaximaJs(x: Float32Array, step: number, from: number, to: number, peaks: Float32Array): void {
  for (let start = from; start < to; start += step) {
    const end = Math.min(to, start + step);
    const k = (start / step) | 0;
    // two running maxima, so neither waits on the other
    let m0 = peaks[k]!;
    let m1 = 0;
    let i = start;
    for (; i + 1 < end; i += 2) {
      const a = Math.abs(x[i]!);
      const b = Math.abs(x[i + 1]!);
      if (a > m0) m0 = a;
      if (b > m1) m1 = b;
    }
    if (i < end) {
      const a = Math.abs(x[i]!);
      if (a > m0) m0 = a;
    }
    if (m1 > m0) m0 = m1;
    peaks[k] = m0;
  }
}

/** A channel another thread finishes: its samples (in shared memory) become (x − offset) · curve. */
export interface CurveChannel {
  samples: Float32Array;
  offset: number;
}

/**
 * Threads that apply a gain curve (applyGainCurve over the whole channel, the same arithmetic) to channels in
 * shared memory while the caller works on others — the master's stems while it finishes the mix itself — and,
 * where they can, search one channel's true peaks while the caller searches the other.
 */
export interface CurveHelpers {
  /**
   * Starts `curve` on `channels`; the returned function applies it to the channels no helper has claimed yet,
   * then blocks until every channel is done (and throws if a helper failed), and returns each channel's largest
   * |sample| once finished. Undefined when there is nothing to do, a channel is outside shared memory, or no
   * thread is free: the caller applies the curve itself.
   */
  start(channels: readonly CurveChannel[], curve: Float32Array, step: number): (() => Float32Array) | undefined;
  /**
   * Starts true-peak's stepPeaks on another thread (every array in shared memory), over all of `samples`'
   * steps into a zeroed array of its own; the returned function waits for it and returns that array, or
   * undefined if the thread failed (the caller then measures the channel itself). Undefined when no thread is
   * free or an array is not shared.
   */
  stepPeaks?(job: StepPeaksJob): (() => Float32Array | undefined) | undefined;
}

/** A channel's true-peak step search (dsp/true-peak.ts stepPeaks with a hint), as a helper runs it. */
export interface StepPeaksJob {
  samples: Float32Array;
  step: number;
  /** One threshold, or one per step. */
  threshold: number | Float32Array;
  hint: StepBounds;
}

/**
 * A curve job's shared counters (CurveHelpers): channels claimed, channels finished, whether a thread failed;
 * then, from `peaks` on, each finished channel's largest |sample| (a float32 per channel).
 */
export const CURVE_SYNC = { claimed: 0, done: 1, failed: 2, peaks: 3, length: 3 } as const;

/** The shared words of a curve job over `channels` channels: its counters and its channels' peaks. */
export function curveSync(channels: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4 * (CURVE_SYNC.length + channels)));
}

/** The finished channels' peaks in a curve job's shared words. */
export function curvePeaks(sync: Int32Array, channels: number): Float32Array {
  return new Float32Array(sync.buffer, sync.byteOffset + 4 * CURVE_SYNC.peaks, channels);
}

/** The largest value of a peaks array (0 when empty). */
export function largest(peaks: Float32Array): number {
  let m = 0;
  for (let k = 0; k < peaks.length; k++) m = Math.max(m, peaks[k]!);
  return m;
}

/**
 * Claims channels from `sync` until none is left, applying the curve to each; returns how many it took. Each
 * thread of a job (the helpers, and the one that waits for them) runs it, so the channels go to whoever is free.
 */
export function claimChannels(
  channels: readonly CurveChannel[],
  curve: Float32Array,
  step: number,
  sync: Int32Array,
): number {
  let taken = 0;
  const finishedPeaks = curvePeaks(sync, channels.length);
  for (
    let j = Atomics.add(sync, CURVE_SYNC.claimed, 1);
    j < channels.length;
    j = Atomics.add(sync, CURVE_SYNC.claimed, 1)
  ) {
    const { samples, offset } = channels[j]!;
    try {
      // its peak as it is finished: the master then need not read it again to check the stems' ceiling
      finishedPeaks[j] = applyGainCurve(samples, curve, step, offset, 0, samples.length);
    } catch (e) {
      Atomics.store(sync, CURVE_SYNC.failed, 1);
      throw e;
    } finally {
      Atomics.add(sync, CURVE_SYNC.done, 1);
      Atomics.notify(sync, CURVE_SYNC.done);
    }
    taken++;
  }
  return taken;
}

/** Whether another thread can see `x` (its memory is shared). */
export const isShared = (x: Float32Array): boolean => x.buffer instanceof SharedArrayBuffer;
