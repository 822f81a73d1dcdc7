/**
 * The sidechain duck drawn stretch by stretch gives, sample for sample, the curve of one loop that tests every
 * sample for a dip, a kick and the end of a recovery: on four-on-the-floor, on kicks closer together than the dip,
 * on sparse kicks that recover fully, block by block from before the first kick to past the last.
 */
import { describe, expect, it } from "vitest";
import { createRng } from "../../../../src/engine/dsp/random.js";
import { duckCurve } from "../../../../src/engine/synthesize/render/duck.js";
import { firstDifference } from "../dsp/same-bits.js";

const SR = 44100;

/** The curve as one loop over every sample (the definition the stretches must follow). */
function reference(kicks: Int32Array, start: number, n: number, bpm: number, out: Float32Array): boolean {
  const attack = Math.round(0.004 * SR);
  const tau = ((60 / bpm) * SR) / 3.2;
  const horizon = Math.round(tau * 6);
  let k = -1;
  while (k + 1 < kicks.length && kicks[k + 1]! <= start) k++;
  let any = false;
  const fall = Math.exp(-1 / tau);
  let rec = k >= 0 && start - kicks[k]! < horizon ? Math.exp(-(start - kicks[k]!) / tau) : 0;
  for (let i = 0; i < n; i++) {
    const t = start + i;
    if (k + 1 < kicks.length && kicks[k + 1]! <= t + attack) {
      k++;
      rec = Math.max(0, Math.exp(-(t - kicks[k]!) / tau));
    }
    let v = 0;
    if (k >= 0) {
      const dt = t - kicks[k]!;
      if (dt < 0) {
        const prev = k > 0 ? Math.exp(-(t - kicks[k - 1]!) / tau) : 0;
        v = Math.max(1 + dt / attack, prev);
      } else {
        v = dt < horizon ? Math.min(1, rec) : 0;
        rec *= fall;
      }
    }
    out[i] = v;
    if (v > 0.001) any = true;
  }
  return any;
}

function patterns(): [string, Int32Array, number][] {
  const rng = createRng(5);
  const beat = (bpm: number) => Math.round((60 / bpm) * SR);
  const fourOnFloor = Int32Array.from({ length: 40 }, (_, i) => SR + i * beat(124));
  // pairs a few samples apart (inside one dip) and flams just over a dip apart
  const close = Int32Array.from(
    { length: 30 },
    (_, i) => SR + Math.floor(i / 2) * beat(90) + (i % 2) * (i % 4 ? 3 : 200),
  );
  const sparse = Int32Array.from({ length: 6 }, (_, i) => 2000 + i * 4 * SR);
  const random = Int32Array.from({ length: 60 }, () => Math.floor(rng.range(0, 30 * SR))).sort();
  return [
    ["four on the floor, 124 BPM", fourOnFloor, 124],
    ["close pairs, 90 BPM", close, 90],
    ["sparse, 174 BPM", sparse, 174],
    ["random, 140 BPM", random, 140],
  ];
}

describe("duckCurve", () => {
  it("matches the one-loop curve to the bit, block by block", () => {
    for (const [name, kicks, bpm] of patterns()) {
      const last = kicks[kicks.length - 1]! + 3 * SR;
      let ducked = 0;
      for (const [from, block] of [
        [0, 512],
        [777, 300],
        [SR - 250, 4096],
      ] as const) {
        for (let start = from; start < last; start += block) {
          const a = new Float32Array(block);
          const b = new Float32Array(block);
          const anyA = duckCurve(kicks, start, block, SR, bpm, a);
          const anyB = reference(kicks, start, block, bpm, b);
          expect(firstDifference(a, b), `${name}, block at ${start}`).toBe(-1);
          expect(anyA, `${name}, block at ${start}`).toBe(anyB);
          if (anyA) ducked++;
        }
      }
      // the patterns do duck, and (sparse kicks recovering fully) leave blocks that do not
      expect(ducked, name).toBeGreaterThan(10);
    }
  });
});
