/**
 * Held textures (vinyl, rain): a bed as long as the piece plays as overlapping segments of a few stored notes,
 * crossfading at equal power, so it costs a few seconds of memory and keeps its level through every join.
 */
import { describe, expect, it } from "vitest";
import { scheduleNotes, TEXTURE_DEFAULTS, textureSegments } from "../../../../src/engine/synthesize/render/schedule.js";
import { FX_FADE_SECONDS } from "../../../../src/engine/synthesize/voices/fx.js";
import type { Part } from "../../../../src/engine/types.js";

const SR = 16000;

function texturePart(voice: string, start: number, seconds: number): Part {
  return {
    id: `fx-1-${voice}`,
    name: voice,
    role: "fx",
    voice,
    family: "fx",
    program: 0,
    isDrum: false,
    notes: [{ pitch: 60, start, duration: seconds, velocity: 0.8 }],
    gainDb: 0,
    pan: 0,
    reverbSend: 0,
  } as Part;
}

const strip = { highpassHz: 30, gainDb: 0, pan: 0, width: 0, compress: false, mono: false, busEq: [] };

describe("held textures", () => {
  it("split into segments of one gate that overlap by the fade and end with the note, to the sample", () => {
    const fade = Math.round(FX_FADE_SECONDS * SR);
    for (const held of [40 * SR + 7, 600 * SR, 31 * SR - 3]) {
      const segs = textureSegments(1000, held, SR);
      expect(segs.length).toBe(Math.round((held - fade) / (TEXTURE_DEFAULTS.segmentSeconds * SR)));
      expect(new Set(segs.map((s) => s.gate)).size).toBe(1);
      expect(segs[0]!.start).toBe(1000);
      const last = segs.at(-1)!;
      expect(last.start + last.gate).toBe(1000 + held);
      for (let k = 1; k < segs.length; k++) {
        const overlap = segs[k - 1]!.start + segs[k - 1]!.gate - segs[k]!.start;
        expect(Math.abs(overlap - fade)).toBeLessThanOrEqual(2);
        expect(segs[k]!.variant).toBe(k % TEXTURE_DEFAULTS.variants);
      }
    }
    // a texture about one segment long stays one note
    expect(textureSegments(0, 14 * SR, SR)).toHaveLength(1);
  });

  it("two overlapping beds in one part interleave their segments in time order", () => {
    const part = texturePart("vinyl", 0, 60);
    part.notes.push({ pitch: 60, start: 30, duration: 40, velocity: 0.6 });
    const events = scheduleNotes(part, { sampleRate: SR, bpm: 90 }, strip, 3);
    expect(events.length).toBeGreaterThan(6);
    for (let k = 1; k < events.length; k++) expect(events[k]!.start).toBeGreaterThanOrEqual(events[k - 1]!.start);
    expect(Math.max(...events.map((e) => e.start + e.gateSamples))).toBe(70 * SR);
  });

  it("a whole-piece rain bed is a few stored notes, and its level holds through the crossfades (±0.5 dB)", () => {
    const seconds = 120;
    const fade = Math.round(FX_FADE_SECONDS * SR);
    const out = new Float32Array(Math.ceil((seconds + 2) * SR));
    let joinPower = 0;
    let joinCount = 0;
    let restPower = 0;
    let restCount = 0;
    // rain is spiky (droplets): the powers are averaged over many beds (seeds) and every join of each
    for (let seed = 1; seed <= 60; seed++) {
      const events = scheduleNotes(texturePart("rain", 0.5, seconds), { sampleRate: SR, bpm: 90 }, strip, seed);
      expect(new Set(events.map((e) => e.key)).size).toBe(TEXTURE_DEFAULTS.variants);
      out.fill(0);
      const stored = new Map<string, Float32Array>();
      for (const e of events) {
        let samples = stored.get(e.key);
        if (!samples) {
          samples = e.render().slice();
          stored.set(e.key, samples);
        }
        for (let i = 0; i < samples.length; i++) out[e.start + i]! += samples[i]! * e.gain;
      }
      const inJoin = new Uint8Array(out.length);
      for (const e of events.slice(1)) inJoin.fill(1, e.start, e.start + fade);
      const from = events[0]!.start + fade;
      const to = events.at(-1)!.start + events.at(-1)!.gateSamples - fade;
      for (let i = from; i < to; i++) {
        if (inJoin[i]) {
          joinPower += out[i]! ** 2;
          joinCount++;
        } else {
          restPower += out[i]! ** 2;
          restCount++;
        }
      }
    }
    expect(joinCount).toBeGreaterThan(500 * fade);
    // linear fades would dip the bed by 1.8 dB through each crossfade
    const db = 10 * Math.log10(joinPower / joinCount / (restPower / restCount));
    expect(Math.abs(db)).toBeLessThan(0.5);
  });
});
