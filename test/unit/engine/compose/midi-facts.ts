/**
 * Facts read back from Standard MIDI File bytes with @tonejs/midi: tempo, meter, key (estimated from the notes
 * with the Krumhansl–Kessler profiles), instrument families by GM program and channel 10, duration, loop and
 * section markers, and the lead melody's musical measures. Used by the brief-table and compose tests.
 */
import * as tonejsMidi from "@tonejs/midi";
import { estimateKey, pitchClassWeights } from "../../../../src/engine/theory/key-profile.js";
import { type MeasuredNote, scaleShare, shapeReuse, stepRatio } from "../../../../src/engine/theory/measures.js";
import { VOICES } from "../../../../src/engine/theory/voices.js";

type MidiModule = typeof import("@tonejs/midi");
const tonejs = tonejsMidi as MidiModule & { default?: MidiModule };
const Midi = tonejs.Midi ?? tonejs.default?.Midi;

export interface TrackFacts {
  name: string;
  channel: number;
  program: number;
  family: string;
  notes: { pitch: number; time: number; duration: number; ticks: number; velocity: number }[];
}

export interface MidiFacts {
  ppq: number;
  /** The tempo that governs most of the piece. */
  bpm: number;
  tempos: number[];
  meter: [number, number];
  /** From the key-signature event: sharps (+) or flats (−), and the minor flag. */
  signature: { fifths: number; minor: boolean } | undefined;
  key: { tonicPc: number; mode: "major" | "minor" } | undefined;
  families: Set<string>;
  /** End of the last note, seconds. */
  duration: number;
  markers: { text: string; time: number }[];
  tracks: TrackFacts[];
}

const SIGNATURE_NAMES = ["Cb", "Gb", "Db", "Ab", "Eb", "Bb", "F", "C", "G", "D", "A", "E", "B", "F#", "C#"];
const FX_PROGRAMS = new Set([119, 120, 121, 122, 123, 124, 125, 126, 127]);

/** General MIDI program (and channel 10) → the family vocabulary of the brief table. */
export function familyOf(program: number, channel: number): string {
  if (channel === 9) return "drums";
  if (program <= 3 || program === 6 || program === 7) return "piano";
  if (program <= 5) return "epiano";
  if (program <= 15) return "mallets";
  if (program <= 23) return "organ";
  if (program <= 31) return "guitar_family";
  if (program <= 39) return "bass";
  if (program === 47) return "drums";
  if (program <= 51) return "strings";
  if (program <= 54) return "choir";
  if (program <= 63) return "brass";
  if (program <= 79) return "woodwind";
  if (program <= 103) return "synth";
  if (program === 105) return "guitar_family";
  if (program === 110) return "strings";
  if (program <= 111) return "ethnic";
  if (FX_PROGRAMS.has(program)) return "fx";
  return "drums";
}

/** The brief table's family names, including the composite "synth_pad_or_strings". */
export function hasFamily(facts: MidiFacts, family: string): boolean {
  if (family === "synth_pad_or_strings") {
    return facts.tracks.some(
      (t) =>
        t.notes.length > 0 &&
        t.channel !== 9 &&
        ((t.program >= 88 && t.program <= 95) || (t.program >= 40 && t.program <= 51)),
    );
  }
  return facts.families.has(family);
}

export function readMidi(bytes: Uint8Array): MidiFacts {
  const midi = new Midi(bytes);
  const header = midi.header;
  const end = Math.max(0, ...midi.tracks.flatMap((t) => t.notes.map((n) => n.time + n.duration)));
  const tempos = header.tempos;
  let bpm = tempos[0]?.bpm ?? 120;
  let longest = -1;
  tempos.forEach((t, i) => {
    const span = (tempos[i + 1]?.time ?? end) - (t.time ?? 0);
    if (span > longest) {
      longest = span;
      bpm = t.bpm;
    }
  });
  const tracks: TrackFacts[] = midi.tracks.map((t) => ({
    name: t.name,
    channel: t.channel,
    program: t.instrument.number,
    family: familyOf(t.instrument.number, t.channel),
    notes: t.notes.map((n) => ({
      pitch: n.midi,
      time: n.time,
      duration: n.duration,
      ticks: n.ticks,
      velocity: n.velocity,
    })),
  }));
  const pitched = tracks.filter((t) => t.channel !== 9 && !FX_PROGRAMS.has(t.program)).flatMap((t) => t.notes);
  const estimate = estimateKey(pitchClassWeights(pitched));
  const sig = header.keySignatures[0];
  const signatureIndex = sig ? SIGNATURE_NAMES.indexOf(sig.key) : -1;
  return {
    ppq: header.ppq,
    bpm,
    tempos: tempos.map((t) => t.bpm),
    meter: (header.timeSignatures[0]?.timeSignature as [number, number] | undefined) ?? [4, 4],
    signature: sig && signatureIndex >= 0 ? { fifths: signatureIndex - 7, minor: sig.scale === "minor" } : undefined,
    key: estimate ? { tonicPc: estimate.tonicPc, mode: estimate.mode } : undefined,
    families: new Set(tracks.filter((t) => t.notes.length > 0).map((t) => t.family)),
    duration: end,
    markers: header.meta
      .filter((m) => m.type === "marker")
      .map((m) => ({ text: m.text, time: header.ticksToSeconds(m.ticks) })),
    tracks,
  };
}

/** The diatonic pitch classes a key signature stands for. */
export function signatureScale(signature: { fifths: number }): number[] {
  const tonic = (((signature.fifths * 7) % 12) + 12) % 12;
  return [0, 2, 4, 5, 7, 9, 11].map((i) => (tonic + i) % 12);
}

export interface MelodyMeasures {
  notes: number;
  stepRatio: number;
  reuse: number;
  /** Share of notes in the key signature's scale. */
  scaleShare: number;
}

/** Measures of the lead melody track ("Melody: …"), bars and onsets taken from the file's ticks. */
export function melodyMeasures(facts: MidiFacts): MelodyMeasures | undefined {
  const lead = facts.tracks.find((t) => t.name.startsWith("Melody:"));
  if (!lead || lead.notes.length < 4) return undefined;
  const sixteenth = facts.ppq / 4;
  const perBar = Math.round((facts.meter[0] * 4 * 4) / facts.meter[1]);
  const line: MeasuredNote[] = lead.notes.map((n) => {
    const step = Math.round(n.ticks / sixteenth);
    return { pitch: n.pitch, bar: Math.floor(step / perBar), step: step % perBar };
  });
  const scale = facts.signature ? signatureScale(facts.signature) : [0, 2, 4, 5, 7, 9, 11];
  return {
    notes: line.length,
    stepRatio: stepRatio(line),
    reuse: shapeReuse(line),
    scaleShare: scaleShare(
      line.map((n) => n.pitch),
      scale,
    ),
  };
}

/** Tracks with notes outside the range of the voice their name carries ("Role: label"). */
export function rangeViolations(facts: MidiFacts): string[] {
  const byLabel = new Map<string, readonly [number, number]>(Object.values(VOICES).map((v) => [v.label, v.range]));
  const problems: string[] = [];
  for (const t of facts.tracks) {
    if (t.channel === 9) continue;
    const range = byLabel.get(t.name.split(": ")[1] ?? "");
    if (!range) {
      problems.push(`${t.name}: no voice with that label`);
      continue;
    }
    const outside = t.notes.filter((n) => n.pitch < range[0] || n.pitch > range[1]);
    if (outside.length > 0) problems.push(`${t.name}: ${outside.length} notes outside ${range[0]}–${range[1]}`);
  }
  return problems;
}

/** Share of pitched notes inside the best-fitting pentatonic set. */
export function pentatonicShare(facts: MidiFacts): number {
  const pitches = facts.tracks
    .filter((t) => t.channel !== 9 && !FX_PROGRAMS.has(t.program))
    .flatMap((t) => t.notes.map((n) => n.pitch));
  let best = 0;
  for (let tonic = 0; tonic < 12; tonic++) {
    const set = [0, 2, 4, 7, 9].map((i) => (tonic + i) % 12);
    best = Math.max(best, scaleShare(pitches, set));
  }
  return best;
}

/** Note-onset velocity per second between two times (all tracks): a proxy for how full and loud it is. */
export function activity(facts: MidiFacts, from: number, to: number): number {
  const sum = facts.tracks
    .flatMap((t) => t.notes)
    .filter((n) => n.time >= from && n.time < to)
    .reduce((s, n) => s + n.velocity, 0);
  return sum / Math.max(0.001, to - from);
}
