/**
 * Sample-rate conversion: a loop converted as a loop (circular) repeats without a seam — its first and last
 * samples follow the source's waveform across the join, where a plain conversion fades them into silence.
 */
import { describe, expect, it } from "vitest";
import { Resampler, resampleChannel, resampledLength } from "../../../../src/engine/dsp/resample.js";

/** One second of a 441 Hz cosine at 44.1 kHz: exactly 441 periods, so the second repeats seamlessly. */
const loop = Float32Array.from({ length: 44100 }, (_, i) => 0.5 * Math.cos((2 * Math.PI * 441 * i) / 44100));
const ideal = (j: number, rate: number) => 0.5 * Math.cos((2 * Math.PI * 441 * j) / rate);

function errors(y: Float32Array, rate: number): { edge: number; middle: number } {
  let edge = 0;
  let middle = 0;
  for (let j = 0; j < y.length; j++) {
    const e = Math.abs(y[j]! - ideal(j, rate));
    if (j < 40 || j >= y.length - 40) edge = Math.max(edge, e);
    else middle = Math.max(middle, e);
  }
  return { edge, middle };
}

describe("resampleChannel", () => {
  it("converts a loop around its ends when circular, so it joins as the source did", () => {
    for (const rate of [48000, 32000]) {
      const plain = errors(resampleChannel(loop, 44100, rate), rate);
      const circular = errors(resampleChannel(loop, 44100, rate, undefined, true), rate);
      expect(circular.middle).toBeLessThan(1e-4);
      // the plain conversion reads silence past the ends: its edges are far off, the loop's are not
      expect(plain.edge).toBeGreaterThan(0.02);
      expect(circular.edge).toBeLessThan(1e-4);
    }
  });

  it("converts a range from a window of the input exactly as the whole channel", () => {
    const n = 30_011;
    const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * Math.cos(i * 0.011));
    const whole = resampleChannel(x, 44100, 48000);
    const r = new Resampler(n, 44100, 48000);
    expect(r.outLength).toBe(resampledLength(n, 44100, 48000));
    const from = 10_000;
    const to = 20_000;
    const start = r.firstInput(from);
    const window = x.slice(start, r.endInput(to - 1));
    const part = new Float32Array(to - from);
    r.range(window, start, part, from, to, from);
    expect(Buffer.compare(Buffer.from(part.buffer), Buffer.from(whole.slice(from, to).buffer))).toBe(0);
  });
});
