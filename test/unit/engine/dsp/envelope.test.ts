/** The envelope run a block at a time must give exactly the values it gives a sample at a time, through every stage. */
import { describe, expect, it } from "vitest";
import {
  type Adsr,
  ENVELOPE_FIELDS,
  envelopeState,
  releaseEnvelope,
  runEnvelope,
  STAGE,
} from "../../../../src/engine/dsp/envelope.js";

const SR = 44100;

function perSample(shape: Adsr, gate: number, n: number): Float32Array {
  const e = new Float64Array(ENVELOPE_FIELDS);
  envelopeState(e, 0, shape, SR);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (i === gate) releaseEnvelope(e, 0);
    runEnvelope(e, 0, 1);
    out[i] = e[1]! * 0.7;
  }
  return out;
}

function blocks(shape: Adsr, gate: number, n: number, block: number): Float32Array {
  const e = new Float64Array(ENVELOPE_FIELDS);
  envelopeState(e, 0, shape, SR);
  const out = new Float32Array(n).fill(1);
  let i = 0;
  while (i < n) {
    if (i === gate) releaseEnvelope(e, 0);
    let len = Math.min(block, n - i);
    if (i < gate) len = Math.min(len, gate - i);
    runEnvelope(e, 0, len, out.subarray(i, i + len), 0.7);
    i += len;
  }
  return out;
}

describe("runEnvelope over a block", () => {
  for (const shape of [
    { attack: 0.01, decay: 0.2, sustain: 0.6, release: 0.3 },
    { attack: 0.001, decay: 0.05, sustain: 0, release: 0.1 },
    { attack: 0.2, decay: 1, sustain: 1, release: 2 },
  ]) {
    it(`matches the envelope run a sample at a time (${JSON.stringify(shape)})`, () => {
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

describe("releaseEnvelope", () => {
  it("releases every stage but the end where asked, and leaves each as it is where not", () => {
    for (const stage of [STAGE.attack, STAGE.decay, STAGE.sustain, STAGE.release, STAGE.done]) {
      const e = new Float64Array(ENVELOPE_FIELDS);
      e[0] = stage;
      releaseEnvelope(e, 0, false);
      expect(e[0]).toBe(stage);
      releaseEnvelope(e, 0, true);
      expect(e[0]).toBe(stage === STAGE.done ? STAGE.done : STAGE.release);
    }
  });
});
