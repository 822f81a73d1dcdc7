/**
 * stepPeaks against a brute-force 4× interpolation of every sample interval: exact wherever a peak could
 * reach the threshold, never above the true value elsewhere — on noise, bright noise, sines, impulses and
 * square waves, where the curvature and tap-gain bounds are loosest.
 */
import { describe, expect, it } from "vitest";
import { createRng } from "../../../../src/engine/dsp/random.js";
import { stepPeaks, truePeakLinear } from "../../../../src/engine/dsp/true-peak.js";

const STEP = 32;

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 30; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
  }
  return sum;
}

/** The Annex 2 style interpolator as documented in true-peak.ts: 32 taps, Kaiser β = 8, normalised phases. */
const PHASES = [1, 2, 3].map((p) => {
  const taps = new Float64Array(32);
  let sum = 0;
  for (let t = 0; t < 32; t++) {
    const x = t - 15 - p / 4;
    const r = x / 16;
    taps[t] =
      ((x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x)) * besselI0(8 * Math.sqrt(1 - r * r))) / besselI0(8);
    sum += taps[t]!;
  }
  return taps.map((v) => v / sum);
});

function bruteStepPeaks(x: Float32Array): Float64Array {
  const out = new Float64Array(Math.ceil(x.length / STEP));
  for (let i = 0; i < x.length; i++) {
    let peak = Math.abs(x[i]!);
    for (const taps of PHASES) {
      let acc = 0;
      for (let t = 0; t < 32; t++) {
        const j = i - 15 + t;
        if (j >= 0 && j < x.length) acc += taps[t]! * x[j]!;
      }
      peak = Math.max(peak, Math.abs(acc));
    }
    const k = Math.floor(i / STEP);
    out[k] = Math.max(out[k]!, peak);
  }
  return out;
}

function signals(): [string, Float32Array][] {
  const rng = createRng(7);
  const n = 4000;
  const noise = Float32Array.from({ length: n }, () => rng.range(-0.8, 0.8));
  const bright = Float32Array.from({ length: n }, (_, i) => (i % 2 ? 1 : -1) * rng.range(0.3, 0.9));
  const bass = Float32Array.from({ length: n }, (_, i) => 0.9 * Math.sin(i * 0.01) + 0.05 * rng.range(-1, 1));
  const sine = Float32Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * 11025 * i) / 44100 + Math.PI / 4));
  const square = Float32Array.from({ length: n }, (_, i) => (Math.floor(i / 37) % 2 ? 0.7 : -0.7));
  const clicks = new Float32Array(n);
  for (let i = 50; i < n; i += 333) clicks[i] = i % 2 ? 0.9 : -0.9;
  return [
    ["noise", noise],
    ["bright", bright],
    ["bass", bass],
    ["fs/4 sine", sine],
    ["square", square],
    ["clicks", clicks],
  ];
}

describe("stepPeaks", () => {
  for (const [name, x] of signals()) {
    it(`${name}: exact per step with threshold 0, exact above per-step thresholds, never over-read`, () => {
      const brute = bruteStepPeaks(x);
      const exact = new Float32Array(brute.length);
      stepPeaks(x, STEP, 0, exact);
      for (let k = 0; k < brute.length; k++) expect(Math.abs(exact[k]! - brute[k]!)).toBeLessThan(1e-6);

      const rng = createRng(11);
      const thresholds = Float64Array.from(brute, (v) => v * rng.range(0.8, 1.25));
      const partial = new Float32Array(brute.length);
      stepPeaks(x, STEP, thresholds, partial);
      let exactSteps = 0;
      for (let k = 0; k < brute.length; k++) {
        if (brute[k]! >= thresholds[k]!) {
          expect(Math.abs(partial[k]! - brute[k]!)).toBeLessThan(1e-6);
          exactSteps++;
        } else expect(partial[k]!).toBeLessThanOrEqual(brute[k]! + 1e-6);
      }
      expect(exactSteps).toBeGreaterThan(0);

      let max = 0;
      for (const v of brute) max = Math.max(max, v);
      expect(
        Math.abs(truePeakLinear({ sampleRate: 44100, left: x, right: new Float32Array(x.length) }) - max),
      ).toBeLessThan(1e-6);
    });
  }
});
