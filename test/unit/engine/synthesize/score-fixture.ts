/**
 * Realistic test scores without the composer: a chord progression voiced for pads/keys, a bass line, a drum
 * groove in GM pitches, a melody on chord tones, and optional fx — so the sound stage can be tested and
 * benchmarked on its own.
 */
import { createRng } from "../../../../src/engine/dsp/random.js";
import { VOICES } from "../../../../src/engine/theory/voices.js";
import type { Ending, Family, Note, Part, Role, Score } from "../../../../src/engine/types.js";
import { NEUTRAL_MIX } from "../../../../src/engine/types.js";

export interface FixtureOptions {
  style?: string;
  bpm?: number;
  durationSeconds?: number;
  /** voice ids per role; drums: a kit voice id. */
  voices?: Partial<Record<Role, string[]>>;
  loop?: boolean;
  ending?: Ending;
  lufs?: number;
  seed?: number;
  mix?: Partial<Score["mix"]>;
}

const PROGRESSION = [
  [0, 4, 7],
  [-3, 0, 4],
  [5, 9, 12],
  [7, 11, 14],
]; // I vi IV V in C, as semitones

function part(id: string, role: Role, voice: string, notes: Note[], extra: Partial<Part> = {}): Part {
  const info = (VOICES as Record<string, { family: Family; program: number }>)[voice];
  return {
    id,
    name: voice,
    role,
    voice,
    family: info?.family ?? "synth",
    program: info?.program ?? 0,
    isDrum: role === "drums",
    notes,
    gainDb: 0,
    pan: 0,
    reverbSend: role === "bass" ? 0 : role === "drums" ? 0.1 : 0.25,
    ...extra,
  };
}

export function fixtureScore(o: FixtureOptions = {}): Score {
  const bpm = o.bpm ?? 120;
  const duration = o.durationSeconds ?? 16;
  const beat = 60 / bpm;
  const bar = beat * 4;
  const bars = Math.max(1, Math.floor(duration / bar));
  const rng = createRng(o.seed ?? 7);
  const voices = {
    drums: ["kit_909"],
    bass: ["synth_bass"],
    harmony: ["warm_pad"],
    melody: ["saw_lead"],
    fx: [] as string[],
    ...(o.voices ?? {}),
  };
  const parts: Part[] = [];
  const root = 48; // C3
  const end = o.loop ? duration : duration - 1.5; // leave room for a cadence
  for (const [i, v] of (voices.harmony ?? []).entries()) {
    const notes: Note[] = [];
    const sustained = (VOICES as Record<string, { sustained: boolean }>)[v]?.sustained ?? true;
    for (let b = 0; b < bars; b++) {
      const chord = PROGRESSION[b % 4]!;
      const start = b * bar;
      if (start >= end) break;
      if (sustained) {
        for (const s of chord) notes.push({ pitch: root + 12 + s, start, duration: bar * 0.98, velocity: 0.6 });
      } else {
        for (let k = 0; k < 8; k++) {
          const s = chord[k % 3]! + (k >= 3 ? 12 : 0);
          notes.push({
            pitch: root + 12 + s,
            start: start + k * (bar / 8),
            duration: bar / 8,
            velocity: 0.55 + 0.2 * rng.next(),
          });
        }
      }
    }
    parts.push(part(`harmony-${i}`, "harmony", v, notes, { pan: i % 2 === 0 ? -0.2 : 0.2 }));
  }
  for (const [i, v] of (voices.bass ?? []).entries()) {
    const notes: Note[] = [];
    for (let b = 0; b < bars; b++) {
      const chordRoot = PROGRESSION[b % 4]![0]!;
      for (let k = 0; k < 4; k++) {
        const start = b * bar + k * beat + (k % 2 === 1 ? beat / 2 : 0);
        if (start >= end) break;
        notes.push({ pitch: root - 12 + chordRoot + (k === 3 ? 7 : 0), start, duration: beat * 0.45, velocity: 0.8 });
      }
    }
    parts.push(part(`bass-${i}`, "bass", v, notes));
  }
  for (const [i, v] of (voices.drums ?? []).entries()) {
    const notes: Note[] = [];
    for (let b = 0; b < bars; b++) {
      for (let s = 0; s < 16; s++) {
        const t = b * bar + s * (beat / 4);
        if (t >= end) break;
        if (s % 4 === 0) notes.push({ pitch: 36, start: t, duration: 0.1, velocity: 0.95 });
        if (s === 4 || s === 12) notes.push({ pitch: 38, start: t, duration: 0.1, velocity: 0.85 });
        if (s % 2 === 0)
          notes.push({ pitch: s % 4 === 2 ? 46 : 42, start: t, duration: 0.05, velocity: 0.5 + 0.2 * rng.next() });
      }
      if (b % 4 === 0) notes.push({ pitch: 49, start: b * bar, duration: 0.5, velocity: 0.7 });
    }
    parts.push(part(`drums-${i}`, "drums", v, notes, { kit: v }));
  }
  for (const [i, v] of (voices.melody ?? []).entries()) {
    const notes: Note[] = [];
    for (let b = 0; b < bars; b++) {
      const chord = PROGRESSION[b % 4]!;
      for (let k = 0; k < 4; k++) {
        const start = b * bar + k * beat;
        if (start >= end) break;
        if (rng.chance(0.2)) continue;
        const s = chord[rng.int(0, 2)]!;
        notes.push({ pitch: root + 24 + s, start, duration: beat * (rng.chance(0.5) ? 0.9 : 0.45), velocity: 0.7 });
      }
    }
    parts.push(part(`melody-${i}`, "melody", v, notes, { pan: 0.1, reverbSend: 0.3 }));
  }
  for (const [i, v] of (voices.fx ?? []).entries()) {
    const len = Math.min(4, duration / 4);
    parts.push(
      part(`fx-${i}`, "fx", v, [{ pitch: 60, start: Math.max(0, duration / 2 - len), duration: len, velocity: 0.8 }]),
    );
  }
  return {
    title: "Fixture",
    style: o.style ?? "house",
    bpm,
    tempoMap: [{ beat: 0, time: 0, bpm }],
    meter: { beatsPerBar: 4, beatUnit: 4 },
    key: { tonic: "C", mode: "major" },
    duration,
    sections: [
      { name: "A", kind: "verse", start: 0, end: duration / 2, startBar: 0, bars: bars / 2, energy: 0.5 },
      {
        name: "B",
        kind: "chorus",
        start: duration / 2,
        end: duration,
        startBar: bars / 2,
        bars: bars / 2,
        energy: 0.8,
      },
    ],
    parts,
    hits: [],
    loop: o.loop ? { start: 0, end: duration } : null,
    ending: o.ending ?? "fade",
    mix: { ...NEUTRAL_MIX, ...(o.mix ?? {}) },
    lufs: o.lufs ?? -14,
    swing: 0.5,
    seed: o.seed ?? 7,
  };
}

/** The three benchmark pieces: electronic, orchestral, ambient. */
export function electronicScore(durationSeconds = 90): Score {
  return fixtureScore({
    style: "house",
    bpm: 124,
    durationSeconds,
    voices: {
      drums: ["kit_909"],
      bass: ["synth_bass"],
      harmony: ["supersaw", "pluck"],
      melody: ["saw_lead"],
      fx: ["riser"],
    },
  });
}

export function orchestralScore(durationSeconds = 90): Score {
  return fixtureScore({
    style: "orchestral",
    bpm: 90,
    durationSeconds,
    voices: {
      drums: ["kit_orchestral"],
      bass: ["low_strings"],
      harmony: ["strings", "french_horn", "harp"],
      melody: ["violin", "flute"],
      fx: ["impact"],
    },
    lufs: -18,
  });
}

export function ambientScore(durationSeconds = 600): Score {
  return fixtureScore({
    style: "ambient",
    bpm: 70,
    durationSeconds,
    voices: { drums: [], bass: ["sub_bass"], harmony: ["warm_pad", "piano"], melody: ["bells"], fx: ["rain"] },
    lufs: -18,
  });
}
