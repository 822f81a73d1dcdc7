/** Test helpers: a radix-2 FFT magnitude spectrum and log-spaced band energies for spectral comparisons. */

export function magnitudeSpectrum(x: Float32Array, size = 16384): Float64Array {
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  const n = Math.min(size, x.length);
  for (let i = 0; i < n; i++) re[i] = x[i]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n)); // Hann
  for (let i = 1, j = 0; i < size; i++) {
    let bit = size >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= size; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    for (let i = 0; i < size; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(ang * k);
        const wi = Math.sin(ang * k);
        const a = i + k;
        const b = a + len / 2;
        const xr = re[b]! * wr - im[b]! * wi;
        const xi = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a]! += xr;
        im[a]! += xi;
      }
    }
  }
  const mag = new Float64Array(size / 2);
  for (let i = 0; i < size / 2; i++) mag[i] = Math.hypot(re[i]!, im[i]!);
  return mag;
}

/** Energy in dB of `bands` log-spaced bands between 40 Hz and 16 kHz, relative to the total. */
export function bandEnergiesDb(x: Float32Array, sampleRate: number, bands = 40): number[] {
  const size = 16384;
  const mag = magnitudeSpectrum(x, size);
  const binHz = sampleRate / size;
  let total = 0;
  for (const m of mag) total += m * m;
  const out: number[] = [];
  for (let b = 0; b < bands; b++) {
    const lo = 40 * (16000 / 40) ** (b / bands);
    const hi = 40 * (16000 / 40) ** ((b + 1) / bands);
    let e = 0;
    for (let k = Math.floor(lo / binHz); k < Math.min(mag.length, Math.ceil(hi / binHz)); k++) e += mag[k]! ** 2;
    out.push(Math.max(-90, 10 * Math.log10(e / (total + 1e-30) + 1e-30)));
  }
  return out;
}

/** The frequency of the largest spectral peak within [loHz, hiHz]. */
export function peakHz(x: Float32Array, sampleRate: number, loHz: number, hiHz: number): number {
  const size = 32768;
  const mag = magnitudeSpectrum(x, size);
  const binHz = sampleRate / size;
  let best = 0;
  let at = 0;
  for (let k = Math.max(1, Math.floor(loHz / binHz)); k < Math.min(mag.length, hiHz / binHz); k++) {
    if (mag[k]! > best) {
      best = mag[k]!;
      at = k;
    }
  }
  return at * binHz;
}
