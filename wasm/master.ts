/**
 * The master's loudness search (src/engine/dsp/limiter.ts, src/engine/dsp/loudness.ts): the limiter's gain curve
 * and the loudness under a curve, the JavaScript's arithmetic in the same order, on Float32 step arrays in the
 * arena.
 */
import { f32At, f64At, setF32, setF64 } from "./shared";

// ── The master's look-ahead limiter (src/engine/dsp/limiter.ts limiterCurve): its three passes, the same
// arithmetic in the same order, every array of `n` steps (mins: n + look) Float32 in the arena.

/**
 * out[k] = the limiter's gain at step k for step peaks × pre × staticGain against `ceiling`: the needed gain
 * bounded by its neighbour's (into `need`), the least over the look-ahead (into `mins`), their moving average
 * (never above the bound) and an exponential release — twice round for a loop (`circular`).
 */
export function limiterCurve(
  peaks: usize, pre: usize, n: i32, staticGain: f64, ceiling: f64, look: i32, release: f64, circular: bool,
  need: usize, mins: usize, out: usize,
): void {
  for (let k = 0; k < n; k++) {
    const p = f32At(peaks, k) * f32At(pre, k) * staticGain;
    setF32(need, k, p > ceiling ? ceiling / p : 1);
  }
  const wrap = circular && n > 0 ? f32At(need, n - 1) : 1;
  for (let k = n - 1; k > 0; k--) setF32(need, k, min(f32At(need, k - 1), f32At(need, k)));
  if (n > 0) setF32(need, 0, min(wrap, f32At(need, 0)));
  for (let k = -look; k < n; k++) {
    let m: f64 = 1;
    if (k >= 0 && k + look <= n) {
      for (let j = k; j < k + look; j++) m = min(m, f32At(need, j));
    } else {
      for (let j = k; j < k + look; j++) {
        m = min(m, j >= 0 && j < n ? f32At(need, j) : circular ? f32At(need, ((j % n) + n) % n) : 1);
      }
    }
    setF32(mins, k + look, m);
  }
  let g: f64 = 1;
  const passes = circular ? 2 : 1;
  for (let pass = 0; pass < passes; pass++) {
    let sum: f64 = 0;
    for (let j = 0; j < look; j++) sum += f32At(mins, j);
    for (let k = 0; k < n; k++) {
      sum += f32At(mins, k + look) - f32At(mins, k);
      const smooth = min(sum / <f64>look, f32At(need, k));
      g = min(smooth, 1 - (1 - g) * release);
      setF32(out, k, g);
    }
  }
}

// ── Loudness under a gain curve (src/engine/dsp/loudness.ts KWeightedSteps.loudness): the per-hop energies.

/**
 * out[h] (hops of `hop` samples) = Σ of each step's K-weighted energy under the linear gain ramp from gains[k]
 * to gains[k + 1] (the last held), from the step's moments m0..m2 (Float32), a step that straddles a hop split at its
 * boundary by `split`'s moments; the same arithmetic, in the same order, as the JavaScript.
 */
export function curveHopEnergies(
  m0: usize, m1: usize, m2: usize, split: usize, gains: usize,
  steps: i32, step: i32, hop: i32, length: i32, hops: i32, out: usize,
): void {
  memory.fill(out, 0, (<usize>hops) << 3);
  const last = steps - 1;
  const fstep = <f64>step;
  for (let k = 0; k < steps; k++) {
    const g0 = f32At(gains, k);
    const d = k < last ? (f32At(gains, k + 1) - g0) / fstep : 0;
    const e = g0 * g0 * f32At(m0, k) + 2 * g0 * d * f32At(m1, k) + d * d * f32At(m2, k);
    const start = k * step;
    const h = start / hop;
    const boundary = (h + 1) * hop;
    if (boundary < start + step && boundary < length) {
      const s = 3 * (h + 1);
      const head = g0 * g0 * f64At(split, s) + 2 * g0 * d * f64At(split, s + 1) + d * d * f64At(split, s + 2);
      if (h < hops) setF64(out, h, f64At(out, h) + head);
      if (h + 1 < hops) setF64(out, h + 1, f64At(out, h + 1) + (e - head));
    } else if (h < hops) setF64(out, h, f64At(out, h) + e);
  }
}
