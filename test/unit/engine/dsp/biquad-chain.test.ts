/**
 * A note's EQ through the kernel (biquadChain): the samples of dsp/biquad.ts Biquad.process run filter after
 * filter, to the bit, for chains of one to five filters of every kind.
 */
import { describe, expect, it } from "vitest";
import { Biquad, biquadCoefficients } from "../../../../src/engine/dsp/biquad.js";
import { wasmKernels } from "../../../../src/engine/dsp/kernels.js";

const wasm = wasmKernels();
const SR = 44100;

describe.runIf(wasm)("biquad chain kernel", () => {
  it("gives Biquad.process's samples, one filter after another", () => {
    const filters = [
      biquadCoefficients("highpass", SR, 120, 0.71),
      biquadCoefficients("peaking", SR, 900, 1.2, -4),
      biquadCoefficients("highshelf", SR, 6000, 0.7, 3),
      biquadCoefficients("lowpass", SR, 9000, 0.9),
      biquadCoefficients("lowshelf", SR, 200, 0.7, 2.5),
    ];
    for (let count = 1; count <= filters.length; count++) {
      for (const n of [1, 2, 777, 20_000]) {
        const signal = Float32Array.from(
          { length: n },
          (_, i) => Math.sin(i * 0.07) * Math.exp(-i / 5000) + (i % 97 === 0 ? 0.4 : 0),
        );
        const want = signal.slice();
        for (const c of filters.slice(0, count)) new Biquad(c).process(want);
        const mark = wasm!.arena.mark();
        const got = wasm!.arena.f32(n);
        got.set(signal);
        const coefs = wasm!.arena.f64(5 * count);
        for (let k = 0; k < count; k++) {
          const c = filters[k]!;
          coefs.set([c.b0, c.b1, c.b2, c.a1, c.a2], 5 * k);
        }
        wasm!.kernels.biquadChain(got.byteOffset, n, coefs.byteOffset, count);
        const same = Buffer.compare(Buffer.from(got.buffer, got.byteOffset, got.byteLength), Buffer.from(want.buffer));
        expect(same, `${count} filters, ${n} samples`).toBe(0);
        expect(got.some((x, i) => x !== signal[i])).toBe(true);
        wasm!.arena.release(mark);
      }
    }
  });
});
