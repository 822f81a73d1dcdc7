/** The block envelope must give exactly the values the per-sample one does, through every stage. */
import { describe, expect, it } from "vitest";
import { Envelope } from "../../../../src/engine/dsp/envelope.js";

const SR = 44100;

function perSample(shape: ConstructorParameters<typeof Envelope>[0], gate: number, n: number): Float32Array {
  const e = new Envelope(shape, SR);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (i === gate) e.release();
    out[i] = e.next() * 0.7;
  }
  return out;
}

function blocks(
  shape: ConstructorParameters<typeof Envelope>[0],
  gate: number,
  n: number,
  block: number,
): Float32Array {
  const e = new Envelope(shape, SR);
  const out = new Float32Array(n).fill(1);
  let i = 0;
  while (i < n) {
    if (i === gate) e.release();
    let len = Math.min(block, n - i);
    if (i < gate) len = Math.min(len, gate - i);
    e.applyTo(out.subarray(i, i + len), len, 0.7);
    i += len;
  }
  return out;
}

describe("Envelope.applyTo", () => {
  for (const shape of [
    { attack: 0.01, decay: 0.2, sustain: 0.6, release: 0.3 },
    { attack: 0.001, decay: 0.05, sustain: 0, release: 0.1 },
    { attack: 0.2, decay: 1, sustain: 1, release: 2 },
  ]) {
    it(`matches next() sample for sample (${JSON.stringify(shape)})`, () => {
      const gate = 20000;
      const n = 44100 * 3;
      const a = perSample(shape, gate, n);
      const b = blocks(shape, gate, n, 64);
      let worst = 0;
      for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
      expect(worst).toBeLessThan(1e-6);
      expect(a.some((x) => x > 0.3)).toBe(true);
    });
  }
});
