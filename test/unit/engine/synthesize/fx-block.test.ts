/**
 * Every effect renders the same samples, to the bit, and ends at the same call, whether each render is a block
 * long (longer than the shared scratch it starts with) or one sample long — the reverse cymbal's cymbal then
 * renders one sample a call, as it used to.
 */
import { describe, expect, it } from "vitest";
import { FX_VOICES } from "../../../../src/engine/synthesize/voices/fx.js";

describe("effects", () => {
  it.each(Object.keys(FX_VOICES))("%s gives the same samples and end a block at a time as a sample at a time", (id) => {
    const make = FX_VOICES[id]!;
    for (const gate of [3000, 50_000]) {
      const note = { pitch: 60, velocity: 0.7, gateSamples: gate, seed: 4 };
      const ctx = { sampleRate: 44100, bpm: 110 };
      const blockwise = make(note, ctx);
      const bySample = make(note, ctx);
      const block = 5000;
      const a = new Float32Array(60_000);
      const b = new Float32Array(60_000);
      for (let at = 0; at + block <= a.length; at += block) {
        let alive = true;
        for (let i = at; i < at + block && alive; i++) alive = bySample.render(b, i, i + 1);
        expect(blockwise.render(a, at, at + block), `${gate}-sample gate, block at ${at}`).toBe(alive);
      }
      expect(Array.from(a)).toEqual(Array.from(b));
      expect(a.some((x) => x !== 0)).toBe(true);
    }
  });
});
