/**
 * The master's limiter curve through the kernel (scratch in the arena) gives the JavaScript's curve to the bit,
 * for pieces and loops, long and a few steps short; its arena is given back.
 */
import { describe, expect, it } from "vitest";
import { wasmKernels } from "../../../../src/engine/dsp/kernels.js";
import { KERNEL_SCRATCH_BYTES, limiterCurve, limiterScratch } from "../../../../src/engine/dsp/limiter.js";

const wasm = wasmKernels();
const SR = 44100;
const STEP = 32;

function steps(n: number, seed: number, scale: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, (_, k) => {
    s = (s * 16807) % 2147483647;
    return scale * (0.2 + (s / 2147483647) * (k % 97 === 0 ? 4 : 1.2));
  });
}

describe.runIf(wasm)("limiter curve kernel", () => {
  it("gives the JavaScript's curve to the bit, its arrays all in the stretch of arena its caller frees", () => {
    const before = wasm!.arena.mark();
    for (const n of [1, 2, 3, 5, 4000]) {
      for (const circular of [false, true]) {
        const peaks = steps(n, 7 + n, 0.9);
        const pre = steps(n, 11 + n, 0.8);
        const inArena = limiterScratch(n, SR, STEP, true);
        expect(inArena.kernel).toBeDefined();
        for (const a of [inArena.need, inArena.mins, inArena.out, inArena.kernel!.peaks, inArena.kernel!.pre]) {
          expect(a.buffer).toBe(wasm!.memory);
          expect(a.byteOffset).toBeGreaterThanOrEqual(before);
        }
        const plain = limiterScratch(n, SR, STEP);
        for (const gain of [0.7, 1.6, 3]) {
          const a = Array.from(limiterCurve(peaks, pre, gain, 0.89, SR, circular, STEP, inArena));
          const b = Array.from(limiterCurve(peaks, pre, gain, 0.89, SR, circular, STEP, plain));
          expect(a, `${n} steps, circular ${circular}, gain ${gain}`).toEqual(b);
          if (gain === 3 && n > 100) expect(Math.min(...b)).toBeLessThan(0.6);
        }
        // the caller (the master) gives its stretch back
        wasm!.arena.release(before);
        expect(wasm!.arena.mark()).toBe(before);
      }
    }
    // a piece too long for the arena's share (its memory is at the limit) runs the JavaScript on arrays of its own
    const long = limiterScratch(Math.ceil(KERNEL_SCRATCH_BYTES / 20) + 1, SR, STEP, true);
    expect(long.kernel).toBeUndefined();
    expect(long.need.buffer).not.toBe(wasm!.memory);
    expect(wasm!.arena.mark()).toBe(before);
  });
});
