/**
 * Peak guard for lossy encodes. MP3, AAC and Vorbis drop bands and rebuild transients with overshoot (the
 * Gibbs ringing of what was dropped), so a master that reads −1.7 dBTP can decode above −1 dBTP. Before a
 * lossy encode the true peak is held at a lower ceiling by the master's own look-ahead limiter (dsp/limiter.ts)
 * on the finished track's step peaks. Only peaks move; the body of the track is untouched, so loudness
 * changes by a fraction of a LU.
 */
import type { StereoBuffer } from "../types.js";
import { limiterCurve } from "./limiter.js";
import { stepPeaks } from "./true-peak.js";

export const PEAK_GUARD_DEFAULTS = {
  /** Samples per gain step. */
  step: 64,
  /** True-peak ceiling of what goes into a lossy encoder. */
  ceilingDbtp: -3,
} as const;

/**
 * Per-step gains for `buffer` (the look-ahead limiter's curve), or undefined when no peak needs one. A loop
 * (`circular`) wraps the look-ahead and the release around its end, so the join sees one gain.
 */
export function peakGuard(buffer: StereoBuffer, circular = false): Float32Array | undefined {
  const step = PEAK_GUARD_DEFAULTS.step;
  const ceiling = 10 ** (PEAK_GUARD_DEFAULTS.ceilingDbtp / 20);
  const steps = Math.ceil(buffer.left.length / step);
  if (steps === 0) return undefined;
  const peaks = new Float32Array(steps);
  stepPeaks(buffer.left, step, ceiling, peaks);
  stepPeaks(buffer.right, step, ceiling, peaks);
  if (!peaks.some((p) => p > ceiling)) return undefined;
  return limiterCurve(peaks, new Float32Array(steps).fill(1), 1, ceiling, buffer.sampleRate, circular, step);
}

/**
 * Writes buffer[from, to) times the guard's gains into outL/outR[0, to − from), each step's gain interpolated
 * toward the next one's as the master applies its curves (a loop's last step toward its first).
 */
export function guarded(
  buffer: StereoBuffer,
  gains: Float32Array,
  from: number,
  to: number,
  outL: Float32Array,
  outR: Float32Array,
  circular = false,
): void {
  const step = PEAK_GUARD_DEFAULTS.step;
  const last = gains.length - 1;
  const { left, right } = buffer;
  for (let i = from; i < to; i++) {
    const k = (i / step) | 0;
    const f = (i - k * step) / step;
    const a = gains[k]!;
    const b = k < last ? gains[k + 1]! : circular ? gains[0]! : a;
    const g = a + (b - a) * f;
    outL[i - from] = left[i]! * g;
    outR[i - from] = right[i]! * g;
  }
}

/** The whole buffer through the guard (a copy), or the buffer itself when no peak needs it. */
export function guardedBuffer(buffer: StereoBuffer, circular = false): StereoBuffer {
  const gains = peakGuard(buffer, circular);
  if (!gains) return buffer;
  const n = buffer.left.length;
  const out = { sampleRate: buffer.sampleRate, left: new Float32Array(n), right: new Float32Array(n) };
  guarded(buffer, gains, 0, n, out.left, out.right, circular);
  return out;
}
