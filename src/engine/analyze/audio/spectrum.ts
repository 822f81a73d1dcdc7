/**
 * Magnitude spectra of Hann-windowed frames: an iterative radix-2 FFT (Cooley–Tukey) with bit-reversal
 * and twiddle tables precomputed once per size.
 */

export interface SpectrumMaker {
  size: number;
  /** Writes |X[k]| for k = 0..size/2 of `samples[start .. start+size)` (zero beyond the end) into `out`. */
  magnitudes(samples: Float32Array, start: number, out: Float32Array): void;
}

export function makeSpectrum(size: number): SpectrumMaker {
  if (size < 4 || (size & (size - 1)) !== 0) throw new RangeError(`FFT size ${size} is not a power of two`);
  const bits = Math.log2(size);
  const reverse = new Uint32Array(size);
  for (let i = 0; i < size; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    reverse[i] = r;
  }
  const cos = new Float64Array(size / 2);
  const sin = new Float64Array(size / 2);
  for (let i = 0; i < size / 2; i++) {
    cos[i] = Math.cos((2 * Math.PI * i) / size);
    sin[i] = -Math.sin((2 * Math.PI * i) / size);
  }
  const window = new Float64Array(size);
  for (let i = 0; i < size; i++) window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size);
  const re = new Float64Array(size);
  const im = new Float64Array(size);

  function magnitudes(samples: Float32Array, start: number, out: Float32Array): void {
    for (let i = 0; i < size; i++) {
      const at = start + i;
      re[reverse[i]!] = at < samples.length && at >= 0 ? samples[at]! * window[i]! : 0;
      im[i] = 0;
    }
    for (let half = 1; half < size; half *= 2) {
      const step = size / (2 * half);
      for (let blockStart = 0; blockStart < size; blockStart += 2 * half) {
        for (let k = 0; k < half; k++) {
          const a = blockStart + k;
          const b = a + half;
          const wr = cos[k * step]!;
          const wi = sin[k * step]!;
          const tr = re[b]! * wr - im[b]! * wi;
          const ti = re[b]! * wi + im[b]! * wr;
          re[b] = re[a]! - tr;
          im[b] = im[a]! - ti;
          re[a]! += tr;
          im[a]! += ti;
        }
      }
    }
    for (let k = 0; k <= size / 2; k++) out[k] = Math.hypot(re[k]!, im[k]!);
  }

  return { size, magnitudes };
}

/** Largest power of two not above `seconds * sampleRate`. */
export function powerOfTwoFor(seconds: number, sampleRate: number): number {
  return 2 ** Math.floor(Math.log2(Math.max(4, seconds * sampleRate)));
}
