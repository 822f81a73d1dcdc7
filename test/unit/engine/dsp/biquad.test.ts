import { describe, expect, it } from "vitest";
import { Biquad, biquadCoefficients } from "../../../../src/engine/dsp/biquad.js";

const SR = 44100;
const sine = (hz: number, n: number) =>
  Float32Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * hz * i) / SR));
const rms = (x: Float32Array, from = 0) =>
  Math.sqrt(x.subarray(from).reduce((s, v) => s + v * v, 0) / (x.length - from));

describe("biquad", () => {
  it("a 1 kHz low-pass (RBJ) passes 100 Hz and cuts 10 kHz by over 30 dB", () => {
    const c = biquadCoefficients("lowpass", SR, 1000);
    const low = sine(100, SR);
    const high = sine(10_000, SR);
    new Biquad(c).process(low);
    new Biquad(c).process(high);
    expect(20 * Math.log10(rms(low, 4410) / Math.SQRT1_2)).toBeCloseTo(0, 1);
    expect(20 * Math.log10(rms(high, 4410) / Math.SQRT1_2)).toBeLessThan(-30);
  });

  it("filters a long buffer (many chunks) exactly as sample by sample, and as in calls split anywhere", () => {
    const c = biquadCoefficients("peaking", SR, 2500, 1.2, 6);
    const x = Float32Array.from({ length: 20_011 }, (_, i) => Math.sin(i * 0.37) * Math.cos(i * 0.0021));
    const whole = x.slice();
    new Biquad(c).process(whole);
    const bySample = new Biquad(c);
    const expected = Float32Array.from(x, (v) => bySample.processSample(v));
    expect(whole).toEqual(expected);
    const split = x.slice();
    const f = new Biquad(c);
    for (const [from, to] of [
      [0, 5],
      [5, 4099],
      [4099, 12_000],
      [12_000, 20_011],
    ] as const) {
      f.process(split, from, to);
    }
    expect(split).toEqual(whole);
  });
});
