/**
 * Integrated loudness per ITU-R BS.1770-4: K-weighting (pre-filter shelf + RLB high-pass), mean square over
 * 400 ms blocks with 75 % overlap, absolute gate −70 LUFS, relative gate −10 LU. The K filters are derived for
 * any sample rate from their analogue prototypes (the parameters libebur128 uses), which reproduces the
 * standard's 48 kHz coefficients exactly.
 */
import type { StereoBuffer } from "../types.js";
import { Biquad, type BiquadCoefficients } from "./biquad.js";

function kShelf(sampleRate: number): BiquadCoefficients {
  const f0 = 1681.974450955533;
  const G = 3.999843853973347;
  const Q = 0.7071752369554196;
  const K = Math.tan((Math.PI * f0) / sampleRate);
  const Vh = 10 ** (G / 20);
  const Vb = Vh ** 0.4996667741545416;
  const a0 = 1 + K / Q + K * K;
  return {
    b0: (Vh + (Vb * K) / Q + K * K) / a0,
    b1: (2 * (K * K - Vh)) / a0,
    b2: (Vh - (Vb * K) / Q + K * K) / a0,
    a1: (2 * (K * K - 1)) / a0,
    a2: (1 - K / Q + K * K) / a0,
  };
}

function kHighpass(sampleRate: number): BiquadCoefficients {
  const f0 = 38.13547087602444;
  const Q = 0.5003270373238773;
  const K = Math.tan((Math.PI * f0) / sampleRate);
  const a0 = 1 + K / Q + K * K;
  return { b0: 1, b1: -2, b2: 1, a1: (2 * (K * K - 1)) / a0, a2: (1 - K / Q + K * K) / a0 };
}

/** K-weighted copy of one channel. */
export function kWeight(channel: Float32Array, sampleRate: number): Float32Array {
  const out = Float32Array.from(channel);
  new Biquad(kShelf(sampleRate)).process(out);
  new Biquad(kHighpass(sampleRate)).process(out);
  return out;
}

/** Sum of K-weighted squares per 100 ms hop, over both channels (the gating blocks are 4 hops). */
export function kWeightedHopEnergies(buffer: StereoBuffer): Float64Array {
  const hop = Math.round(buffer.sampleRate * 0.1);
  const steps = kWeightedStepEnergies(buffer, hop);
  const hops = Math.floor(buffer.left.length / hop);
  return Float64Array.from(steps.subarray(0, hops));
}

/** Gated integrated loudness from hop energies (each 100 ms of `hopSamples`). −Infinity for silence. */
export function gatedLoudness(hopEnergy: Float64Array, hopSamples: number): number {
  const blocks: number[] = [];
  for (let b = 0; b + 4 <= hopEnergy.length; b++) {
    const z = (hopEnergy[b]! + hopEnergy[b + 1]! + hopEnergy[b + 2]! + hopEnergy[b + 3]!) / (4 * hopSamples);
    blocks.push(z);
  }
  const loud = (z: number) => -0.691 + 10 * Math.log10(z);
  const absGated = blocks.filter((z) => z > 0 && loud(z) > -70);
  if (absGated.length === 0) return Number.NEGATIVE_INFINITY;
  const meanAbs = absGated.reduce((a, b) => a + b, 0) / absGated.length;
  const relative = loud(meanAbs) - 10;
  const relGated = absGated.filter((z) => loud(z) > relative);
  const mean = relGated.reduce((a, b) => a + b, 0) / relGated.length;
  return loud(mean);
}

/** Integrated loudness in LUFS (ITU-R BS.1770-4). −Infinity for silence. */
export function integratedLoudness(buffer: StereoBuffer): number {
  const hop = Math.round(buffer.sampleRate * 0.1);
  return gatedLoudness(kWeightedHopEnergies(buffer), hop);
}

/** K-weighted energy (sum of squares over both channels) per step of `step` samples, streamed. */
export function kWeightedStepEnergies(buffer: StereoBuffer, step: number): Float32Array {
  const n = buffer.left.length;
  const steps = Math.ceil(n / step);
  const energy = new Float32Array(steps);
  const block = new Float32Array(step * 64);
  for (const ch of [buffer.left, buffer.right]) {
    const shelf = new Biquad(kShelf(buffer.sampleRate));
    const hp = new Biquad(kHighpass(buffer.sampleRate));
    for (let start = 0; start < n; start += block.length) {
      const len = Math.min(block.length, n - start);
      block.set(ch.subarray(start, start + len));
      shelf.process(block, 0, len);
      hp.process(block, 0, len);
      for (let j = 0; j < len; j += step) {
        let sum = 0;
        const end = Math.min(len, j + step);
        for (let i = j; i < end; i++) sum += block[i]! * block[i]!;
        energy[(start + j) / step]! += sum;
      }
    }
  }
  return energy;
}

/**
 * Integrated loudness of the signal whose K-weighted step energies are `energy`, after multiplying step k by
 * gains[k] (gains applied to the signal, not the energy). Hops of round(0.1 s / step) steps.
 */
export function loudnessWithGains(
  energy: Float32Array,
  gains: Float32Array | undefined,
  step: number,
  sampleRate: number,
): number {
  const hopSteps = Math.max(1, Math.round((0.1 * sampleRate) / step));
  const hops = Math.floor(energy.length / hopSteps);
  const hopEnergy = new Float64Array(hops);
  for (let h = 0; h < hops; h++) {
    let sum = 0;
    for (let k = h * hopSteps; k < (h + 1) * hopSteps; k++) {
      const g = gains ? gains[k]! : 1;
      sum += energy[k]! * g * g;
    }
    hopEnergy[h] = sum;
  }
  return gatedLoudness(hopEnergy, hopSteps * step);
}
