/**
 * The noise generator is xorshift32 over unsigned 32-bit states, whatever its seed (one whose mix gives a
 * negative int32, one that gives zero and falls back): the sequence a reference computes with BigInt, the
 * state `current` hands on, and every value in [−1, 1).
 */
import { describe, expect, it } from "vitest";
import { Noise, PinkNoise } from "../../../../src/engine/dsp/noise.js";

const MASK = 0xffffffffn;

function reference(seed: number, count: number): { values: number[]; last: number } {
  let x = BigInt((seed >>> 0) ^ 0x9e3779b9 || 0x1234567) & MASK;
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    x ^= (x << 13n) & MASK;
    x ^= x >> 17n;
    x ^= (x << 5n) & MASK;
    values.push(Number(x) / 2147483648 - 1);
  }
  return { values, last: Number(x) };
}

describe("Noise", () => {
  it.each([7, 0, 0x9e3779b9, 0x1e3779b9, 0xffffffff, 123456789])("seed %d gives xorshift32's sequence", (seed) => {
    const noise = new Noise(seed);
    const got = Array.from({ length: 5000 }, () => noise.white());
    const want = reference(seed, 5000);
    expect(got).toEqual(want.values);
    expect(noise.current).toBe(want.last);
    expect(Math.min(...got)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...got)).toBeLessThan(1);
    // both halves of the state range come up (a state above 2^31 must survive being stored)
    expect(got.some((v) => v > 0.5) && got.some((v) => v < -0.5)).toBe(true);
  });

  it("unit and pink noise draw from the same sequence", () => {
    const a = new Noise(42);
    const b = new Noise(42);
    for (let i = 0; i < 100; i++) expect(a.unit()).toBe((b.white() + 1) * 0.5);
    const pink = new PinkNoise(new Noise(42));
    const values = Array.from({ length: 1000 }, () => pink.next());
    expect(values.every((v) => Number.isFinite(v) && Math.abs(v) < 2)).toBe(true);
  });
});
