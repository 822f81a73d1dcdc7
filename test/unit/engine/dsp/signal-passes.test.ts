/**
 * Whole-signal passes through the kernels in chunks: a chain of biquads and a note's 16-bit codes with its
 * K-weighted energy give what the JavaScript filters and measures give, across chunk boundaries.
 */
import { describe, expect, it } from "vitest";
import { Biquad, biquadCoefficients } from "../../../../src/engine/dsp/biquad.js";
import { STAGING, wasmKernels } from "../../../../src/engine/dsp/kernels.js";
import { kWeightedEnergy } from "../../../../src/engine/dsp/loudness.js";
import { applyGainCurve, filterChain, quantiseWithEnergy } from "../../../../src/engine/dsp/signal-passes.js";

const SR = 44100;

/** A decaying two-tone note with noise-like detail, 2.3 chunks long. */
function note(length = Math.round(STAGING.samples * 2.3)): Float32Array {
  return Float32Array.from(
    { length },
    (_, i) => Math.exp(-i / 4000) * (0.6 * Math.sin(i * 0.05) + 0.3 * Math.sin(i * 0.71 + Math.sin(i * 0.013))),
  );
}

const CHAIN = [
  biquadCoefficients("highpass", SR, 40, 0.7),
  biquadCoefficients("peaking", SR, 900, 0.8, 4),
  biquadCoefficients("highshelf", SR, 4500, 0.7, -3),
  biquadCoefficients("lowpass", SR, 9000, 0.7),
];

describe.runIf(wasmKernels())("signal passes", () => {
  it("a chain of 1 to 4 biquads filters as the filters one after another do, and reports the peak after", () => {
    for (let stages = 0; stages <= CHAIN.length; stages++) {
      const chain = CHAIN.slice(0, stages);
      const staged = note();
      const direct = note();
      const peak = filterChain(staged, chain);
      for (const c of chain) new Biquad(c).process(direct);
      let worst = 0;
      let directPeak = 0;
      for (let i = 0; i < direct.length; i++) {
        worst = Math.max(worst, Math.abs(staged[i]! - direct[i]!));
        directPeak = Math.max(directPeak, Math.abs(direct[i]!));
      }
      // the kernels keep double precision between filters, where the arrays round to single
      expect(worst).toBeLessThan(1e-6);
      expect(peak).toBeCloseTo(directPeak, 6);
      if (stages > 0) expect(staged.some((v, i) => Math.abs(v - note()[i]!) > 1e-3)).toBe(true);
    }
  });

  it("a chain longer than the staging holds runs in JavaScript, with the same result", () => {
    const chain = Array.from({ length: STAGING.stages + 1 }, (_, k) =>
      biquadCoefficients("peaking", SR, 200 * (k + 1), 1, 1),
    );
    const staged = note(1000);
    const direct = note(1000);
    filterChain(staged, chain);
    for (const c of chain) new Biquad(c).process(direct);
    expect([...staged]).toEqual([...direct]);
  });

  it("16-bit codes are Math.round of x / scale, and the energy is the K-weighted energy", () => {
    const x = note();
    let peak = 0;
    for (const v of x) peak = Math.max(peak, Math.abs(v));
    const scale = peak / 32767;
    const codes = new Int16Array(x.length);
    const energy = quantiseWithEnergy(x, scale, codes, SR);
    let mismatches = 0;
    for (let i = 0; i < x.length; i++) if (codes[i] !== Math.round(x[i]! / scale)) mismatches++;
    expect(mismatches).toBe(0);
    expect(Math.max(...codes)).toBe(32767);
    expect(energy).toBeGreaterThan(0);
    expect(energy / kWeightedEnergy(x, SR)).toBeCloseTo(1, 12);
  });

  it("a gain curve ramps between its knots (the last held), removes the offset, and raises the step peaks", () => {
    const step = 32;
    const length = STAGING.samples * 2 + 100;
    const x = note(length);
    const steps = Math.ceil(length / step);
    const gains = Float32Array.from({ length: steps }, (_, k) => 0.5 + 0.4 * Math.sin(k * 0.1));
    const peaks = new Float32Array(steps).fill(0.001);
    const from = 3 * step;
    const out = x.slice();
    applyGainCurve(out, gains, step, 0.01, from, length, peaks);
    let worst = 0;
    for (let i = 0; i < length; i++) {
      const k = Math.floor(i / step);
      const next = k + 1 < steps ? gains[k + 1]! : gains[k]!;
      const g = gains[k]! + ((next - gains[k]!) * (i - k * step)) / step;
      const want = i < from ? x[i]! : (x[i]! - 0.01) * g;
      worst = Math.max(worst, Math.abs(out[i]! - want));
    }
    expect(worst).toBeLessThan(1e-6);
    for (let k = 0; k < steps; k++) {
      let top = 0.001;
      if (k * step >= from)
        for (let i = k * step; i < Math.min(length, (k + 1) * step); i++) top = Math.max(top, Math.abs(out[i]!));
      expect(peaks[k]).toBeCloseTo(top, 7);
    }
  });
});
