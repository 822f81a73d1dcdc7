/**
 * The reverb's tank runs at half the sample rate. What it returns must not image into the top octave (a
 * steady pad used to leave a line near 21 kHz in every stem it was sent from), what it is sent must not fold
 * into it, and the halfbands' delay must not move the tail.
 */
import { describe, expect, it } from "vitest";
import { halfbandTaps } from "../../../../src/engine/dsp/halfband.js";
import { wasmKernels } from "../../../../src/engine/dsp/kernels.js";
import { Reverb } from "../../../../src/engine/dsp/reverb.js";
import { magnitudeSpectrum } from "../synthesize/spectrum.js";

const SR = 44100;
const BLOCK = 512;

function wetOf(input: Float32Array, options = { decaySeconds: 3, dampingHz: 6000, preDelayMs: 18, size: 1 }) {
  const reverb = new Reverb(SR, options);
  const left = new Float32Array(input.length);
  const right = new Float32Array(input.length);
  for (let t = 0; t < input.length; t += BLOCK) {
    const n = Math.min(BLOCK, input.length - t);
    reverb.process(
      input.subarray(t, t + n),
      input.subarray(t, t + n),
      left.subarray(t, t + n),
      right.subarray(t, t + n),
      0,
      n,
    );
  }
  return { left, right };
}

function tone(hz: number, seconds: number): Float32Array {
  const x = new Float32Array(Math.round(seconds * SR));
  for (let i = 0; i < x.length; i++) x[i] = 0.25 * Math.sin((2 * Math.PI * hz * i) / SR);
  return x;
}

/** Energy (dB) of the spectrum between loHz and hiHz, relative to its whole. */
function bandDb(x: Float32Array, loHz: number, hiHz: number): number {
  const size = 32768;
  const mag = magnitudeSpectrum(x.subarray(x.length - size), size);
  let band = 0;
  let total = 0;
  for (let k = 0; k < mag.length; k++) {
    const e = mag[k]! ** 2;
    total += e;
    if ((k * SR) / size >= loHz && (k * SR) / size <= hiHz) band += e;
  }
  return 10 * Math.log10(band / total);
}

describe("reverb at half rate", () => {
  it("a steady 1 kHz tone's tail holds nothing at its image (21 kHz) nor anywhere above 15 kHz", () => {
    const { left, right } = wetOf(tone(1000, 2));
    expect(bandDb(left, 15000, 22050)).toBeLessThan(-80);
    expect(bandDb(right, 20500, 21500)).toBeLessThan(-80);
  });

  it("a 15 kHz tone sent in does not fold down to 7 kHz inside the tank", () => {
    const { left } = wetOf(tone(15000, 2));
    const folded = wetOf(tone(7050, 2)).left;
    // the folded tone would ring like a 7.05 kHz one sent in: compare the tails' levels
    const rms = (x: Float32Array) => Math.sqrt(x.reduce((a, v) => a + v * v, 0) / x.length);
    expect(20 * Math.log10(rms(left) / rms(folded))).toBeLessThan(-30);
  });

  it("the first reflection arrives when it did before the halfbands (their delay comes off the predelay)", () => {
    const impulse = new Float32Array(SR);
    impulse[100] = 1;
    const { left } = wetOf(impulse);
    let loudest = 0;
    for (let i = 0; i < 4000; i++) if (Math.abs(left[i]!) > Math.abs(left[loudest]!)) loudest = i;
    // 2473 samples with pair averaging and linear interpolation (predelay, diffusers, shortest line); without
    // the compensation the halfbands’ 11 tank samples would put it at 2495
    expect(Math.abs(loudest - 100 - 2473)).toBeLessThanOrEqual(1);
  });
});

describe("halfband taps", () => {
  it("pass DC at unity and reject a quarter of the rate's mirror", () => {
    for (const [pairs, beta] of [
      [4, 4],
      [8, 7],
    ] as const) {
      const taps = halfbandTaps(pairs, beta);
      expect(0.5 + 2 * taps.reduce((a, t) => a + t, 0)).toBeCloseTo(1, 12);
      // the response at 0.45 of the rate (19.8 kHz at 44.1 kHz): ≥ 40 dB down with 4 pairs, ≥ 60 dB with 8
      const at = (f: number) => 0.5 + 2 * taps.reduce((a, t, j) => a + t * Math.cos(2 * Math.PI * f * (2 * j + 1)), 0);
      expect(Math.abs(at(0.45))).toBeLessThan(pairs === 8 ? 1e-3 : 1e-2);
      // passband ripple: within 0.06 dB (4 pairs) or 0.005 dB (8 pairs) at 2.2 kHz
      expect(Math.abs(at(0.05) - 1)).toBeLessThan(pairs === 8 ? 6e-4 : 7e-3);
    }
  });
});

describe("reverb kernel", () => {
  it.runIf(wasmKernels())(
    "its kernel (blocks in the arena) gives the JavaScript's samples exactly, block after block",
    () => {
      const arena = wasmKernels()!.arena;
      const mark = arena.mark();
      try {
        const options = { decaySeconds: 2.2, dampingHz: 5000, preDelayMs: 25, size: 1.2 };
        const kernel = new Reverb(SR, options);
        const script = new Reverb(SR, options);
        const blocks = [arena.f32(BLOCK), arena.f32(BLOCK), arena.f32(BLOCK), arena.f32(BLOCK)];
        const [inL, inR, outL, outR] = blocks as [Float32Array, Float32Array, Float32Array, Float32Array];
        const plain = [0, 1, 2, 3].map(() => new Float32Array(BLOCK));
        const [pl, pr, ql, qr] = plain as [Float32Array, Float32Array, Float32Array, Float32Array];
        let wet = 0;
        for (let b = 0; b < 200; b++) {
          // a burst, then its tail; the last block is a short one
          const n = b === 199 ? 77 : BLOCK;
          for (let i = 0; i < n; i++) {
            const t = b * BLOCK + i;
            inL[i] = t < 4000 ? Math.sin(t * 0.07) * 0.5 : 0;
            inR[i] = t < 4000 ? Math.cos(t * 0.031) * 0.4 : 0;
          }
          pl.set(inL);
          pr.set(inR);
          outL.fill(0.125);
          outR.fill(0);
          ql.fill(0.125);
          qr.fill(0);
          kernel.process(inL, inR, outL, outR, 0, n);
          script.process(pl, pr, ql, qr, 0, n);
          expect(outL).toEqual(ql);
          expect(outR).toEqual(qr);
          for (let i = 0; i < n; i++) wet += Math.abs(outR[i]!);
        }
        expect(wet).toBeGreaterThan(1);
      } finally {
        arena.release(mark);
      }
    },
  );
});
