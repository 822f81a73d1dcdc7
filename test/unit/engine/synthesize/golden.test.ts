/**
 * Golden-file tests: short renders of instruments, drum hits, effects and the reverb, reduced to 40
 * log-spaced band energies and compared with the stored spectra in test/golden by RMS band distance.
 * Regenerate after an intended sound change with UPDATE_GOLDEN=1 (then listen, and commit the JSON).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { Reverb } from "../../../../src/engine/dsp/reverb.js";
import { DrumHit } from "../../../../src/engine/synthesize/drums/hit.js";
import { drumSound } from "../../../../src/engine/synthesize/drums/kits.js";
import { FX_VOICES } from "../../../../src/engine/synthesize/voices/fx.js";
import { VOICE_DEFINITIONS } from "../../../../src/engine/synthesize/voices/presets.js";
import type { Voice } from "../../../../src/engine/synthesize/voices/voice.js";
import { bandEnergiesDb } from "./spectrum.js";

const SR = 44100;
const GOLDEN = resolve(import.meta.dirname, "../../../golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";
/** RMS distance in dB over bands that are audible in either spectrum. */
const MAX_DISTANCE_DB = 1.5;

function run(voice: Voice, seconds: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * SR));
  for (let t = 0; t < out.length; t += 512) if (!voice.render(out, t, Math.min(out.length, t + 512))) break;
  return out;
}

function note(id: string, pitch: number): Float32Array {
  const def = VOICE_DEFINITIONS[id]!;
  return run(
    def.create({ pitch, velocity: 0.8, gateSamples: Math.round(0.7 * SR), seed: 5 }, { sampleRate: SR, bpm: 120 }),
    1.2,
  );
}

function hit(kit: string, pitch: number): Float32Array {
  const s = drumSound(kit, pitch)!;
  return run(new DrumHit(s.spec, SR, 0.9, 9, s.tune), 0.8);
}

function reverbImpulse(): Float32Array {
  const n = SR * 2;
  const inL = new Float32Array(n);
  inL[0] = 1;
  const outL = new Float32Array(n);
  const outR = new Float32Array(n);
  new Reverb(SR, { decaySeconds: 1.5 }).process(inL, new Float32Array(n), outL, outR, 0, n);
  return outL;
}

const CASES: Record<string, () => Float32Array> = {
  piano_c4: () => note("piano", 60),
  fm_epiano_a3: () => note("fm_epiano", 57),
  nylon_guitar_e3: () => note("nylon_guitar", 52),
  distorted_guitar_e2: () => note("distorted_guitar", 40),
  strings_g4: () => note("strings", 67),
  brass_c4: () => note("brass", 60),
  flute_a5: () => note("flute", 81),
  choir_e4: () => note("choir", 64),
  organ_c4: () => note("organ", 60),
  supersaw_c4: () => note("supersaw", 60),
  bass_808_c2: () => note("bass_808", 36),
  synth_bass_e1: () => note("synth_bass", 28),
  marimba_c5: () => note("marimba", 72),
  bells_c5: () => note("bells", 72),
  guzheng_d5: () => note("guzheng", 74),
  kick_909: () => hit("kit_909", 36),
  snare_acoustic: () => hit("kit_acoustic", 38),
  hat_808: () => hit("kit_808", 42),
  clap_hand: () => hit("kit_hand", 39),
  timpani: () => hit("kit_orchestral", 45),
  riser: () =>
    run(FX_VOICES.riser!({ pitch: 60, velocity: 0.8, gateSamples: 2 * SR, seed: 1 }, { sampleRate: SR, bpm: 120 }), 2),
  impact: () =>
    run(FX_VOICES.impact!({ pitch: 60, velocity: 0.8, gateSamples: 2 * SR, seed: 1 }, { sampleRate: SR, bpm: 120 }), 2),
  reverb_impulse: reverbImpulse,
};

describe("golden spectra", () => {
  if (UPDATE) mkdirSync(GOLDEN, { recursive: true });
  for (const [name, render] of Object.entries(CASES)) {
    it(`${name} matches its golden spectrum`, () => {
      const bands = bandEnergiesDb(render(), SR).map((v) => Math.round(v * 10) / 10);
      const file = join(GOLDEN, `${name}.json`);
      if (UPDATE || !existsSync(file)) {
        if (!UPDATE) throw new Error(`missing golden ${file}; run with UPDATE_GOLDEN=1 to create it`);
        writeFileSync(file, `${JSON.stringify({ name, sampleRate: SR, bands })}\n`);
        return;
      }
      const golden = JSON.parse(readFileSync(file, "utf8")) as { bands: number[] };
      let sum = 0;
      let count = 0;
      bands.forEach((v, i) => {
        const g = golden.bands[i]!;
        if (v > -70 || g > -70) {
          sum += (v - g) ** 2;
          count++;
        }
      });
      expect(count).toBeGreaterThan(3);
      expect(Math.sqrt(sum / count)).toBeLessThan(MAX_DISTANCE_DB);
    });
  }
});
