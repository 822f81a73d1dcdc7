/**
 * True peak per ITU-R BS.1770-4 Annex 2: 4× oversampling by a windowed-sinc interpolator (32 taps per phase,
 * Kaiser window β = 8, passband to ~0.97 Nyquist). Longer than the Annex's 12-tap example so that bright
 * material near Nyquist is not under-read: ffmpeg's ebur128 (swresample, 32-tap sinc) reads it that way, the maximum absolute value over the original and the three interpolated phases.
 * Windows whose largest sample times the filter's absolute tap sum cannot reach the threshold are skipped,
 * which keeps the measure cheap on quiet material while exact where it matters.
 */

import type { StereoBuffer } from "../types.js";
import { besselI0 } from "./kaiser.js";
import { magnitudePeak } from "./signal-passes.js";
import { stepPeaksThroughKernel, type TruePeakTaps } from "./true-peak-kernel.js";

export const OVERSAMPLE = 4;
const HALF_TAPS = 16;
const TAPS = 2 * HALF_TAPS;

/** PHASES[p][t] multiplies x[n - HALF_TAPS + 1 + t] to give the value at n + p/4 (p = 1..3). */
const PHASES: Float64Array[] = (() => {
  const beta = 8;
  const phases: Float64Array[] = [];
  for (let p = 1; p < OVERSAMPLE; p++) {
    const frac = p / OVERSAMPLE;
    const taps = new Float64Array(TAPS);
    let sum = 0;
    for (let t = 0; t < TAPS; t++) {
      const x = t - (HALF_TAPS - 1) - frac; // distance from the interpolation point
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const r = x / HALF_TAPS;
      const w = Math.abs(r) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - r * r)) / besselI0(beta);
      taps[t] = sinc * w;
      sum += taps[t]!;
    }
    for (let t = 0; t < TAPS; t++) taps[t]! /= sum;
    phases.push(taps);
  }
  return phases;
})();

/** Upper bound of |interpolated| / max|x| over the taps. */
const TAP_GAIN = Math.max(...PHASES.map((ph) => ph.reduce((a, b) => a + Math.abs(b), 0)));

/**
 * The taps folded by symmetry: phase 2 is symmetric and phase 3 is phase 1 reversed, so with s = x[t] + x[31−t]
 * and d = x[t] − x[31−t] the three phases need 16 multiply-adds each on s (phase 2, even part of phase 1) and
 * d (odd part of phase 1): phase 1 = even + odd, phase 3 = even − odd.
 */
const FOLDED = (() => {
  const p1 = PHASES[0]!;
  const p2 = PHASES[1]!;
  const c = new Float64Array(3 * HALF_TAPS);
  for (let t = 0; t < HALF_TAPS; t++) {
    c[3 * t] = p2[t]!;
    c[3 * t + 1] = (p1[t]! + p1[TAPS - 1 - t]!) / 2;
    c[3 * t + 2] = (p1[t]! - p1[TAPS - 1 - t]!) / 2;
  }
  return c;
})();

/**
 * A bound from curvature, far tighter than TAP_GAIN on the low-frequency material that carries most peaks.
 * Each phase minus linear interpolation annihilates constants and ramps, so summing by parts twice turns it
 * into weights C2 on second differences Δ²x (plus a vanishing remainder on the window's last slope and
 * sample): |interpolated| ≤ max(|x[i]|, |x[i+1]|) + CURVE_GAIN · max|Δ²x| + EDGE_GAIN · max|x| over the window.
 */
const [CURVE_GAIN, EDGE_GAIN] = (() => {
  let curve = 0;
  let edge = 0;
  PHASES.forEach((taps, index) => {
    const frac = (index + 1) / OVERSAMPLE;
    const c = Float64Array.from(taps);
    c[HALF_TAPS - 1]! -= 1 - frac;
    c[HALF_TAPS]! -= frac;
    let c1 = 0;
    let c2 = 0;
    let sum = 0;
    for (let t = 0; t < TAPS - 1; t++) {
      c1 += c[t]!;
      c2 += c1;
      if (t < TAPS - 2) sum += Math.abs(c2);
      else edge = Math.max(edge, 2 * Math.abs(c2) + Math.abs(c1 + c[TAPS - 1]!));
    }
    curve = Math.max(curve, sum);
  });
  // a little over, for rounding in the bound's own arithmetic
  return [curve * 1.0001, edge * 1.0001 + 1e-9];
})();

/** The same taps and bounds, for the kernels' twin of stepPeaks. */
export const KERNEL_TAPS: TruePeakTaps = {
  folded: FOLDED,
  phases: Float64Array.from(PHASES.flatMap((p) => [...p])),
  tapGain: TAP_GAIN,
  curveGain: CURVE_GAIN,
  edgeGain: EDGE_GAIN,
};

/** max over phases of |interpolated| between x[i] and x[i+1]; needs HALF_TAPS − 1 samples before, HALF_TAPS after. */
function interpolatedAt(x: Float32Array, i: number): number {
  const base = i - (HALF_TAPS - 1);
  const last = base + TAPS - 1;
  let a2 = 0;
  let even = 0;
  let odd = 0;
  for (let t = 0, c = 0; t < HALF_TAPS; t++, c += 3) {
    const a = x[base + t]!;
    const b = x[last - t]!;
    const s = a + b;
    a2 += FOLDED[c]! * s;
    even += FOLDED[c + 1]! * s;
    odd += FOLDED[c + 2]! * (a - b);
  }
  return Math.max(Math.abs(even + odd), Math.abs(even - odd), Math.abs(a2));
}

/** The same at the buffer's edges, where samples outside count as zero. */
function interpolatedAtEdge(x: Float32Array, i: number): number {
  const n = x.length;
  const base = i - (HALF_TAPS - 1);
  let peak = 0;
  for (const taps of PHASES) {
    let acc = 0;
    for (let t = 0; t < TAPS; t++) {
      const j = base + t;
      if (j >= 0 && j < n) acc += taps[t]! * x[j]!;
    }
    peak = Math.max(peak, Math.abs(acc));
  }
  return peak;
}

/** True peak of a stereo buffer as a linear value. */
export function truePeakLinear(buffer: StereoBuffer): number {
  const sampleMax = Math.max(magnitudePeak(buffer.left), magnitudePeak(buffer.right));
  // Only windows within the tap gain of the loudest sample can hold the true peak.
  const step = 256;
  const peaks = new Float32Array(Math.ceil(buffer.left.length / step));
  for (const ch of [buffer.left, buffer.right]) stepPeaks(ch, step, sampleMax, peaks);
  let best = sampleMax;
  for (let k = 0; k < peaks.length; k++) if (peaks[k]! > best) best = peaks[k]!;
  return best;
}

/**
 * Whether any true peak exceeds `limit` (linear), and the largest value found where one could: exact above
 * the limit's reach, the sample peak elsewhere. Much cheaper than `truePeakLinear` on limited masters.
 */
export function truePeakAbove(buffer: StereoBuffer, limit: number): number {
  const step = 256;
  const peaks = new Float32Array(Math.ceil(buffer.left.length / step));
  for (const ch of [buffer.left, buffer.right]) stepPeaks(ch, step, limit, peaks);
  let best = 0;
  for (let k = 0; k < peaks.length; k++) if (peaks[k]! > best) best = peaks[k]!;
  return best;
}

/** True peak in dBTP. */
export function truePeak(buffer: StereoBuffer): number {
  return 20 * Math.log10(Math.max(truePeakLinear(buffer), 1e-12));
}

/**
 * Largest true-peak value per step of `step` samples (the interval [step·k, step·(k+1)) at 4× resolution),
 * maxed into `out` (so both channels can share it). Exact where a peak could reach `threshold` (one number or
 * one per step); elsewhere the sample peak, which is then known to be below it. Two bounds decide where to
 * interpolate: the tap gain (from the largest sample of the step and its neighbours) and the curvature bound
 * (per sample interval), so only the intervals that could hold the step's maximum run the 32-tap interpolator.
 * Steps [fromStep, toStep) only, when given (each reads 15 samples before and 16 after its own). With a
 * `hint`, steps it shows cannot reach the threshold are skipped unread (their hinted peak is written).
 */
export function stepPeaks(
  x: Float32Array,
  step: number,
  thresholdOrPerStep: number | Float32Array | Float64Array,
  out: Float32Array,
  fromStep = 0,
  toStep = Math.ceil(x.length / step),
  hint?: StepBounds,
): void {
  if (step < HALF_TAPS) throw new RangeError(`stepPeaks needs steps of at least ${HALF_TAPS} samples`);
  // with a hint most steps are decided unread: the kernels decide them, and read the rest from staged copies
  if (hint && stepPeaksThroughKernel(x, step, thresholdOrPerStep, out, fromStep, toStep, hint, KERNEL_TAPS)) return;
  stepPeaksInJs(x, step, thresholdOrPerStep, out, fromStep, toStep, hint);
}

/** stepPeaks in JavaScript (without a hint, or where the kernels cannot run; tests compare the two). */
export function stepPeaksInJs(
  x: Float32Array,
  step: number,
  thresholdOrPerStep: number | Float32Array | Float64Array,
  out: Float32Array,
  fromStep = 0,
  toStep = Math.ceil(x.length / step),
  hint?: StepBounds,
): void {
  const perStep = typeof thresholdOrPerStep === "number" ? undefined : thresholdOrPerStep;
  const fixed = typeof thresholdOrPerStep === "number" ? thresholdOrPerStep : 0;
  const n = x.length;
  const steps = Math.ceil(n / step);
  // the window of step k lies in steps k−1..k+1: their sample maxima and curvatures, each read once
  const st = new Float64Array(2);
  let prevMax = 0;
  let prevCurve = 0;
  let hereMax = 0;
  let hereCurve = 0;
  let nextMax = 0;
  let nextCurve = 0;
  let have = -2;
  for (let k = fromStep; k < toStep; k++) {
    const threshold = perStep ? perStep[k]! : fixed;
    if (hint && !couldReach(hint, k, steps, threshold, step, n)) {
      if (hint.peaks[k]! > out[k]!) out[k] = hint.peaks[k]!;
      continue;
    }
    if (have === k - 1) {
      prevMax = hereMax;
      prevCurve = hereCurve;
      hereMax = nextMax;
      hereCurve = nextCurve;
    } else {
      if (k > 0) stepStats(x, step, k - 1, st);
      prevMax = k > 0 ? st[0]! : 0;
      prevCurve = k > 0 ? st[1]! : 0;
      stepStats(x, step, k, st);
      hereMax = st[0]!;
      hereCurve = st[1]!;
    }
    if (k + 1 < steps) stepStats(x, step, k + 1, st);
    nextMax = k + 1 < steps ? st[0]! : 0;
    nextCurve = k + 1 < steps ? st[1]! : 0;
    have = k;
    const start = k * step;
    const end = Math.min(n, start + step);
    const sampleMax = hereMax;
    const wide = Math.max(prevMax, hereMax, nextMax);
    let peak = sampleMax;
    if (wide * TAP_GAIN >= threshold) {
      const slack = CURVE_GAIN * Math.max(prevCurve, hereCurve, nextCurve) + EDGE_GAIN * wide;
      const next = end < n ? Math.abs(x[end]!) : 0;
      const atEdge = start < HALF_TAPS - 1 || end + HALF_TAPS > n;
      if (atEdge || Math.max(sampleMax, next) + slack >= threshold) {
        peak = exactPeak(x, start, end, sampleMax, Math.max(threshold, sampleMax), slack);
      }
    }
    if (peak > out[k]!) out[k] = peak;
  }
}

/**
 * Upper bounds per step of a signal, known without reading it (from an earlier pass, or derived from one):
 * |x| over the step, and |Δ²x| centred in the step. Both channels may share one set.
 */
export interface StepBounds {
  peaks: Float32Array;
  curvature?: Float32Array;
}

/** Whether step k's true peak could reach `threshold` by the hint alone (edge steps always could). */
function couldReach(hint: StepBounds, k: number, steps: number, threshold: number, step: number, n: number): boolean {
  const { peaks, curvature } = hint;
  const prev = k > 0 ? peaks[k - 1]! : 0;
  const here = peaks[k]!;
  const next = k + 1 < steps ? peaks[k + 1]! : 0;
  const wide = Math.max(prev, here, next);
  if (wide * TAP_GAIN < threshold) return false;
  if (!curvature || k * step < HALF_TAPS || (k + 1) * step + HALF_TAPS > n) return true;
  const curve = Math.max(k > 0 ? curvature[k - 1]! : 0, curvature[k]!, k + 1 < steps ? curvature[k + 1]! : 0);
  return Math.max(here, next) + CURVE_GAIN * curve + EDGE_GAIN * wide >= threshold;
}

/** st[0] = max |x| over step k, st[1] = max |Δ²x| centred there (centres 1..n−2 only), in one read. */
function stepStats(x: Float32Array, step: number, k: number, st: Float64Array): void {
  const n = x.length;
  const start = k * step;
  const end = Math.min(n, start + step);
  let m = 0;
  let c = 0;
  // branch-free max (data-dependent branches mispredict on audio)
  if (start > 0 && end < n) {
    let a = x[start - 1]!;
    let b = x[start]!;
    for (let i = start; i < end; i++) {
      const next = x[i + 1]!;
      m = Math.max(m, Math.abs(b));
      c = Math.max(c, Math.abs(a - 2 * b + next));
      a = b;
      b = next;
    }
  } else {
    for (let i = start; i < end; i++) {
      m = Math.max(m, Math.abs(x[i]!));
      if (i > 0 && i + 1 < n) c = Math.max(c, Math.abs(x[i - 1]! - 2 * x[i]! + x[i + 1]!));
    }
  }
  st[0] = m;
  st[1] = c;
}

/**
 * The step's largest interpolated value, where it could exceed `floor`: intervals whose curvature bound
 * (larger neighbour sample + slack) stays below the running floor are skipped.
 */
function exactPeak(x: Float32Array, start: number, end: number, sampleMax: number, floor: number, slack: number) {
  const n = x.length;
  let peak = sampleMax;
  let left = Math.abs(x[start]!);
  for (let i = start; i < end; i++) {
    const right = i + 1 < n ? Math.abs(x[i + 1]!) : 0;
    const near = Math.max(left, right);
    left = right;
    const inside = i >= HALF_TAPS - 1 && i + HALF_TAPS < n;
    // the curvature bound assumes a full window; edge intervals are always interpolated
    if (inside && near + slack < floor) continue;
    const v = inside ? interpolatedAt(x, i) : interpolatedAtEdge(x, i);
    if (v > peak) {
      peak = v;
      if (v > floor) floor = v;
    }
  }
  return peak;
}
