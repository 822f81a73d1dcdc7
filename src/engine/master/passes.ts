/**
 * The two passes over the audio that mastering needs, block by block so each block is still in cache for
 * everything done to it (on long pieces with stems, memory traffic, not arithmetic, is the cost):
 *
 *   analyse:  Σ stems → mix, with each input's sum (DC), the step sample peaks and curvatures (the true-peak
 *             bounds) and the K-weighted step energies
 *   finish:   (signal − DC) · gain curve for the mix and every stem, and the finished mix's step sample peaks
 *             and K-weighted energies
 */
import { KWeightedSteps } from "../dsp/loudness.js";
import type { StereoBuffer } from "../types.js";
import { applyCurve, STEP } from "./gain-curves.js";

/** Samples per block: a multiple of STEP; a block of every stem fits in the cache. */
const BLOCK = STEP * 256;

export interface Analysis {
  /** Largest |sample| per step over both channels (the glue detector's input). */
  samplePeaks: Float32Array;
  /** Largest |Δ²x| centred in each step, over both channels (with samplePeaks, bounds for stepPeaks). */
  curvature: Float32Array;
  loudness: KWeightedSteps;
  /** Mean per channel: of the mix, then of each stem. */
  means: { mix: [number, number]; stems: [number, number][] };
}

/** out[from, to) = Σ inputs (one loop for up to five: the roles). */
function sumBlock(out: Float32Array, xs: Float32Array[], from: number, to: number): void {
  const [a, b, c, d, e] = xs;
  if (a && b && c && d && e && xs.length === 5) {
    for (let i = from; i < to; i++) out[i] = a[i]! + b[i]! + c[i]! + d[i]! + e[i]!;
  } else if (a && b && c && d && xs.length === 4) {
    for (let i = from; i < to; i++) out[i] = a[i]! + b[i]! + c[i]! + d[i]!;
  } else if (a && b && c && xs.length === 3) {
    for (let i = from; i < to; i++) out[i] = a[i]! + b[i]! + c[i]!;
  } else if (a && b && xs.length === 2) {
    for (let i = from; i < to; i++) out[i] = a[i]! + b[i]!;
  } else if (a && xs.length === 1) {
    out.set(a.subarray(from, to), from);
  } else {
    out.fill(0, from, to);
    for (const x of xs) for (let i = from; i < to; i++) out[i] = out[i]! + x[i]!;
  }
}

/** Σ x[from, to). */
function sumOf(x: Float32Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += x[i]!;
  return sum;
}

const channel = (b: StereoBuffer, c: number) => (c === 0 ? b.left : b.right);

/** Pass one: the mix (summed from `stems` unless there are none) and what mastering measures on it. */
export function analyse(mix: StereoBuffer, stems: StereoBuffer[], length: number): Analysis {
  const steps = Math.ceil(length / STEP);
  const samplePeaks = new Float32Array(steps);
  const curvature = new Float32Array(steps);
  const loudness = new KWeightedSteps(length, mix.sampleRate, STEP);
  const mixSums = [0, 0];
  const stemSums = [new Float64Array(stems.length), new Float64Array(stems.length)];
  for (let from = 0; from < length; from += BLOCK) {
    const to = Math.min(length, from + BLOCK);
    for (let c = 0; c < 2; c++) {
      const out = channel(mix, c);
      if (stems.length > 0) {
        const xs = stems.map((s) => channel(s, c));
        sumBlock(out, xs, from, to);
        xs.forEach((x, j) => {
          stemSums[c]![j]! += sumOf(x, from, to);
        });
      }
      // sample peaks, sum (DC) and second differences centred on samples whose neighbours are final
      // ([from − 1, to − 1): the last one waits for the next block), in one read of the block
      let sum = 0;
      for (let start = from; start < to; start += STEP) {
        const end = Math.min(to, start + STEP);
        const k = start / STEP;
        let peak = samplePeaks[k]!;
        for (let i = start; i < end; i++) {
          const v = out[i]!;
          sum += v;
          peak = Math.max(peak, Math.abs(v));
        }
        samplePeaks[k] = peak;
      }
      mixSums[c]! += sum;
      const first = Math.max(1, from - 1);
      let a = out[first - 1]!;
      let b = out[first]!;
      for (let at = first; at < to - 1; ) {
        const k = Math.floor(at / STEP);
        const end = Math.min(to - 1, (k + 1) * STEP);
        let m = curvature[k]!;
        for (let j = at; j < end; j++) {
          const next = out[j + 1]!;
          m = Math.max(m, Math.abs(a - 2 * b + next));
          a = b;
          b = next;
        }
        curvature[k] = m;
        at = end;
      }
    }
    loudness.add(mix.left, mix.right, from, to);
  }
  const mean = (sum: number) => (length > 0 ? sum / length : 0);
  return {
    samplePeaks,
    curvature,
    loudness,
    means: {
      mix: [mean(mixSums[0]!), mean(mixSums[1]!)],
      stems: stems.map((_, j) => [mean(stemSums[0]![j]!), mean(stemSums[1]![j]!)] as [number, number]),
    },
  };
}

/**
 * Pass two: the mix and every stem become (signal − its offset) · curve — the same gains on signals that
 * sum, with offsets that sum, so the stems still null against the mix (to Float32 rounding). Returns the finished mix's largest |sample| per step (both channels)
 * and its K-weighted energies (the gain curve does not commute with the K filter's memory closely enough to
 * derive the finished loudness from the first pass: fast limiter moves shift it by up to ~0.02 LU).
 */
export function finish(
  mix: StereoBuffer,
  stems: StereoBuffer[],
  offsets: { mix: [number, number]; stems: [number, number][] },
  curve: Float32Array,
  length: number,
): { peaks: Float32Array; loudness: KWeightedSteps } {
  const peaks = new Float32Array(Math.ceil(length / STEP));
  const loudness = new KWeightedSteps(length, mix.sampleRate, STEP);
  for (let from = 0; from < length; from += BLOCK) {
    const to = Math.min(length, from + BLOCK);
    for (let c = 0; c < 2; c++) {
      const out = channel(mix, c);
      applyCurve(out, curve, offsets.mix[c], from, to);
      stems.forEach((s, j) => {
        applyCurve(channel(s, c), curve, offsets.stems[j]![c], from, to);
      });
      for (let start = from; start < to; start += STEP) {
        const end = Math.min(to, start + STEP);
        const k = start / STEP;
        let m = peaks[k]!;
        for (let i = start; i < end; i++) m = Math.max(m, Math.abs(out[i]!));
        peaks[k] = m;
      }
    }
    loudness.add(mix.left, mix.right, from, to);
  }
  return { peaks, loudness };
}
