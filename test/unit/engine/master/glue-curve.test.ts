/**
 * The glue curve is the `Compressor` detector run once per step: same gains (to Float32 precision) on a
 * level sequence with silence, a slow swell, bursts over the knee and long releases, looped or not.
 */
import { describe, expect, it } from "vitest";
import { Compressor } from "../../../../src/engine/dsp/dynamics.js";
import { glueCurve, STEP } from "../../../../src/engine/master/gain-curves.js";

const SR = 44100;
const OPTIONS = { thresholdDb: -12, ratio: 2, kneeDb: 6, attackSeconds: 0.015, releaseSeconds: 0.2 };

function levels(): Float32Array {
  const steps = 40000;
  const x = new Float32Array(steps);
  for (let k = 0; k < steps; k++) {
    const t = (k * STEP) / SR;
    const swell = 0.05 + 0.3 * Math.sin(t * 0.7) ** 2;
    const burst = t % 3 < 0.4 ? 0.9 : 0;
    x[k] = t > 20 && t < 22 ? 0 : Math.max(swell, burst);
  }
  return x;
}

describe("glueCurve", () => {
  for (const circular of [false, true]) {
    it(`matches the Compressor detector step for step (${circular ? "looped" : "not looped"})`, () => {
      const x = levels();
      const comp = new Compressor(SR, OPTIONS, STEP);
      if (circular) for (let k = x.length - Math.round((2 * SR) / STEP); k < x.length; k++) comp.gainFor(x[k]!);
      const curve = glueCurve(x, SR, OPTIONS, circular);
      let reduced = 0;
      for (let k = 0; k < x.length; k++) {
        const expected = Math.fround(comp.gainFor(x[k]!));
        expect(Math.abs(curve[k]! - expected)).toBeLessThanOrEqual(2e-7);
        if (curve[k]! < 0.99) reduced++;
      }
      expect(reduced).toBeGreaterThan(100);
    });
  }
});
