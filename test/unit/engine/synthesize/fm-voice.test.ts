/**
 * The FM voice's two-pair loop (every FM preset has two operator pairs) gives the general loop's samples: a third
 * pair at level 0 sends a note down the general loop and adds exactly nothing to it.
 */
import { describe, expect, it } from "vitest";
import { type FmPreset, fmVoice } from "../../../../src/engine/synthesize/voices/modal.js";

const TWO: FmPreset = {
  pairs: [
    { carrier: 1, modulator: 1, index: 2.2, indexDecay: 1.2, level: 1 },
    { carrier: 1, modulator: 14, index: 1.1, indexDecay: 0.08, level: 0.25 },
  ],
  decaySeconds: 1.5,
  releaseSeconds: 0.3,
  tremolo: { hz: 4.6, depth: 0.12 },
  level: 0.5,
};

function play(preset: FmPreset, pitch: number): Float32Array {
  const ctx = { sampleRate: 44100, bpm: 120 };
  const voice = fmVoice(preset)({ pitch, velocity: 0.8, gateSamples: 20000, seed: 7 }, ctx);
  const out = new Float32Array(44100 * 4);
  let at = 0;
  while (at < out.length && voice.render(out, at, Math.min(out.length, at + 512))) at += 512;
  return out;
}

describe("FM voice", () => {
  it("two pairs render as the general loop renders them, sample for sample, through gate and release", () => {
    const three: FmPreset = {
      ...TWO,
      pairs: [...TWO.pairs, { carrier: 2, modulator: 3, index: 1, indexDecay: 0.5, level: 0 }],
    };
    for (const pitch of [40, 64, 96]) {
      const fast = play(TWO, pitch);
      expect(fast.some((v) => Math.abs(v) > 0.05)).toBe(true);
      expect(play(three, pitch)).toEqual(fast);
    }
  });
});
