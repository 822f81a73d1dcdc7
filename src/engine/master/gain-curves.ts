/**
 * Gain curves at control rate (one value per STEP samples, linearly interpolated when applied): glue
 * compression, the look-ahead true-peak limiter, and the ending's fade. Curves are computed once on the mix
 * and applied identically to the mix and every stem, so the stems still sum to the mix.
 */
import { type CompressorOptions, staticGainDb } from "../dsp/dynamics.js";
import { ANALYSIS_STEP } from "../dsp/mix-analysis.js";
import type { Ending } from "../types.js";

/** Samples per knot: the render's premix analysis measures in the same steps. */
export const STEP = ANALYSIS_STEP;

/**
 * Glue: a slow, gentle bus compressor keyed from the mix's step peaks — the same detector as `Compressor`
 * (log-domain smoothing of the static curve's reduction), written for a million steps: levels under the knee
 * skip the logarithm, and a reduction that has decayed below 1e-7 dB (a gain Float32 stores as exactly 1)
 * skips the exponential.
 */
export function glueCurve(
  peaks: Float32Array,
  sampleRate: number,
  options: CompressorOptions,
  circular: boolean,
): Float32Array {
  const att = Math.exp(-STEP / (options.attackSeconds * sampleRate));
  const rel = Math.exp(-STEP / (options.releaseSeconds * sampleRate));
  // below this level (with the detector's 1e-9 floor) the static curve gives no reduction
  const knee = 10 ** ((options.thresholdDb - options.kneeDb / 2) / 20);
  const n = peaks.length;
  const out = new Float32Array(n);
  // A loop starts in the state its end leaves, so the seam has no level jump: it first runs over its last
  // `warm` steps (j < 0), writing nothing. (One loop, no closure: its compiled code serves every render.)
  const warm = circular ? Math.min(n, Math.round((2 * sampleRate) / STEP)) : 0;
  let envDb = 0;
  for (let j = -warm; j < n; j++) {
    const level = peaks[j < 0 ? n + j : j]!;
    const target = level + 1e-9 < knee ? 0 : -staticGainDb(20 * Math.log10(level + 1e-9), options);
    envDb = target + (envDb - target) * (target > envDb ? att : rel);
    // (both tests on every step: one made only after the other had no type feedback in a quiet piece's first master)
    if ((envDb < 1e-7 ? 1 : 0) & (target === 0 ? 1 : 0)) envDb = 0;
    if (j >= 0) out[j] = envDb === 0 ? 1 : Math.exp((-envDb * Math.LN10) / 20);
  }
  return out;
}

/** The ending shaped into the file's last seconds (loops: none), multiplied into `into` when given. */
export function fadeCurve(
  steps: number,
  sampleRate: number,
  ending: Ending,
  durationSeconds: number,
  loop: boolean,
  into?: Float32Array,
): Float32Array {
  const out = into ?? new Float32Array(steps).fill(1);
  if (loop) return out;
  const seconds =
    ending === "fade" ? Math.min(8, Math.max(2.5, 0.12 * durationSeconds)) : ending === "hard" ? 0.06 : 0.8;
  const fadeSteps = Math.min(steps, Math.max(2, Math.round((seconds * sampleRate) / STEP)));
  for (let i = 0; i < fadeSteps; i++) {
    const k = steps - fadeSteps + i;
    const x = 1 - (i + 1) / fadeSteps; // reaches 0 at the last step
    out[k] = out[k]! * (ending === "fade" ? Math.sin((x * Math.PI) / 2) ** 2 : ending === "hard" ? x : x ** 1.5);
  }
  return out;
}
