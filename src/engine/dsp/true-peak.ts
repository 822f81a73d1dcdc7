/**
 * True peak per ITU-R BS.1770-4 Annex 2: 4× oversampling by a windowed-sinc interpolator (32 taps per phase,
 * Kaiser window β = 8, passband to ~0.97 Nyquist). Longer than the Annex's 12-tap example so that bright
 * material near Nyquist is not under-read: ffmpeg's ebur128 (swresample, 32-tap sinc) reads it that way, the maximum absolute value over the original and the three interpolated phases.
 * Windows whose largest sample times the filter's absolute tap sum cannot reach the threshold are skipped,
 * which keeps the measure cheap on quiet material while exact where it matters.
 */
import type { StereoBuffer } from "../types.js";

export const OVERSAMPLE = 4;
const HALF_TAPS = 16;
const TAPS = 2 * HALF_TAPS;
/** Run length of the per-sample prefilter inside an exact step. */
const SUB = 32;

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 30; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
  }
  return sum;
}

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
 * Per-sample peak of one channel: out[n] = max |signal| over [n, n+1) at 4× resolution, written only where
 * it could exceed `threshold` (elsewhere out[n] = |x[n]|). Use threshold 0 for an exact envelope.
 */
export function peakEnvelope(x: Float32Array, threshold: number, out: Float32Array, gains?: Float32Array): void {
  const n = x.length;
  const block = 64;
  const at = gains ? (i: number) => x[i]! * gains[i]! : (i: number) => x[i]!;
  for (let start = 0; start < n; start += block) {
    const end = Math.min(n, start + block);
    let blockMax = 0;
    const lo = Math.max(0, start - HALF_TAPS);
    const hi = Math.min(n, end + HALF_TAPS);
    for (let i = lo; i < hi; i++) {
      const v = Math.abs(at(i));
      if (v > blockMax) blockMax = v;
    }
    const exact = blockMax * TAP_GAIN >= threshold;
    for (let i = start; i < end; i++) {
      let peak = Math.abs(at(i));
      if (exact) {
        const base = i - (HALF_TAPS - 1);
        for (const taps of PHASES) {
          let acc = 0;
          for (let t = 0; t < TAPS; t++) {
            const j = base + t;
            if (j >= 0 && j < n) acc += taps[t]! * at(j);
          }
          const a = Math.abs(acc);
          if (a > peak) peak = a;
        }
      }
      out[i] = peak;
    }
  }
}

/** True peak of a stereo buffer as a linear value. */
export function truePeakLinear(buffer: StereoBuffer): number {
  let sampleMax = 0;
  for (const ch of [buffer.left, buffer.right]) {
    for (let i = 0; i < ch.length; i++) {
      const v = Math.abs(ch[i]!);
      if (v > sampleMax) sampleMax = v;
    }
  }
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
 * maxed into `out` (so both channels can share it). Exact where a peak could reach `threshold`; elsewhere the
 * sample peak, which is then known to be below it. The threshold is one number or one per step (runs of SUB samples inside an exact step are skipped the
 * same way, so values there below `threshold` may be under-read, never over-read).
 */
export function stepPeaks(
  x: Float32Array,
  step: number,
  thresholdOrPerStep: number | Float64Array,
  out: Float32Array,
): void {
  const perStep = typeof thresholdOrPerStep === "number" ? undefined : thresholdOrPerStep;
  const fixed = typeof thresholdOrPerStep === "number" ? thresholdOrPerStep : 0;
  const n = x.length;
  const steps = Math.ceil(n / step);
  for (let k = 0; k < steps; k++) {
    const start = k * step;
    const end = Math.min(n, start + step);
    const threshold = perStep ? perStep[k]! : fixed;
    let sampleMax = 0;
    for (let i = start; i < end; i++) {
      const v = Math.abs(x[i]!);
      if (v > sampleMax) sampleMax = v;
    }
    let wide = sampleMax;
    for (let i = Math.max(0, start - HALF_TAPS); i < Math.min(n, end + HALF_TAPS); i++) {
      const v = Math.abs(x[i]!);
      if (v > wide) wide = v;
    }
    let peak = sampleMax;
    if (wide * TAP_GAIN >= threshold) {
      const p1 = PHASES[0]!;
      const p2 = PHASES[1]!;
      const p3 = PHASES[2]!;
      for (let sub = start; sub < end; sub += SUB) {
        const subEnd = Math.min(end, sub + SUB);
        // a second, finer prefilter: skip runs whose tap window cannot reach the threshold either
        let local = 0;
        const wLo = Math.max(0, sub - (HALF_TAPS - 1));
        const wHi = Math.min(n, subEnd + HALF_TAPS);
        for (let i = wLo; i < wHi; i++) {
          const v = Math.abs(x[i]!);
          if (v > local) local = v;
        }
        if (local * TAP_GAIN < threshold) continue;
        for (let i = sub; i < subEnd; i++) {
          const base = i - (HALF_TAPS - 1);
          let a1 = 0;
          let a2 = 0;
          let a3 = 0;
          const lo = base < 0 ? -base : 0;
          const hi = base + TAPS > n ? n - base : TAPS;
          for (let t = lo; t < hi; t++) {
            const v = x[base + t]!;
            a1 += p1[t]! * v;
            a2 += p2[t]! * v;
            a3 += p3[t]! * v;
          }
          if (a1 < 0) a1 = -a1;
          if (a2 < 0) a2 = -a2;
          if (a3 < 0) a3 = -a3;
          if (a1 > peak) peak = a1;
          if (a2 > peak) peak = a2;
          if (a3 > peak) peak = a3;
        }
      }
    }
    if (peak > out[k]!) out[k] = peak;
  }
}
