/**
 * True peak per BS.1770-4 Annex 2 on worst-case material: sines whose samples straddle the crest (the
 * classic fs/4 at 45° case, sample peak −3 dB below the true peak), and a square wave's Gibbs overshoot.
 */
import { describe, expect, it } from "vitest";
import { truePeak } from "../../../../src/engine/dsp/true-peak.js";

function sine(sampleRate: number, hz: number, phase: number, amp: number, seconds = 1) {
  const n = Math.round(sampleRate * seconds);
  const left = new Float32Array(n);
  for (let i = 0; i < n; i++) left[i] = amp * Math.sin((2 * Math.PI * hz * i) / sampleRate + phase);
  return { sampleRate, left, right: new Float32Array(n) };
}

describe("truePeak", () => {
  it("finds the crest of an fs/4 sine sampled at ±45° (sample peak −3 dB, true peak 0 dBTP)", () => {
    const b = sine(48000, 12000, Math.PI / 4, 1);
    let samplePeak = 0;
    for (const v of b.left) samplePeak = Math.max(samplePeak, Math.abs(v));
    expect(20 * Math.log10(samplePeak)).toBeCloseTo(-3.01, 1);
    expect(Math.abs(truePeak(b))).toBeLessThan(0.3);
  });

  it("reads a 1 kHz sine at −6 dBFS as −6 dBTP", () => {
    expect(Math.abs(truePeak(sine(44100, 1000, 0.3, 0.5)) + 6)).toBeLessThan(0.1);
  });

  it("sees inter-sample overs in a full-scale sine at fs/6 with an unlucky phase", () => {
    const b = sine(44100, 44100 / 6, Math.PI / 6 + 0.2, 1);
    let samplePeak = 0;
    for (const v of b.left) samplePeak = Math.max(samplePeak, Math.abs(v));
    expect(samplePeak).toBeLessThan(0.99);
    expect(Math.abs(truePeak(b))).toBeLessThan(0.3);
  });
});
