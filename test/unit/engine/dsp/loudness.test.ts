/**
 * Loudness per ITU-R BS.1770-4 against the EBU Tech 3341 (2016) minimum requirements test signals we can
 * synthesise: 1 kHz stereo sines at known levels, and the gating cases built from level steps.
 */
import { describe, expect, it } from "vitest";
import { integratedLoudness } from "../../../../src/engine/dsp/loudness.js";
import type { StereoBuffer } from "../../../../src/engine/types.js";

function sineSteps(sampleRate: number, steps: [seconds: number, dbfs: number][], hz = 1000): StereoBuffer {
  const total = steps.reduce((a, [s]) => a + Math.round(s * sampleRate), 0);
  const left = new Float32Array(total);
  let at = 0;
  for (const [seconds, db] of steps) {
    const amp = 10 ** (db / 20);
    const n = Math.round(seconds * sampleRate);
    for (let i = 0; i < n; i++) left[at + i] = amp * Math.sin((2 * Math.PI * hz * (at + i)) / sampleRate);
    at += n;
  }
  return { sampleRate, left, right: Float32Array.from(left) };
}

describe("integratedLoudness (EBU Tech 3341)", () => {
  for (const rate of [48000, 44100]) {
    it(`case 1: 1 kHz stereo sine at −23 dBFS reads −23.0 LUFS ±0.1 (${rate} Hz)`, () => {
      expect(integratedLoudness(sineSteps(rate, [[20, -23]]))).toBeCloseTo(-23, 1);
    });
    it(`case 2: at −33 dBFS reads −33.0 LUFS ±0.1 (${rate} Hz)`, () => {
      expect(Math.abs(integratedLoudness(sineSteps(rate, [[20, -33]])) + 33)).toBeLessThan(0.1);
    });
  }
  it("case 3: −36 / −23 / −36 dBFS (10 s, 60 s, 10 s) reads −23 ±0.1 (relative gate)", () => {
    const l = integratedLoudness(
      sineSteps(48000, [
        [10, -36],
        [60, -23],
        [10, -36],
      ]),
    );
    expect(Math.abs(l + 23)).toBeLessThan(0.1);
  });
  it("case 4: −72 / −36 / −23 / −36 / −72 dBFS reads −23 ±0.1 (absolute gate)", () => {
    const l = integratedLoudness(
      sineSteps(48000, [
        [10, -72],
        [10, -36],
        [60, -23],
        [10, -36],
        [10, -72],
      ]),
    );
    expect(Math.abs(l + 23)).toBeLessThan(0.1);
  });
  it("case 5: −26 / −20 / −26 dBFS (20 s, 20.1 s, 20 s) reads −23 ±0.1", () => {
    const l = integratedLoudness(
      sineSteps(48000, [
        [20, -26],
        [20.1, -20],
        [20, -26],
      ]),
    );
    expect(Math.abs(l + 23)).toBeLessThan(0.1);
  });
  it("weights the high shelf: a 4 kHz sine reads louder than 1 kHz at the same level, a 50 Hz one quieter", () => {
    const at1k = integratedLoudness(sineSteps(48000, [[5, -20]], 1000));
    const at4k = integratedLoudness(sineSteps(48000, [[5, -20]], 4000));
    const at50 = integratedLoudness(sineSteps(48000, [[5, -20]], 50));
    expect(at4k - at1k).toBeGreaterThan(2);
    expect(at4k - at1k).toBeLessThan(4.5);
    expect(at50).toBeLessThan(at1k - 0.5);
  });
  it("silence is −Infinity", () => {
    const z = new Float32Array(48000 * 2);
    expect(integratedLoudness({ sampleRate: 48000, left: z, right: z })).toBe(Number.NEGATIVE_INFINITY);
  });
});
