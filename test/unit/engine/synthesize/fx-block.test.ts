/**
 * The reverse cymbal renders its cymbal a block at a time: the same samples, to the bit, as the effects' sample
 * by sample loop, through its end.
 */
import { describe, expect, it } from "vitest";
import { FX_VOICES } from "../../../../src/engine/synthesize/voices/fx.js";
import type { Voice } from "../../../../src/engine/synthesize/voices/voice.js";

describe("reverse cymbal", () => {
  it("gives the sample-by-sample loop's samples and end", () => {
    const make = FX_VOICES.reverse_cymbal!;
    for (const gate of [3000, 50_000]) {
      const note = { pitch: 60, velocity: 0.7, gateSamples: gate, seed: 4 };
      const ctx = { sampleRate: 44100, bpm: 110 };
      const blockwise = make(note, ctx);
      const bySample = make(note, ctx);
      // the effects' own loop, one sample at a time through the cymbal
      const sampleLoop = Object.getPrototypeOf(Object.getPrototypeOf(bySample)).render as Voice["render"];
      const a = new Float32Array(60_000);
      const b = new Float32Array(60_000);
      for (let at = 0; at + 1000 <= a.length; at += 1000) {
        expect(blockwise.render(a, at, at + 1000)).toBe(sampleLoop.call(bySample, b, at, at + 1000));
      }
      expect(Array.from(a)).toEqual(Array.from(b));
      expect(a.some((x) => x !== 0)).toBe(true);
    }
  });
});
