/**
 * Measures a pre-master mix for mastering as it streams past, block by block: per step, the mix's sample peak
 * and curvature (together they bound its true peak, see true-peak.ts), every stem's sample peak, the
 * K-weighted loudness moments, and each input's sum (its DC offset).
 *
 * Render workers measure their own time windows into shared arrays while they render, so mastering need not
 * read the audio before it knows its gains. A window's analyser starts early (`recordFrom` later than the
 * first sample fed) so its filters arrive in the state one unsplit measure would have. Two things are left
 * to the caller once every window is done (`mergeAnalysers`): the sums, and the curvature centred on the
 * last sample before each join, which needs a sample of each window (a window's own rendering of the
 * samples before it differs from its neighbour's by rounding).
 */
import type { PremixAnalysis, Role } from "../types.js";
import { inArena, STAGING, stepsBegun, wasmKernels } from "./kernels.js";
import { KWeightedSteps, kMomentArrays } from "./loudness.js";

/** Samples per analysis step: the master's gain curves have one knot per step. */
export const ANALYSIS_STEP = 32;

/** Zeroed measures of a mix of `length` samples and its stems; in shared memory when `shared`. */
export function premixAnalysis(length: number, sampleRate: number, stemRoles: Role[], shared = false): PremixAnalysis {
  const step = ANALYSIS_STEP;
  const steps = Math.ceil(length / step);
  const f32 = (n: number) => new Float32Array(shared ? new SharedArrayBuffer(4 * n) : new ArrayBuffer(4 * n));
  return {
    step,
    samplePeaks: f32(steps),
    stemPeaks: f32(stemRoles.length > 0 ? steps : 0),
    curvature: f32(steps),
    loudness: kMomentArrays(length, sampleRate, step, true, shared),
    sums: new Float64Array(2 + 2 * stemRoles.length),
    stemRoles: [...stemRoles],
  };
}

/** One stem's block: left and right, read like the mix (index i − base). */
export type StemBlock = readonly [Float32Array, Float32Array];

export class MixAnalyser {
  readonly loudness: KWeightedSteps;
  /** Σ samples measured (recorded range only), laid out as PremixAnalysis.sums. */
  readonly sums: Float64Array;
  /**
   * The last two samples seen (the curvature needs a sample either side): the one before the last as a (left,
   * right) pair, then the last, as the kernel keeps them.
   */
  private readonly last = new Float64Array(4);

  constructor(
    readonly data: PremixAnalysis,
    length: number,
    sampleRate: number,
    /** First sample recorded (a multiple of the step); samples before it only prime the filters and curvature. */
    private readonly recordFrom = 0,
  ) {
    this.loudness = new KWeightedSteps(length, sampleRate, data.step, true, data.loudness);
    this.sums = new Float64Array(data.sums.length);
  }

  /**
   * Samples [from, to) of the mix and of each stem (in `data.stemRoles` order; undefined for a silent one),
   * read at index i − base. `from` is a multiple of the step; blocks come in order, without gaps.
   */
  add(
    mixL: Float32Array,
    mixR: Float32Array,
    stems: readonly (StemBlock | undefined)[],
    from: number,
    to: number,
    base = 0,
  ): void {
    this.loudness.add(mixL, mixR, from, to, base, this.recordFrom);
    // a render window's blocks (in the arena, wholly recorded, past the piece's start) go through the kernel
    if (!(from > this.recordFrom && from === base && this.addMixStereoKernel(mixL, mixR, from, to))) {
      this.addMix(mixL, 0, from, to, base);
      this.addMix(mixR, 1, from, to, base);
    }
    const step = this.data.step;
    const peaks = this.data.stemPeaks;
    const start0 = Math.max(from, this.recordFrom);
    for (let j = 0; j < stems.length; j++) {
      const stem = stems[j];
      if (!stem) continue;
      for (let c = 0; c < 2; c++) {
        const x = stem[c]!;
        let sum = 0;
        for (let start = start0; start < to; start += step) {
          const end = Math.min(to, start + step);
          const k = start / step;
          let peak = peaks[k]!;
          for (let i = start; i < end; i++) {
            const v = x[i - base]!;
            sum += v;
            const a = Math.abs(v);
            if (a > peak) peak = a;
          }
          peaks[k] = peak;
        }
        this.sums[2 + 2 * j + c]! += sum;
      }
    }
  }

  /**
   * Stems measured elsewhere (as they were written): `peaks` per step of the block [from, to) over every stem,
   * `sums` two per stem slot. A block is recorded whole or not at all (`from` ≥ recordFrom or `to` ≤ it).
   */
  addStemMeasures(peaks: Float32Array, sums: Float64Array, from: number, to: number): void {
    if (from < this.recordFrom) {
      if (to > this.recordFrom) throw new Error("a stem block must not straddle the first recorded sample");
      return;
    }
    const step = this.data.step;
    const stemPeaks = this.data.stemPeaks;
    for (let start = from, j = 0; start < to; start += step, j++) {
      const k = start / step;
      if (peaks[j]! > stemPeaks[k]!) stemPeaks[k] = peaks[j]!;
    }
    for (let j = 0; j < sums.length && 2 + j < this.sums.length; j++) this.sums[2 + j]! += sums[j]!;
  }

  /**
   * addMix for both channels through the kernel (wasm/kernels.ts mixStatsStereo: each lane this arithmetic, so the
   * same measures); false where it cannot run (not in the arena, a block too long for the staging).
   */
  private addMixStereoKernel(l: Float32Array, r: Float32Array, from: number, to: number): boolean {
    const wasm = wasmKernels();
    const { step, samplePeaks, curvature } = this.data;
    const n = to - from;
    if (!wasm || n > STAGING.samples || step < STAGING.minStep || !inArena(l, r)) return false;
    const stats = wasm.staging.mixStatsStereo;
    const steps = stepsBegun(n, step);
    // [a, b | peaks per step | bend before the block, bends per step | sums], each a (left, right) pair
    const bends = 4 + 2 * steps;
    const sums = bends + 2 * (steps + 1);
    stats.set(this.last);
    const at = stats.byteOffset;
    wasm.kernels.mixStatsStereo(l.byteOffset, r.byteOffset, n, step, at, at + 32, at + 8 * bends, at + 8 * sums);
    this.last.set(stats.subarray(0, 4));
    this.sums[0]! += stats[sums]!;
    this.sums[1]! += stats[sums + 1]!;
    const k0 = from / step;
    for (let c = 0; c < 2; c++) {
      if (stats[bends + c]! > curvature[k0 - 1]!) curvature[k0 - 1] = stats[bends + c]!;
      for (let j = 0; j < steps; j++) {
        const peak = stats[4 + 2 * j + c]!;
        const bend = stats[bends + 2 * (1 + j) + c]!;
        if (peak > samplePeaks[k0 + j]!) samplePeaks[k0 + j] = peak;
        if (bend > curvature[k0 + j]!) curvature[k0 + j] = bend;
      }
    }
    return true;
  }

  /** One channel of the mix: step peaks, sums, and curvatures centred on [1, last sample) — each needs its right neighbour. */
  private addMix(x: Float32Array, c: number, from: number, to: number, base: number): void {
    const { step, samplePeaks, curvature } = this.data;
    const recordFrom = this.recordFrom;
    let a = this.last[c]!;
    let b = this.last[2 + c]!;
    let sum = 0;
    for (let start = from; start < to; start += step) {
      const end = Math.min(to, start + step);
      const k = start / step;
      // this step's first sample completes the curvature centred on the sample before it
      const first = x[start - base]!;
      const centre = start - 1;
      if (centre >= 1 && centre >= recordFrom)
        curvature[k - 1] = Math.max(curvature[k - 1]!, Math.abs(a - 2 * b + first));
      a = b;
      b = first;
      let i = start + 1;
      if (start < recordFrom) {
        if (end - start >= 2) {
          a = x[end - 2 - base]!;
          b = x[end - 1 - base]!;
        }
        continue;
      }
      let peak = Math.abs(first);
      sum += first;
      // the curvature centred on sample 0 has no left neighbour (Math.abs, not a sign test: audio's signs are
      // a coin toss to the branch predictor)
      if (start === 0 && i < end) {
        const v = x[i - base]!;
        peak = Math.max(peak, Math.abs(v));
        sum += v;
        a = b;
        b = v;
        i++;
      }
      let bend = curvature[k]!;
      for (; i < end; i++) {
        const v = x[i - base]!;
        sum += v;
        const av = Math.abs(v);
        if (av > peak) peak = av;
        const d = Math.abs(a - 2 * b + v);
        if (d > bend) bend = d;
        a = b;
        b = v;
      }
      curvature[k] = bend;
      if (peak > samplePeaks[k]!) samplePeaks[k] = peak;
    }
    this.sums[c]! += sum;
    this.last[c] = a;
    this.last[2 + c] = b;
  }
}

/**
 * Completes measures taken in consecutive windows: adds each analyser's sums, and the curvature centred on the
 * last sample before each window's `recordFrom`, read from the finished mix.
 */
export function mergeAnalysers(
  data: PremixAnalysis,
  parts: readonly { recordFrom: number; sums: ArrayLike<number> }[],
  mix: { left: Float32Array; right: Float32Array },
): void {
  for (const p of parts) {
    for (let j = 0; j < data.sums.length; j++) data.sums[j]! += p.sums[j] ?? 0;
    const centre = p.recordFrom - 1;
    if (centre < 1 || centre + 1 >= mix.left.length) continue;
    const k = Math.floor(centre / data.step);
    for (const x of [mix.left, mix.right]) {
      const bend = Math.abs(x[centre - 1]! - 2 * x[centre]! + x[centre + 1]!);
      if (bend > data.curvature[k]!) data.curvature[k] = bend;
    }
  }
}

/** Zeroes the measures of samples [from, to) (both multiples of the step, or `to` the end): to measure them again. */
export function clearAnalysis(data: PremixAnalysis, from: number, to: number, sampleRate: number): void {
  const a = from / data.step;
  const b = Math.ceil(to / data.step);
  for (const x of [
    data.samplePeaks,
    data.stemPeaks,
    data.curvature,
    data.loudness.m0,
    data.loudness.m1,
    data.loudness.m2,
  ]) {
    if (x.length > 0) x.fill(0, a, b);
  }
  // a hop boundary's split part was added by the window holding the boundary's step
  const hop = Math.round(sampleRate * 0.1);
  for (let h = Math.ceil(from / hop); h * hop < to; h++) {
    const at = Math.floor((h * hop) / data.step) * data.step;
    if (at >= from && 3 * h + 2 < data.loudness.split.length) data.loudness.split.fill(0, 3 * h, 3 * h + 3);
  }
}
