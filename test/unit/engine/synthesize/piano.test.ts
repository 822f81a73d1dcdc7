/**
 * The piano's partials, four a pass: the same span and the same resonator state, to the bit, as one partial
 * at a time in order.
 */
import { describe, expect, it } from "vitest";
import { VOICE_DEFINITIONS } from "../../../../src/engine/synthesize/voices/presets.js";
import type { VoiceFactory } from "../../../../src/engine/synthesize/voices/voice.js";

interface PianoInside {
  span: Float64Array;
  y1: Float64Array;
  y2: Float64Array;
  active: number;
  onePartial(k: number, n: number): void;
  fourPartials(k: number, n: number): void;
}

const pianos = Object.entries(VOICE_DEFINITIONS).filter(([, d]) => (d.create as VoiceFactory).engine === "piano");

describe("piano partials", () => {
  it("four a pass add the same samples, in the same order, as one at a time", () => {
    expect(pianos.length).toBeGreaterThan(0);
    for (const [name, d] of pianos) {
      for (const pitch of [33, 60, 84]) {
        const note = { pitch, velocity: 0.85, gateSamples: 30_000, seed: 9 };
        const ctx = { sampleRate: 44100, bpm: 100 };
        const a = d.create(note, ctx) as unknown as PianoInside;
        const b = d.create(note, ctx) as unknown as PianoInside;
        expect(a.active, name).toBeGreaterThanOrEqual(4);
        for (let span = 0; span < 20; span++) {
          a.span.fill(0.125);
          b.span.fill(0.125);
          let k = 0;
          for (; k + 4 <= a.active; k += 4) {
            for (let j = k; j < k + 4; j++) a.onePartial(j, 256);
            b.fourPartials(k, 256);
          }
          expect(Array.from(b.span), `${name} ${pitch}`).toEqual(Array.from(a.span));
          expect(Array.from(b.y1)).toEqual(Array.from(a.y1));
          expect(Array.from(b.y2)).toEqual(Array.from(a.y2));
        }
        expect(a.span.some((x) => x !== 0.125)).toBe(true);
      }
    }
  });
});
