/**
 * Every voice id in the shared table has a built-in voice that sounds: finite, audible, tuned to the note,
 * and richer than a bare sine. Drum kits play every GM pitch; effects have their shapes; unknown ids fall
 * back by family.
 */
import { describe, expect, it } from "vitest";
import { DrumHit } from "../../../../src/engine/synthesize/drums/hit.js";
import { drumSound, KITS, resolveKit } from "../../../../src/engine/synthesize/drums/kits.js";
import { FX_VOICES } from "../../../../src/engine/synthesize/voices/fx.js";
import { VOICE_DEFINITIONS, voiceFor } from "../../../../src/engine/synthesize/voices/presets.js";
import type { Voice } from "../../../../src/engine/synthesize/voices/voice.js";
import { GM_DRUMS, VOICES } from "../../../../src/engine/theory/voices.js";
import { magnitudeSpectrum, peakHz } from "./spectrum.js";

const SR = 44100;

function run(voice: Voice, seconds: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * SR));
  for (let t = 0; t < out.length; t += 512) if (!voice.render(out, t, Math.min(out.length, t + 512))) break;
  return out;
}

const ids = Object.entries(VOICES) as [string, (typeof VOICES)[keyof typeof VOICES]][];
const tonal = ids.filter(([, v]) => v.family !== "drums" && v.family !== "fx");

describe("built-in voices", () => {
  it("cover every tonal voice id in theory/voices.ts", () => {
    expect(tonal.filter(([id]) => !VOICE_DEFINITIONS[id]).map(([id]) => id)).toEqual([]);
  });

  for (const [id, info] of tonal) {
    it(`${id} sounds its note, is finite, and is not a bare sine`, () => {
      const pitch = Math.round((info.range[0] + info.range[1]) / 2);
      const f0 = 440 * 2 ** ((pitch - 69) / 12);
      const voice = voiceFor(id, info.family).create(
        { pitch, velocity: 0.8, gateSamples: Math.round(0.9 * SR), seed: 11 },
        { sampleRate: SR, bpm: 120 },
      );
      const x = run(voice, 1.4);
      let peak = 0;
      for (const v of x) {
        expect(Number.isFinite(v)).toBe(true);
        peak = Math.max(peak, Math.abs(v));
      }
      expect(peak).toBeGreaterThan(0.01);
      expect(peak).toBeLessThan(4);
      // the strongest partial near the note is the note (or its octave: organ 16', bells)
      const found = peakHz(x, SR, f0 * 0.45, f0 * 2.2);
      const cents = Math.abs(1200 * Math.log2(found / f0));
      expect(Math.min(cents, Math.abs(cents - 1200))).toBeLessThan(40);
      // energy outside ±6 % of f0: overtones, noise, formants (at least −25 dB of the whole; subs and 808s are
      // the sine-like ones and still carry driven harmonics above that)
      const mag = magnitudeSpectrum(x, 32768);
      const binHz = SR / 32768;
      let total = 0;
      let near = 0;
      mag.forEach((m, k) => {
        const hz = k * binHz;
        total += m * m;
        if (Math.abs(hz - f0) < f0 * 0.06) near += m * m;
      });
      expect(1 - near / total).toBeGreaterThan(0.003);
    });
  }

  it("unknown ids fall back to a voice of their family", () => {
    expect(voiceFor("hurdy_gurdy", "strings")).toBe(VOICE_DEFINITIONS.strings);
    expect(voiceFor("mystery_keys", "epiano")).toBe(VOICE_DEFINITIONS.fm_epiano);
    expect(voiceFor("?", "brass")).toBe(VOICE_DEFINITIONS.brass);
  });
});

describe("drum kits", () => {
  const kits = ids.filter(([, v]) => v.family === "drums").map(([id]) => id);

  it("exist for every kit voice id", () => {
    expect(kits.filter((k) => !KITS[k])).toEqual([]);
    expect(resolveKit("whatever", "electronic")).toBe("kit_808");
  });

  for (const kit of kits) {
    it(`${kit} plays every GM drum pitch audibly`, () => {
      for (const pitch of Object.values(GM_DRUMS)) {
        const sound = drumSound(kit, pitch);
        expect(sound, `${kit} ${pitch}`).toBeDefined();
        const x = run(new DrumHit(sound!.spec, SR, 0.9, pitch, sound!.tune), 1);
        let peak = 0;
        for (const v of x) peak = Math.max(peak, Math.abs(v));
        expect(peak, `${kit} ${pitch}`).toBeGreaterThan(0.005);
        expect(Number.isFinite(peak)).toBe(true);
      }
    });
  }

  it("kick is lower than snare, snare lower than hi-hat (spectral centroid)", () => {
    const centroid = (pitch: number) => {
      const s = drumSound("kit_909", pitch)!;
      const mag = magnitudeSpectrum(run(new DrumHit(s.spec, SR, 0.9, 1, s.tune), 0.4), 16384);
      let num = 0;
      let den = 0;
      mag.forEach((m, k) => {
        num += k * m * m;
        den += m * m;
      });
      return ((num / den) * SR) / 16384;
    };
    expect(centroid(36)).toBeLessThan(centroid(38));
    expect(centroid(38)).toBeLessThan(centroid(42));
  });
});

describe("effects", () => {
  const fx = ids.filter(([, v]) => v.family === "fx").map(([id]) => id);
  const halves = (id: string) => {
    const x = run(
      FX_VOICES[id]!({ pitch: 60, velocity: 0.8, gateSamples: 3 * SR, seed: 3 }, { sampleRate: SR, bpm: 120 }),
      3,
    );
    let a = 0;
    let b = 0;
    for (let i = 0; i < x.length; i++) {
      if (i < x.length / 2) a += x[i]! ** 2;
      else b += x[i]! ** 2;
    }
    return { a, b, x };
  };

  it("exist for every fx voice id", () => {
    expect(fx.filter((id) => !FX_VOICES[id])).toEqual([]);
  });

  it("risers and reverse cymbals grow; impacts decay; vinyl and rain hold", () => {
    for (const id of ["riser", "reverse_cymbal"]) expect(halves(id).b).toBeGreaterThan(halves(id).a * 2);
    expect(halves("impact").a).toBeGreaterThan(halves("impact").b * 4);
    for (const id of ["vinyl", "rain"]) {
      const { a, b } = halves(id);
      expect(a).toBeGreaterThan(0);
      expect(Math.abs(10 * Math.log10(a / b))).toBeLessThan(3);
    }
  });

  it("end exactly at their length without a click", () => {
    for (const id of fx) {
      const { x } = halves(id);
      expect(Math.abs(x[3 * SR - 1]!)).toBeLessThan(0.02);
    }
  });
});
