/**
 * The two passes over the audio that mastering needs, block by block so each block is still in cache for
 * everything done to it (on long pieces with stems, memory traffic, not arithmetic, is the cost):
 *
 *   analyse:  Σ stems → mix, with each input's sum (DC), the step sample peaks and curvatures (the true-peak
 *             bounds) and the K-weighted step energies
 *   finish:   (stem − DC) · gain curve for every stem, the mix rebuilt as their sum (or the given mix scaled in
 *             place), and the finished mix's step sample peaks and K-weighted energies
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

/** out[from, to) = Σ inputs (or += when `add`), each input's sum added to sums[j]. */
function sumBlock(out: Float32Array, xs: Float32Array[], sums: Float64Array, from: number, to: number): void {
  let j = 0;
  for (; j + 1 < xs.length; j += 2) {
    const a = xs[j]!;
    const b = xs[j + 1]!;
    let sa = 0;
    let sb = 0;
    if (j === 0) {
      for (let i = from; i < to; i++) {
        const u = a[i]!;
        const v = b[i]!;
        sa += u;
        sb += v;
        out[i] = u + v;
      }
    } else {
      for (let i = from; i < to; i++) {
        const u = a[i]!;
        const v = b[i]!;
        sa += u;
        sb += v;
        out[i] = out[i]! + u + v;
      }
    }
    sums[j]! += sa;
    sums[j + 1]! += sb;
  }
  if (j < xs.length) {
    const a = xs[j]!;
    let sa = 0;
    if (j === 0) {
      for (let i = from; i < to; i++) {
        const u = a[i]!;
        sa += u;
        out[i] = u;
      }
    } else {
      for (let i = from; i < to; i++) {
        const u = a[i]!;
        sa += u;
        out[i] = out[i]! + u;
      }
    }
    sums[j]! += sa;
  }
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
        sumBlock(
          out,
          stems.map((s) => channel(s, c)),
          stemSums[c]!,
          from,
          to,
        );
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
 * Pass two: every stem becomes (stem − its offset) · curve and the mix their sum, so they null exactly;
 * with no stems the mix itself is scaled. Returns the finished mix's largest |sample| per step (both channels)
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
  const scratch = new Float64Array(stems.length);
  for (let from = 0; from < length; from += BLOCK) {
    const to = Math.min(length, from + BLOCK);
    for (let c = 0; c < 2; c++) {
      const out = channel(mix, c);
      if (stems.length === 0) applyCurve(out, curve, offsets.mix[c], from, to);
      else {
        stems.forEach((s, j) => {
          applyCurve(channel(s, c), curve, offsets.stems[j]![c], from, to);
        });
        sumBlock(
          out,
          stems.map((s) => channel(s, c)),
          scratch,
          from,
          to,
        );
      }
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
