/**
 * Band-limited sample-rate conversion (44.1 kHz ↔ 48 kHz and others) by windowed-sinc interpolation
 * (Smith, "Digital Audio Resampling Home Page": a Kaiser-windowed sinc table with linearly interpolated
 * phases). The cutoff follows the lower of the two Nyquist rates, so downsampling does not alias.
 */
import { besselI0 } from "./kaiser.js";

const ZERO_CROSSINGS = 16;
const PHASES = 256;
const BETA = 8;

/** sinc(u)·kaiser(u / Z) for u = i / PHASES, u in zero-crossings of the (scaled) filter. */
const TABLE: Float32Array = (() => {
  const n = ZERO_CROSSINGS * PHASES + 1;
  const table = new Float32Array(n + 1);
  const norm = besselI0(BETA);
  for (let i = 0; i <= n; i++) {
    const u = i / PHASES;
    const r = u / ZERO_CROSSINGS;
    const w = r >= 1 ? 0 : besselI0(BETA * Math.sqrt(1 - r * r)) / norm;
    table[i] = (u === 0 ? 1 : Math.sin(Math.PI * u) / (Math.PI * u)) * w;
  }
  return table;
})();

/** Output samples for `length` input samples from `fromRate` to `toRate`. */
export function resampledLength(length: number, fromRate: number, toRate: number): number {
  return Math.round(length * (toRate / fromRate));
}

/**
 * Resamples one channel from `fromRate` to `toRate` into `out` (a new array when not given), of
 * `resampledLength` samples.
 */
export function resampleChannel(
  input: Float32Array,
  fromRate: number,
  toRate: number,
  into?: Float32Array,
): Float32Array {
  const outLength = resampledLength(input.length, fromRate, toRate);
  if (into && into.length !== outLength) throw new Error(`resample: ${outLength} samples do not fit ${into.length}`);
  const out = into ?? new Float32Array(outLength);
  if (fromRate === toRate) {
    out.set(input);
    return out;
  }
  const ratio = toRate / fromRate;
  // cutoff as a fraction of the input Nyquist: h(τ) = fc·sinc(fc·τ), τ in input samples
  const fc = Math.min(1, ratio) * 0.97;
  const table = TABLE;
  const step = 1 / ratio;
  const scale = fc * PHASES;
  const span = Math.ceil(ZERO_CROSSINGS / fc);
  const n = input.length;
  for (let j = 0; j < outLength; j++) {
    const t = j * step;
    const center = Math.floor(t);
    const frac = t - center;
    let acc = 0;
    const lo = Math.max(0, center - span + 1);
    const hi = Math.min(n - 1, center + span);
    for (let k = lo; k <= hi; k++) {
      const d = Math.abs(k - center - frac) * scale;
      const i = d | 0;
      if (i >= table.length - 1) continue;
      const f = d - i;
      const h = table[i]! + (table[i + 1]! - table[i]!) * f;
      acc += input[k]! * h;
    }
    out[j] = acc * fc;
  }
  return out;
}
