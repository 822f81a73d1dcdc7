/**
 * Peak guard for lossy encodes. MP3, AAC and Vorbis drop bands and rebuild transients with overshoot (the
 * Gibbs ringing of what was dropped), so a master that reads −1.7 dBTP can decode above −1 dBTP. Before a
 * lossy encode the true peak is held at a lower ceiling by a smooth gain: the gain each step needs, the
 * minimum over a short look-ahead either side (so it is already down when the peak arrives), an exponential
 * release, and linear interpolation between steps (no zipper). Only peaks move; the body of the track is
 * untouched, so loudness changes by a fraction of a LU.
 */
import type { StereoBuffer } from "../types.js";
import { stepPeaks } from "./true-peak.js";

export const PEAK_GUARD_DEFAULTS = {
  /** Samples per gain step. */
  step: 64,
  /** True-peak ceiling of what goes into a lossy encoder. */
  ceilingDbtp: -3,
  lookSeconds: 0.003,
  releaseSeconds: 0.08,
} as const;

/**
 * Per-step gains for `buffer` (one more than the steps, for interpolation), or undefined when none is needed.
 * A loop (`circular`) wraps the look-ahead and the release around its end, so the join sees one gain.
 */
export function peakGuard(buffer: StereoBuffer, circular = false): Float32Array | undefined {
  const { step, lookSeconds, releaseSeconds } = PEAK_GUARD_DEFAULTS;
  const ceiling = 10 ** (PEAK_GUARD_DEFAULTS.ceilingDbtp / 20);
  const n = buffer.left.length;
  const steps = Math.ceil(n / step);
  if (steps === 0) return undefined;
  const peaks = new Float32Array(steps);
  stepPeaks(buffer.left, step, ceiling, peaks);
  stepPeaks(buffer.right, step, ceiling, peaks);
  let any = false;
  const need = new Float32Array(steps);
  for (let k = 0; k < steps; k++) {
    const p = peaks[k]!;
    need[k] = p > ceiling ? ceiling / p : 1;
    if (p > ceiling) any = true;
  }
  if (!any) return undefined;
  const look = Math.max(1, Math.ceil((lookSeconds * buffer.sampleRate) / step));
  const release = Math.exp(-step / (releaseSeconds * buffer.sampleRate));
  const gains = new Float32Array(steps + 1);
  let g = 1;
  for (let pass = 0; pass < (circular ? 2 : 1); pass++) {
    for (let k = 0; k < steps; k++) {
      let m = 1;
      for (let j = k - look; j <= k + look; j++) {
        if (j >= 0 && j < steps) m = Math.min(m, need[j]!);
        else if (circular) m = Math.min(m, need[((j % steps) + steps) % steps]!);
      }
      g = Math.min(m, 1 - (1 - g) * release);
      gains[k] = g;
    }
  }
  gains[steps] = circular ? gains[0]! : gains[steps - 1]!;
  return gains;
}

/**
 * Writes buffer[from, to) times the guard's gains into outL/outR[0, to − from). Between step starts the gain
 * is interpolated; both ends lie under the need of every sample between them (the look-ahead covers ±1 step).
 */
export function guarded(
  buffer: StereoBuffer,
  gains: Float32Array,
  from: number,
  to: number,
  outL: Float32Array,
  outR: Float32Array,
): void {
  const step = PEAK_GUARD_DEFAULTS.step;
  const { left, right } = buffer;
  for (let i = from; i < to; i++) {
    const k = (i / step) | 0;
    const f = (i - k * step) / step;
    const a = gains[k]!;
    const g = a + (gains[k + 1]! - a) * f;
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
  guarded(buffer, gains, 0, n, out.left, out.right);
  return out;
}
