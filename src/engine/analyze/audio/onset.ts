/**
 * Onset strength: half-wave-rectified log-magnitude spectral flux (Bello et al., "A Tutorial on Onset
 * Detection in Music Signals", IEEE TSALP 2005, §3.1.2), with its slow trend removed.
 */
import { makeSpectrum, powerOfTwoFor } from "./spectrum.js";

export const ONSET_DEFAULTS = {
  windowSeconds: 0.046,
  hopsPerWindow: 4,
  /** Flux above this frequency is mostly noise and cymbal wash; onsets show below it too. */
  maxHz: 8000,
  /** log(1 + gamma·|X|) compression (Klapuri's μ-law style), after scaling the signal to this RMS … */
  gamma: 100,
  /** … so the envelope's scale (and the "no onsets" gate in tempo.ts) does not depend on the level. */
  referenceRms: 0.1,
  /** Running mean subtracted from the flux, seconds. */
  trendSeconds: 0.4,
} as const;

export interface OnsetEnvelope {
  values: Float32Array;
  /** Envelope frames per second. */
  frameRate: number;
}

export function onsetEnvelope(samples: Float32Array, sampleRate: number): OnsetEnvelope {
  const size = powerOfTwoFor(ONSET_DEFAULTS.windowSeconds * 1.4, sampleRate);
  const hop = size / ONSET_DEFAULTS.hopsPerWindow;
  const spectrum = makeSpectrum(size);
  const bins = Math.min(size / 2, Math.ceil((ONSET_DEFAULTS.maxHz * size) / sampleRate));
  const frames = Math.max(0, Math.floor((samples.length - size) / hop) + 1);
  let power = 0;
  for (const x of samples) power += x * x;
  const rms = Math.sqrt(power / Math.max(1, samples.length));
  const gain = rms > 0 ? (ONSET_DEFAULTS.gamma * ONSET_DEFAULTS.referenceRms) / rms : 0;
  const flux = new Float32Array(frames);
  let previous = new Float32Array(size / 2 + 1);
  let current = new Float32Array(size / 2 + 1);
  for (let f = 0; f < frames; f++) {
    spectrum.magnitudes(samples, f * hop, current);
    for (let k = 1; k <= bins; k++) current[k] = Math.log1p(gain * current[k]!);
    if (f > 0) {
      let sum = 0;
      for (let k = 1; k <= bins; k++) {
        const rise = current[k]! - previous[k]!;
        if (rise > 0) sum += rise;
      }
      flux[f] = sum;
    }
    [previous, current] = [current, previous];
  }
  const frameRate = sampleRate / hop;
  return { values: removeTrend(flux, Math.max(1, Math.round(ONSET_DEFAULTS.trendSeconds * frameRate))), frameRate };
}

/** flux − centred running mean, floored at 0. */
function removeTrend(flux: Float32Array, span: number): Float32Array {
  const out = new Float32Array(flux.length);
  const prefix = new Float64Array(flux.length + 1);
  for (let i = 0; i < flux.length; i++) prefix[i + 1] = prefix[i]! + flux[i]!;
  const half = Math.floor(span / 2);
  for (let i = 0; i < flux.length; i++) {
    const lo = Math.max(0, i - half);
    const hi = Math.min(flux.length, i + half + 1);
    const mean = (prefix[hi]! - prefix[lo]!) / (hi - lo);
    out[i] = Math.max(0, flux[i]! - mean);
  }
  return out;
}
