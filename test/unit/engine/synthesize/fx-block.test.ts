/**
 * The reverse cymbal renders its cymbal a block at a time: the same samples, to the bit, and the same end as
 * when every render is one sample long (the cymbal then renders one sample a call, as it used to).
 */
import { describe, expect, it } from "vitest";
import { FX_VOICES } from "../../../../src/engine/synthesize/voices/fx.js";

describe("reverse cymbal", () => {
  it("gives the same samples and end a block at a time as a sample at a time", () => {
    const make = FX_VOICES.reverse_cymbal!;
    for (const gate of [3000, 50_000]) {
      const note = { pitch: 60, velocity: 0.7, gateSamples: gate, seed: 4 };
      const ctx = { sampleRate: 44100, bpm: 110 };
      const blockwise = make(note, ctx);
      const bySample = make(note, ctx);
      const a = new Float32Array(60_000);
      const b = new Float32Array(60_000);
      for (let at = 0; at + 1000 <= a.length; at += 1000) {
        let alive = true;
        for (let i = at; i < at + 1000 && alive; i++) alive = bySample.render(b, i, i + 1);
        expect(blockwise.render(a, at, at + 1000)).toBe(alive);
      }
      expect(Array.from(a)).toEqual(Array.from(b));
      expect(a.some((x) => x !== 0)).toBe(true);
    }
  });
});
