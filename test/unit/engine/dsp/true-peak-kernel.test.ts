/**
 * The hinted true-peak search through the kernels gives the JavaScript's step peaks to the bit: on material
 * where most steps are decided by the hint and where most are read, with per-step and fixed thresholds, with
 * and without curvature, over part of the signal, near its edges and in runs longer than one staged piece;
 * it gives its stretch of the arena back, and leaves what it cannot take (Float64 thresholds) to JavaScript.
 */
import { describe, expect, it } from "vitest";
import { wasmKernels } from "../../../../src/engine/dsp/kernels.js";
import { createRng } from "../../../../src/engine/dsp/random.js";
import { KERNEL_TAPS, stepPeaks, stepPeaksInJs } from "../../../../src/engine/dsp/true-peak.js";
import { stepPeaksThroughKernel, TRUE_PEAK_ARENA_BYTES } from "../../../../src/engine/dsp/true-peak-kernel.js";
import { firstDifference } from "./same-bits.js";

const wasm = wasmKernels();
const STEP = 32;

/** Bursts of loud, bright noise over a quiet bass line: some steps near the ceiling, most far below it. */
function material(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, (_, i) => {
    const loud = Math.floor(i / 3000) % 3 === 1;
    return 0.3 * Math.sin(i * 0.013) + (loud ? rng.range(-0.7, 0.7) * (i % 2 ? 1 : -1) : rng.range(-0.02, 0.02));
  });
}

/** The hint a render leaves: each step's largest |x| and largest |Δ²x| (an upper bound is enough). */
function hintOf(x: Float32Array, withCurvature: boolean) {
  const steps = Math.ceil(x.length / STEP);
  const peaks = new Float32Array(steps);
  const curvature = new Float32Array(steps);
  for (let i = 0; i < x.length; i++) {
    const k = Math.floor(i / STEP);
    peaks[k] = Math.max(peaks[k]!, Math.abs(x[i]!));
    if (i > 0 && i + 1 < x.length) {
      curvature[k] = Math.max(curvature[k]!, Math.abs(x[i - 1]! - 2 * x[i]! + x[i + 1]!) * 1.0001);
    }
  }
  return withCurvature ? { peaks, curvature } : { peaks };
}

describe.runIf(wasm)("true-peak search kernel", () => {
  it("gives the JavaScript's step peaks to the bit", () => {
    const before = wasm!.arena.mark();
    for (const n of [40, 1000, 4111, 90_000]) {
      const x = material(n, n);
      const steps = Math.ceil(n / STEP);
      const rng = createRng(n + 1);
      const perStep = Float32Array.from({ length: steps }, () => rng.range(0.2, 1.1));
      for (const withCurvature of [true, false]) {
        const hint = hintOf(x, withCurvature);
        for (const threshold of [perStep, 0.05, 0.6, 2]) {
          for (const [from, to] of [
            [0, steps],
            [1, Math.max(2, steps - 3)],
          ] as const) {
            // both start from what an earlier channel left
            const seeded = Float32Array.from({ length: steps }, (_, k) => (k % 7 === 0 ? 0.5 : 0));
            const kernel = seeded.slice();
            const js = seeded.slice();
            expect(stepPeaksThroughKernel(x, STEP, threshold, kernel, from, to, hint, KERNEL_TAPS)).toBe(true);
            stepPeaksInJs(x, STEP, threshold, js, from, to, hint);
            const what = `${n} samples, threshold ${typeof threshold === "number" ? threshold : "per step"}, curvature ${withCurvature}, steps ${from}..${to}`;
            expect(firstDifference(kernel, js), what).toBe(-1);
            if (threshold === 0.05 && n > 1000) expect(Math.max(...kernel), what).toBeGreaterThan(0.7);
          }
        }
      }
      expect(wasm!.arena.mark()).toBe(before);
    }
  });

  it("leaves a piece too long for its share of the arena to JavaScript, taking none of the arena", () => {
    // with one threshold: four arrays of 4 bytes a step (hint peaks, curvature, found, listed), just past the share
    const steps = Math.ceil(TRUE_PEAK_ARENA_BYTES / 16) + 1;
    const x = new Float32Array(steps * STEP);
    const hint = { peaks: new Float32Array(steps), curvature: new Float32Array(steps) };
    const before = wasm!.arena.mark();
    const room = wasm!.arena.room();
    expect(stepPeaksThroughKernel(x, STEP, 0.5, new Float32Array(steps), 0, steps, hint, KERNEL_TAPS)).toBe(false);
    expect(wasm!.arena.mark()).toBe(before);
    // (the arena itself had room: it is the share that says no)
    expect(room).toBeGreaterThan(TRUE_PEAK_ARENA_BYTES + 1024 * 1024);
    // a piece under the share takes the kernels
    const short = Math.floor(steps / 2);
    const y = new Float32Array(short * STEP);
    const hinted = { peaks: new Float32Array(short), curvature: new Float32Array(short) };
    expect(stepPeaksThroughKernel(y, STEP, 0.5, new Float32Array(short), 0, short, hinted, KERNEL_TAPS)).toBe(true);
  });

  it("stepPeaks takes the kernels with a hint, and JavaScript for Float64 thresholds, to the same peaks", () => {
    const x = material(20_000, 3);
    const steps = Math.ceil(x.length / STEP);
    const hint = hintOf(x, true);
    const f32 = new Float32Array(steps).fill(0.4);
    const viaKernel = new Float32Array(steps);
    const viaJs = new Float32Array(steps);
    stepPeaks(x, STEP, f32, viaKernel, 0, steps, hint);
    expect(stepPeaksThroughKernel(x, STEP, new Float64Array(steps).fill(0.4), viaJs, 0, steps, hint, KERNEL_TAPS)).toBe(
      false,
    );
    stepPeaks(x, STEP, new Float64Array(steps).fill(0.4), viaJs, 0, steps, hint);
    expect(firstDifference(viaKernel, viaJs)).toBe(-1);
    expect(Math.max(...viaKernel)).toBeGreaterThan(0.4);
  });
});
