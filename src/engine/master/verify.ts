/**
 * The finished mix's true peak, exact, reading only the steps that could hold it. Its step sample peaks come
 * from the finishing pass; its curvature is bounded from the pre-master mix's and the gain curve without
 * reading the audio again: with y = (x − m)·G and G linear between step knots,
 *   Δ²y[j] = G[j]·Δ²x[j] + (G[j+1] − G[j])·(x[j+1] − m) − (G[j] − G[j−1])·(x[j−1] − m),
 * so |Δ²y| ≤ max G · |Δ²x| + 2 · max |slope| · (max |x| + |m|) over the neighbouring steps.
 */
import { type CurveHelpers, largest } from "../dsp/signal-passes.js";
import { type StepBounds, stepPeaks, truePeak } from "../dsp/true-peak.js";
import type { StereoBuffer } from "../types.js";
import { STEP } from "./gain-curves.js";

/** Rounding to Float32 (and summing rounded stems) moves the finished samples by far less than this. */
const ROUNDING = 1e-4;

export function finishedCurvature(
  inputPeaks: Float32Array,
  inputCurvature: Float32Array,
  curve: Float32Array,
  offset: number,
): Float32Array {
  const steps = curve.length;
  // (shared: a helper thread may search the right channel, see stereoStepPeaks)
  const out = new Float32Array(new SharedArrayBuffer(4 * steps));
  for (let k = 0; k < steps; k++) {
    const g = Math.max(curve[k]!, k + 1 < steps ? curve[k + 1]! : 0);
    const x =
      Math.max(k > 0 ? inputPeaks[k - 1]! : 0, inputPeaks[k]!, k + 1 < steps ? inputPeaks[k + 1]! : 0) +
      Math.abs(offset);
    out[k] =
      (g * inputCurvature[k]! + 2 * Math.max(slopeAt(curve, k - 1), slopeAt(curve, k)) * x) * (1 + 1e-6) + 4 * ROUNDING;
  }
  return out;
}

/**
 * 1 / STEP, exact (a power of two). (Multiplied by, not divided: a flat stretch of curve divides zero by a small
 * integer, which taught the engine to expect whole numbers, and the first slope threw that code away.)
 */
const PER_SAMPLE = 1 / STEP;

/** |curve'| per sample between knots k and k + 1 (0 outside the curve). */
function slopeAt(curve: Float32Array, k: number): number {
  return k >= 0 && k + 1 < curve.length ? Math.abs(curve[k + 1]! - curve[k]!) * PER_SAMPLE : 0;
}

/**
 * The finished mix's true peak in dBTP, exact: `bounds.peaks` are its exact step sample peaks (from the
 * finishing pass), `bounds.curvature` upper bounds from `finishedCurvature`.
 */
export function finishedTruePeak(
  mix: StereoBuffer,
  bounds: StepBounds,
  helpers?: CurveHelpers,
  /** The largest of `bounds.peaks`, where the caller knows it (the finishing pass does). */
  sampleMax = largest(bounds.peaks),
): number {
  const steps = bounds.peaks.length;
  if (sampleMax === 0) return truePeak(mix);
  const found = new Float32Array(steps);
  // the true peak is at least the sample maximum: steps whose bound stays below it cannot hold it
  stereoStepPeaks(mix, sampleMax, found, bounds, helpers);
  return 20 * Math.log10(Math.max(largest(found), 1e-12));
}

/**
 * Both channels' stepPeaks maxed into `out` (which holds what came before): the right channel on a helper
 * thread while this one searches the left, when one is free. Each step's result is the larger of the two
 * channels' either way, so the peaks are the same, to the bit.
 */
export function stereoStepPeaks(
  mix: StereoBuffer,
  threshold: number | Float32Array,
  out: Float32Array,
  hint: StepBounds,
  helpers?: CurveHelpers,
): void {
  const right = helpers?.stepPeaks?.({ samples: mix.right, step: STEP, threshold, hint });
  stepPeaks(mix.left, STEP, threshold, out, 0, out.length, hint);
  const found = right?.();
  if (!found) {
    stepPeaks(mix.right, STEP, threshold, out, 0, out.length, hint);
    return;
  }
  // (a store on every step: one made only where the right channel is higher had no type feedback yet when
  // the loop was first optimised, in some pieces)
  for (let k = 0; k < out.length; k++) {
    const f = found[k]!;
    const o = out[k]!;
    // biome-ignore lint/complexity/useMathMinMax: a NaN must leave the peak as it was, as the comparison did
    out[k] = f > o ? f : o;
  }
}
