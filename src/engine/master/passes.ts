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
  /** Largest |sample| per step over every stem and channel (empty without stems). */
  stemPeaks: Float32Array;
  /** Largest |Δ²x| centred in each step, over both channels (with samplePeaks, bounds for stepPeaks). */
  curvature: Float32Array;
  loudness: KWeightedSteps;
  /** Mean per channel: of the mix, then of each stem. */
  means: { mix: [number, number]; stems: [number, number][] };
}

/**
 * out[from, to) = Σ inputs, each input's sum added to sums[j] — one loop for up to five (the roles), whose
 * independent running sums overlap rather than wait on each other.
 */
function sumBlock(out: Float32Array, xs: Float32Array[], sums: Float64Array, from: number, to: number): void {
  const zero = ZEROS;
  const a = xs[0] ?? zero;
  const b = xs[1] ?? zero;
  const c = xs[2] ?? zero;
  const d = xs[3] ?? zero;
  const e = xs[4] ?? zero;
  let sa = 0;
  let sb = 0;
  let sc = 0;
  let sd = 0;
  let se = 0;
  if (xs.length === 5) {
    for (let i = from; i < to; i++) {
      const u = a[i]!;
      const v = b[i]!;
      const w = c[i]!;
      const x = d[i]!;
      const y = e[i]!;
      sa += u;
      sb += v;
      sc += w;
      sd += x;
      se += y;
      out[i] = u + v + w + x + y;
    }
  } else {
    // fewer stems (silent ones are left out): the missing inputs read as zeros
    const at = (x: Float32Array, i: number) => (x === zero ? 0 : x[i]!);
    for (let i = from; i < to; i++) {
      const u = at(a, i);
      const v = at(b, i);
      const w = at(c, i);
      const x = at(d, i);
      const y = at(e, i);
      sa += u;
      sb += v;
      sc += w;
      sd += x;
      se += y;
      out[i] = u + v + w + x + y;
    }
  }
  const partial = [sa, sb, sc, sd, se];
  for (let j = 0; j < Math.min(5, xs.length); j++) sums[j]! += partial[j]!;
  for (let j = 5; j < xs.length; j++) {
    const x = xs[j]!;
    let s = 0;
    for (let i = from; i < to; i++) {
      s += x[i]!;
      out[i] = out[i]! + x[i]!;
    }
    sums[j]! += s;
  }
}

const ZEROS = new Float32Array(0);

/** peaks[k] = max(peaks[k], max |x| over step k) for the steps in [from, to) (from a multiple of STEP). */
function stepMaxima(x: Float32Array, from: number, to: number, peaks: Float32Array): void {
  for (let start = from; start < to; start += STEP) {
    const end = Math.min(to, start + STEP);
    const k = (start / STEP) | 0;
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

/** Σ x[from, to), in two interleaved running sums. */
function sumOf(x: Float32Array, from: number, to: number): number {
  let s0 = 0;
  let s1 = 0;
  let i = from;
  for (; i + 1 < to; i += 2) {
    s0 += x[i]!;
    s1 += x[i + 1]!;
  }
  return i < to ? s0 + s1 + x[i]! : s0 + s1;
}

const channel = (b: StereoBuffer, c: number) => (c === 0 ? b.left : b.right);

/** Pass one: the mix (summed from `stems` unless there are none) and what mastering measures on it. */
export function analyse(mix: StereoBuffer, stems: StereoBuffer[], length: number): Analysis {
  const steps = Math.ceil(length / STEP);
  const samplePeaks = new Float32Array(steps);
  const stemPeaks = new Float32Array(stems.length > 0 ? steps : 0);
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
        // while the block is still in cache: each stem's own peaks (a stem can peak above the mix)
        for (const s of stems) stepMaxima(channel(s, c), from, to, stemPeaks);
      }
      // sample peaks, sum (DC) and second differences centred on samples whose neighbours are final
      // ([from − 1, to − 1): the last one waits for the next block), in one read of the block
      stepMaxima(out, from, to, samplePeaks);
      // the mix's sum is its stems' sum; a given mix is summed here
      if (stems.length === 0) mixSums[c]! += sumOf(out, from, to);
      const first = Math.max(1, from - 1);
      let a = out[first - 1]!;
      let b = out[first]!;
      for (let at = first; at < to - 1; ) {
        const k = Math.floor(at / STEP);
        const end = Math.min(to - 1, (k + 1) * STEP);
        // two running maxima, so neither waits on the other
        let m0 = curvature[k]!;
        let m1 = 0;
        let j = at;
        for (; j + 1 < end; j += 2) {
          const n1 = out[j + 1]!;
          const n2 = out[j + 2]!;
          m0 = Math.max(m0, Math.abs(a - 2 * b + n1));
          m1 = Math.max(m1, Math.abs(b - 2 * n1 + n2));
          a = n1;
          b = n2;
        }
        if (j < end) {
          const n1 = out[j + 1]!;
          m0 = Math.max(m0, Math.abs(a - 2 * b + n1));
          a = b;
          b = n1;
        }
        curvature[k] = Math.max(m0, m1);
        at = end;
      }
    }
    loudness.add(mix.left, mix.right, from, to);
  }
  for (let c = 0; c < 2; c++) for (const sum of stemSums[c]!) mixSums[c]! += sum;
  const mean = (sum: number) => (length > 0 ? sum / length : 0);
  return {
    samplePeaks,
    stemPeaks,
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
  const loudness = new KWeightedSteps(length, mix.sampleRate, STEP, false);
  for (let from = 0; from < length; from += BLOCK) {
    const to = Math.min(length, from + BLOCK);
    for (let c = 0; c < 2; c++) {
      const out = channel(mix, c);
      applyCurve(out, curve, offsets.mix[c], from, to);
      stems.forEach((s, j) => {
        applyCurve(channel(s, c), curve, offsets.stems[j]![c], from, to);
      });
      stepMaxima(out, from, to, peaks);
    }
    loudness.add(mix.left, mix.right, from, to);
  }
  return { peaks, loudness };
}
