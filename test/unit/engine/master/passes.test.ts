/**
 * The analysis pass against direct computation: the mix is the stems' sum, the step sample peaks and
 * curvatures (the bounds the true-peak search relies on to skip steps) are exact over both channels — across
 * block edges and a last partial step — and the means include every stem.
 */
import { describe, expect, it } from "vitest";
import { STEP } from "../../../../src/engine/master/gain-curves.js";
import { analyse } from "../../../../src/engine/master/passes.js";
import { ROLES, type Role, type StereoBuffer } from "../../../../src/engine/types.js";

function stem(n: number, seed: number, dc: number): StereoBuffer {
  let s = seed;
  const noise = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
  const left = Float32Array.from({ length: n }, (_, i) => 0.3 * Math.sin(i * 0.013 * seed) + 0.2 * noise() + dc);
  const right = Float32Array.from({ length: n }, (_, i) => (i % 977 === 0 ? 0.9 : 0.1 * noise()));
  return { sampleRate: 44100, left, right };
}

describe("analyse", () => {
  for (const count of [5, 3, 1]) {
    it(`${count} stem(s): mix, step peaks, curvature and means match a direct computation`, () => {
      const n = 8192 * 3 + 1000; // several blocks and a partial last step
      const stems = Array.from({ length: count }, (_, j) => stem(n, j + 2, j === 0 ? 0.01 : 0));
      const mix = { sampleRate: 44100, left: new Float32Array(n), right: new Float32Array(n) };
      const a = analyse(mix, stems, (ROLES as readonly Role[]).slice(0, count), n);
      const steps = Math.ceil(n / STEP);
      const peaks = new Float64Array(steps);
      const curve = new Float64Array(steps);
      let sumL = 0;
      for (const key of ["left", "right"] as const) {
        const x = Float32Array.from({ length: n }, (_, i) => stems.reduce((acc, s) => acc + s[key][i]!, 0));
        for (let i = 0; i < n; i++) {
          expect(Math.abs(mix[key][i]! - x[i]!)).toBeLessThan(1e-6);
          const k = Math.floor(i / STEP);
          peaks[k] = Math.max(peaks[k]!, Math.abs(mix[key][i]!));
          if (i > 0 && i + 1 < n) {
            const d = Math.abs(mix[key][i - 1]! - 2 * mix[key][i]! + mix[key][i + 1]!);
            curve[k] = Math.max(curve[k]!, d);
          }
          if (key === "left") sumL += x[i]!;
        }
      }
      for (let k = 0; k < steps; k++) {
        expect(a.samplePeaks[k]).toBeCloseTo(peaks[k]!, 6);
        expect(a.curvature[k]).toBeCloseTo(curve[k]!, 6);
      }
      expect(a.means.mix[0]).toBeCloseTo(sumL / n, 6);
      expect(a.means.stems[0]![0]).toBeCloseTo(0.01, 2);
    });
  }
});
