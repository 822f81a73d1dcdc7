/**
 * The SoundFont path: acoustic parts through spessasynth_core when a GM bank loads, built-in synthesis for
 * synths and effects, and a clean fallback to built-in when the bank is missing.
 */
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderStems } from "../../../../src/engine/synthesize/index.js";
import { usesSoundfont } from "../../../../src/engine/synthesize/soundfont/render.js";
import { fixtureScore } from "./score-fixture.js";

const GM = "/usr/share/sounds/sf2/FluidR3_GM.sf2";
const SR = 44100;

function energy(x: Float32Array): number {
  let e = 0;
  for (const v of x) e += v * v;
  return e;
}

describe("SoundFont rendering", () => {
  const score = fixtureScore({
    durationSeconds: 4,
    style: "orchestral",
    voices: { drums: ["kit_acoustic"], bass: ["synth_bass"], harmony: ["strings"], melody: ["flute"], fx: ["riser"] },
  });

  it("takes acoustic parts and leaves synths, effects and electronic kits built-in", () => {
    const by = Object.fromEntries(score.parts.map((p) => [p.voice, usesSoundfont(p)]));
    expect(by).toMatchObject({ kit_acoustic: true, synth_bass: false, strings: true, flute: true, riser: false });
  });

  it("falls back to built-in synthesis when the bank cannot be loaded", async () => {
    const r = await renderStems(score, { sampleRate: SR, soundfont: "/nonexistent/bank.sf2" });
    expect(r.engine).toBe("builtin");
    expect(r.soundfont).toBeUndefined();
    expect(energy(r.stems.harmony.left)).toBeGreaterThan(0);
  });

  it.skipIf(!existsSync(GM))(
    "renders through the GM bank and says so (skipped without FluidR3_GM)",
    { timeout: 180_000 },
    async () => {
      const r = await renderStems(score, { sampleRate: SR, soundfont: GM });
      expect(r.engine).toBe("soundfont");
      expect(r.soundfont).toBe(GM);
      for (const role of ["drums", "bass", "harmony", "melody", "fx"] as const) {
        expect(energy(r.stems[role].left), role).toBeGreaterThan(0);
        for (const v of r.stems[role].left) expect(Number.isFinite(v)).toBe(true);
      }
      const builtin = await renderStems(score, { sampleRate: SR });
      // the sampled strings are a different sound from the built-in ones
      let diff = 0;
      for (let i = 0; i < SR * 3; i++) diff += (r.stems.harmony.left[i]! - builtin.stems.harmony.left[i]!) ** 2;
      expect(diff).toBeGreaterThan(0.01 * energy(builtin.stems.harmony.left));
      // switching engines keeps the arrangement's balance: sampled stems sit near the built-in ones
      for (const role of ["harmony", "melody"] as const) {
        const db = 10 * Math.log10(energy(r.stems[role].left) / energy(builtin.stems[role].left));
        expect(Math.abs(db), role).toBeLessThan(8);
      }
    },
  );
});
