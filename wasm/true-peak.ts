/**
 * The master's true-peak search (src/engine/dsp/true-peak.ts stepPeaks, with a hint): the JavaScript's
 * arithmetic in the same order, in double precision. Two passes, because the signal lives outside the arena:
 *
 *   truePeakCandidates: every step's hint decides it (its hinted peak is written) or lists it for reading
 *   truePeakSteps:      a run of listed steps over a copy of the samples around them, staged in the arena
 *
 * `x` is such a copy: the sample at absolute index j is at x + 4·(j − lo); `n` is the whole signal's length
 * (its edges are read as zeros, as the JavaScript reads them).
 */
import { f32At, f64At, setF32 } from "./shared";

const HALF_TAPS: i32 = 16;
const TAPS: i32 = 32;

/** The gains the bounds use (dsp/true-peak.ts TAP_GAIN, CURVE_GAIN, EDGE_GAIN), set once per search. */
let tapGain: f64 = 0;
let curveGain: f64 = 0;
let edgeGain: f64 = 0;

export function truePeakGains(tap: f64, curve: f64, edge: f64): void {
  tapGain = tap;
  curveGain = curve;
  edgeGain = edge;
}

@inline function threshold(thresholds: usize, fixed: f64, k: i32): f64 {
  return thresholds ? f32At(thresholds, k) : fixed;
}

/**
 * Steps [from, to): each one the hint shows cannot reach its threshold raises out[k] to its hinted peak; the
 * others go into `listed` (i32). Returns how many were listed. `curvature` 0: the hint has none.
 */
export function truePeakCandidates(
  peaks: usize, curvature: usize, thresholds: usize, fixed: f64,
  from: i32, to: i32, steps: i32, step: i32, n: i32, out: usize, listed: usize,
): i32 {
  let count = 0;
  for (let k = from; k < to; k++) {
    const limit = threshold(thresholds, fixed, k);
    const prev = k > 0 ? f32At(peaks, k - 1) : 0;
    const here = f32At(peaks, k);
    const next = k + 1 < steps ? f32At(peaks, k + 1) : 0;
    const wide = max(max(prev, here), next);
    // (as the JavaScript's early return: a NaN bound reads the step)
    let could = !(wide * tapGain < limit);
    if (could && curvature && k * step >= HALF_TAPS && (k + 1) * step + HALF_TAPS <= n) {
      const c = max(max(k > 0 ? f32At(curvature, k - 1) : 0, f32At(curvature, k)), k + 1 < steps ? f32At(curvature, k + 1) : 0);
      could = max(here, next) + curveGain * c + edgeGain * wide >= limit;
    }
    if (could) {
      store<i32>(listed + ((<usize>count) << 2), k);
      count++;
    } else if (here > f32At(out, k)) setF32(out, k, here);
  }
  return count;
}

@inline function sampleAt(x: usize, lo: i32, j: i32): f64 {
  return f32At(x, j - lo);
}

/** Largest |x| over step k and largest |Δ²x| centred there (centres 1..n−2): dsp/true-peak.ts stepStats. */
let statMax: f64 = 0;
let statCurve: f64 = 0;

function stepStats(x: usize, lo: i32, n: i32, step: i32, k: i32): void {
  const start = k * step;
  const end = min(n, start + step);
  let m: f64 = 0;
  let c: f64 = 0;
  if (start > 0 && end < n) {
    let a = sampleAt(x, lo, start - 1);
    let b = sampleAt(x, lo, start);
    for (let i = start; i < end; i++) {
      const next = sampleAt(x, lo, i + 1);
      m = max(m, abs(b));
      c = max(c, abs(a - 2 * b + next));
      a = b;
      b = next;
    }
  } else {
    for (let i = start; i < end; i++) {
      m = max(m, abs(sampleAt(x, lo, i)));
      if (i > 0 && i + 1 < n) {
        c = max(c, abs(sampleAt(x, lo, i - 1) - 2 * sampleAt(x, lo, i) + sampleAt(x, lo, i + 1)));
      }
    }
  }
  statMax = m;
  statCurve = c;
}

/** dsp/true-peak.ts interpolatedAt: the folded taps (3 per pair) at `folded`. */
@inline function interpolatedAt(x: usize, lo: i32, i: i32, folded: usize): f64 {
  const base = i - (HALF_TAPS - 1);
  const last = base + TAPS - 1;
  let a2: f64 = 0;
  let even: f64 = 0;
  let odd: f64 = 0;
  for (let t = 0, c = 0; t < HALF_TAPS; t++, c += 3) {
    const a = sampleAt(x, lo, base + t);
    const b = sampleAt(x, lo, last - t);
    const s = a + b;
    a2 += f64At(folded, c) * s;
    even += f64At(folded, c + 1) * s;
    odd += f64At(folded, c + 2) * (a - b);
  }
  return max(max(abs(even + odd), abs(even - odd)), abs(a2));
}

/** dsp/true-peak.ts interpolatedAtEdge: the three phases' taps, 32 each, at `phases`. */
function interpolatedAtEdge(x: usize, lo: i32, n: i32, i: i32, phases: usize): f64 {
  const base = i - (HALF_TAPS - 1);
  let peak: f64 = 0;
  for (let p = 0; p < 3; p++) {
    let acc: f64 = 0;
    for (let t = 0; t < TAPS; t++) {
      const j = base + t;
      if (j >= 0 && j < n) acc += f64At(phases, p * TAPS + t) * sampleAt(x, lo, j);
    }
    peak = max(peak, abs(acc));
  }
  return peak;
}

/** dsp/true-peak.ts exactPeak. */
function exactPeak(
  x: usize, lo: i32, n: i32, start: i32, end: i32, sampleMax: f64, floor: f64, slack: f64, folded: usize, phases: usize,
): f64 {
  let peak = sampleMax;
  let left = abs(sampleAt(x, lo, start));
  for (let i = start; i < end; i++) {
    const right = i + 1 < n ? abs(sampleAt(x, lo, i + 1)) : 0;
    const near = max(left, right);
    left = right;
    const inside = i >= HALF_TAPS - 1 && i + HALF_TAPS < n;
    if (inside && near + slack < floor) continue;
    const v = inside ? interpolatedAt(x, lo, i, folded) : interpolatedAtEdge(x, lo, n, i, phases);
    if (v > peak) {
      peak = v;
      if (v > floor) floor = v;
    }
  }
  return peak;
}

/**
 * Steps [from, to), every one read (a run of listed steps): out[k] rises to the step's largest true-peak value,
 * exact where it could reach the threshold — dsp/true-peak.ts stepPeaks' loop body. The copy at `x` holds
 * samples [lo, …) and reaches one past step to's start (or the signal's end).
 */
export function truePeakSteps(
  x: usize, lo: i32, n: i32, from: i32, to: i32, steps: i32, step: i32,
  thresholds: usize, fixed: f64, folded: usize, phases: usize, out: usize,
): void {
  let prevMax: f64 = 0;
  let prevCurve: f64 = 0;
  let hereMax: f64 = 0;
  let hereCurve: f64 = 0;
  if (from > 0) {
    stepStats(x, lo, n, step, from - 1);
    hereMax = statMax;
    hereCurve = statCurve;
  }
  stepStats(x, lo, n, step, from);
  let nextMax = statMax;
  let nextCurve = statCurve;
  for (let k = from; k < to; k++) {
    prevMax = hereMax;
    prevCurve = hereCurve;
    hereMax = nextMax;
    hereCurve = nextCurve;
    if (k + 1 < steps) {
      stepStats(x, lo, n, step, k + 1);
      nextMax = statMax;
      nextCurve = statCurve;
    } else {
      nextMax = 0;
      nextCurve = 0;
    }
    const limit = threshold(thresholds, fixed, k);
    const start = k * step;
    const end = min(n, start + step);
    const sampleMax = hereMax;
    const wide = max(max(prevMax, hereMax), nextMax);
    let peak = sampleMax;
    if (wide * tapGain >= limit) {
      const slack = curveGain * max(max(prevCurve, hereCurve), nextCurve) + edgeGain * wide;
      const next = end < n ? abs(sampleAt(x, lo, end)) : 0;
      const atEdge = start < HALF_TAPS - 1 || end + HALF_TAPS > n;
      if (atEdge || max(sampleMax, next) + slack >= limit) {
        peak = exactPeak(x, lo, n, start, end, sampleMax, max(limit, sampleMax), slack, folded, phases);
      }
    }
    if (peak > f32At(out, k)) setF32(out, k, peak);
  }
}
