/**
 * KWeightedSteps: the loudness of a signal after a stepwise-linear gain curve, from step moments, against a
 * full BS.1770-4 measure of the signal with the curve actually applied.
 */
import { describe, expect, it } from "vitest";
import { wasmKernels } from "../../../../src/engine/dsp/kernels.js";
import {
  integratedLoudness,
  KWeightedSteps,
  kWeightedEnergy,
  kWeightedStepEnergies,
} from "../../../../src/engine/dsp/loudness.js";
import { createRng } from "../../../../src/engine/dsp/random.js";
import type { StereoBuffer } from "../../../../src/engine/types.js";

const STEP = 32;

function music(sampleRate: number, seconds: number): StereoBuffer {
  const rng = createRng(3);
  const n = Math.round(sampleRate * seconds) + 17; // not a whole number of steps or hops
  const left = new Float32Array(n);
  const right = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate;
    const swell = 0.5 + 0.5 * Math.sin(2 * Math.PI * 0.3 * t);
    left[i] = 0.4 * swell * Math.sin(2 * Math.PI * 110 * t) + 0.05 * rng.range(-1, 1);
    right[i] = 0.3 * Math.sin(2 * Math.PI * 2500 * t) * (t % 1 < 0.5 ? 1 : 0.1) + 0.05 * rng.range(-1, 1);
  }
  return { sampleRate, left, right };
}

function analysed(b: StereoBuffer): KWeightedSteps {
  const steps = new KWeightedSteps(b.left.length, b.sampleRate, STEP);
  // fed in uneven blocks (whole steps), as the master does
  for (let from = 0; from < b.left.length; from += STEP * 97) {
    const to = Math.min(b.left.length, from + STEP * 97);
    steps.add(b.left, b.right, from, to);
  }
  return steps;
}

function applied(b: StereoBuffer, gains: Float32Array, scale: number): StereoBuffer {
  const out = { sampleRate: b.sampleRate, left: Float32Array.from(b.left), right: Float32Array.from(b.right) };
  for (const ch of [out.left, out.right]) {
    for (let i = 0; i < ch.length; i++) {
      const k = Math.floor(i / STEP);
      const g0 = gains[k]!;
      const g1 = k + 1 < gains.length ? gains[k + 1]! : g0;
      ch[i] = ch[i]! * (g0 + ((g1 - g0) * (i - k * STEP)) / STEP) * scale;
    }
  }
  return out;
}

describe("KWeightedSteps", () => {
  for (const rate of [44100, 48000]) {
    it(`without gains equals integratedLoudness (${rate} Hz)`, () => {
      const b = music(rate, 12);
      expect(Math.abs(analysed(b).loudness() - integratedLoudness(b))).toBeLessThan(1e-4);
    });

    it(`after a gain curve (ramps, a fade, a limiter-like dip) matches a full re-measure within 0.01 LU (${rate} Hz)`, () => {
      const b = music(rate, 12);
      const steps = Math.ceil(b.left.length / STEP);
      const gains = new Float32Array(steps);
      for (let k = 0; k < steps; k++) {
        const t = (k * STEP) / rate;
        const dip = t > 3 && t < 3.05 ? 0.3 : 1;
        const fade = t > 9 ? Math.max(0, 1 - (t - 9) / 3) : 1;
        gains[k] = (0.6 + 0.4 * Math.sin(2 * Math.PI * 0.7 * t) ** 2) * dip * fade * 2.5;
      }
      const derived = analysed(b).loudness(gains, 0.8);
      const measured = integratedLoudness(applied(b, gains, 0.8));
      expect(Number.isFinite(measured)).toBe(true);
      expect(Math.abs(derived - measured)).toBeLessThan(0.01);
      // and the gains matter: not the ungained loudness
      expect(Math.abs(derived - analysed(b).loudness())).toBeGreaterThan(1);
    });
  }
});

describe("kWeightedEnergy", () => {
  it("equals the step energies of the same channel summed (one channel, the other silent)", () => {
    const { left } = music(44100, 3);
    const silent = new Float32Array(left.length);
    const steps = kWeightedStepEnergies({ sampleRate: 44100, left, right: silent }, 4410);
    const total = steps.reduce((sum, e) => sum + e, 0);
    expect(kWeightedEnergy(left, 44100) / total).toBeCloseTo(1, 4);
    // the K filter weighs a 30 Hz rumble far under a 3 kHz tone of the same level
    const tone = (hz: number) =>
      Float32Array.from({ length: 44100 }, (_, i) => Math.sin((2 * Math.PI * hz * i) / 44100));
    expect(kWeightedEnergy(tone(30), 44100)).toBeLessThan(0.5 * kWeightedEnergy(tone(3000), 44100));
  });
});

describe("KWeightedSteps through the kernel", () => {
  it("sums the same moments, hop splits and filter state as the JavaScript, exactly", () => {
    const wasm = wasmKernels();
    if (!wasm) return; // without WebAssembly SIMD only the JavaScript runs (the suites above cover it)
    const b = music(44100, 3);
    const n = b.left.length;
    // a silent stretch: the filters' state decays through denormals, which both flush at the end of each add
    b.left.fill(0, 44100, 88200);
    b.right.fill(0, 44100, 88200);
    const base = 1000;
    // blocks of whole steps larger than a staged chunk, read at an offset, the first steps run but not recorded
    const left = new Float32Array(n + base);
    const right = new Float32Array(n + base);
    left.set(b.left, base);
    right.set(b.right, base);
    const recordFrom = STEP * 40;
    for (const moments of [true, false]) {
      const kernel = new KWeightedSteps(n, b.sampleRate, STEP, moments);
      const js = new KWeightedSteps(n, b.sampleRate, STEP, moments);
      wasm.staging.kWeighting.fill(0);
      for (let from = 0; from < n; from += STEP * 300) {
        const to = Math.min(n, from + STEP * 300);
        kernel.add(left, right, from, to, -base, recordFrom);
        js.addInJs(left, right, from, to, -base, recordFrom);
      }
      // the kernel ran: its coefficients were staged
      expect(wasm.staging.kWeighting[12]).toBeGreaterThan(1);
      const [k, j] = [kernel.arrays, js.arrays];
      expect(k.m0).toEqual(j.m0);
      expect(k.m1).toEqual(j.m1);
      expect(k.m2).toEqual(j.m2);
      expect(k.split).toEqual(j.split);
      expect(k.m0[recordFrom / STEP - 1]).toBe(0);
      expect(Math.max(...k.split)).toBeGreaterThan(0);
      expect(kernel.loudness()).toBe(js.loudness());
      if (moments) {
        const gains = Float32Array.from({ length: kernel.steps }, (_, i) => 0.5 + 0.4 * Math.sin(i / 50));
        expect(kernel.loudness(gains, 0.8)).toBe(js.loudness(gains, 0.8));
      }
    }
  });
});

describe.runIf(wasmKernels())("loudness under a gain curve through the kernel", () => {
  it("gives the JavaScript's hop energies to the bit, at every call, and lets go of the arena", () => {
    const arena = wasmKernels()!.arena;
    const before = arena.mark();
    for (const rate of [44100, 48000]) {
      const meter = analysed(music(rate, 3.3)) as unknown as {
        steps: number;
        loudness(gains?: Float32Array): number;
        hopEnergies(gains?: Float32Array): Float64Array;
        hopEnergiesThroughKernel(gains: Float32Array): Float64Array | undefined;
        useArena(): void;
        leaveArena(): void;
      };
      // only where its caller owns the arena's stretch (the master) does the meter copy into it
      expect(meter.hopEnergiesThroughKernel(new Float32Array(meter.steps).fill(1))).toBeUndefined();
      expect(arena.mark()).toBe(before);
      meter.useArena();
      for (const shape of [0.5, 2, 7]) {
        const gains = Float32Array.from({ length: meter.steps }, (_, k) => 0.6 + 0.4 * Math.sin(k * 0.001 * shape));
        const kernel = meter.hopEnergiesThroughKernel(gains);
        expect(kernel).toBeDefined();
        expect(Array.from(kernel!)).toEqual(Array.from(meter.hopEnergies(gains)));
        expect(kernel!.some((e) => e > 0)).toBe(true);
      }
      meter.leaveArena();
      arena.release(before);
    }
    expect(arena.mark()).toBe(before);
  });
});
