/**
 * Band-limited sample-rate conversion (44.1 kHz ↔ 48 kHz and others) by windowed-sinc interpolation
 * (Smith, "Digital Audio Resampling Home Page": a Kaiser-windowed sinc table with linearly interpolated
 * phases). The cutoff follows the lower of the two Nyquist rates, so downsampling does not alias.
 */
import type { StereoBuffer } from "../types.js";
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
  circular = false,
): Float32Array {
  const conversion = new Resampler(input.length, fromRate, toRate, circular);
  const outLength = conversion.outLength;
  if (into && into.length !== outLength) throw new Error(`resample: ${outLength} samples do not fit ${into.length}`);
  const out = into ?? new Float32Array(outLength);
  if (fromRate === toRate) out.set(input);
  else conversion.range(input, 0, out, 0, outLength);
  return out;
}

/**
 * Both channels of `buffer` at `toRate`, in shared memory (so encoder workers read them where they lie);
 * `circular` as for Resampler.
 */
export function resampleStereo(buffer: StereoBuffer, toRate: number, circular = false): StereoBuffer {
  const length = resampledLength(buffer.left.length, buffer.sampleRate, toRate);
  const channel = (x: Float32Array) =>
    resampleChannel(x, buffer.sampleRate, toRate, new Float32Array(new SharedArrayBuffer(length * 4)), circular);
  return { sampleRate: toRate, left: channel(buffer.left), right: channel(buffer.right) };
}

/**
 * One conversion of `length` input samples, output sample by output sample: each reads only the input samples
 * around its own position, so a stream can be converted as it arrives (a window of input at a time) with the
 * same result as the whole channel at once.
 */
export class Resampler {
  readonly outLength: number;
  private readonly step: number;
  /** Cutoff as a fraction of the input Nyquist: h(τ) = fc·sinc(fc·τ), τ in input samples. */
  private readonly fc: number;
  private readonly scale: number;
  private readonly span: number;

  /**
   * `circular`: the input is one period of a loop, so the samples before its start are its end and those after
   * its end its start (else silence) — the converted loop then repeats without a seam. Its `range` then needs
   * the whole input as its window.
   */
  constructor(
    private readonly length: number,
    fromRate: number,
    toRate: number,
    private readonly circular = false,
  ) {
    const ratio = toRate / fromRate;
    this.outLength = resampledLength(length, fromRate, toRate);
    this.fc = Math.min(1, ratio) * 0.97;
    this.step = 1 / ratio;
    this.scale = this.fc * PHASES;
    this.span = Math.ceil(ZERO_CROSSINGS / this.fc);
  }

  /** The first input sample output `j` reads. */
  firstInput(j: number): number {
    return Math.max(0, Math.floor(j * this.step) - this.span + 1);
  }

  /** One past the last input sample output `j` reads. */
  endInput(j: number): number {
    return Math.min(this.length, Math.floor(j * this.step) + this.span + 1);
  }

  /**
   * Outputs [from, to) into out[from − outStart …], from `window`, which holds input samples from `windowStart`
   * on — all that those outputs read (`firstInput(from)` to `endInput(to − 1)`).
   */
  range(window: Float32Array, windowStart: number, out: Float32Array, from: number, to: number, outStart = 0): void {
    const { step, scale, span, fc, length: n } = this;
    const table = TABLE;
    for (let j = from; j < to; j++) {
      const t = j * step;
      const center = Math.floor(t);
      const frac = t - center;
      if (this.circular && (center - span + 1 < 0 || center + span > n - 1)) {
        out[j - outStart] = this.wrapped(window, center, frac);
        continue;
      }
      let acc = 0;
      const lo = Math.max(0, center - span + 1);
      const hi = Math.min(n - 1, center + span);
      for (let k = lo; k <= hi; k++) {
        const d = Math.abs(k - center - frac) * scale;
        const i = d | 0;
        if (i >= table.length - 1) continue;
        const f = d - i;
        const h = table[i]! + (table[i + 1]! - table[i]!) * f;
        acc += window[k - windowStart]! * h;
      }
      out[j - outStart] = acc * fc;
    }
  }

  /** One output near a loop's ends, reading around the loop (`input` whole). */
  private wrapped(input: Float32Array, center: number, frac: number): number {
    const { scale, span, fc, length: n } = this;
    const table = TABLE;
    let acc = 0;
    for (let k = center - span + 1; k <= center + span; k++) {
      const d = Math.abs(k - center - frac) * scale;
      const i = d | 0;
      if (i >= table.length - 1) continue;
      const f = d - i;
      const h = table[i]! + (table[i + 1]! - table[i]!) * f;
      acc += input[((k % n) + n) % n]! * h;
    }
    return acc * fc;
  }
}
