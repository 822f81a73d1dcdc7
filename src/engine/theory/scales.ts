/**
 * Keys, modes and scales as pitch-class sets. Pure functions over tonal; unknown names give sentinels.
 */
import { Note, Key as TonalKey } from "tonal";
import type { Key, MidiNote, Mode } from "../types.js";

/** Semitones above the tonic for each mode (the scale the melody draws from). */
export const MODE_INTERVALS: Record<Mode, readonly number[]> = {
  major: [0, 2, 4, 5, 7, 9, 11],
  minor: [0, 2, 3, 5, 7, 8, 10],
  dorian: [0, 2, 3, 5, 7, 9, 10],
  phrygian: [0, 1, 3, 5, 7, 8, 10],
  lydian: [0, 2, 4, 6, 7, 9, 11],
  mixolydian: [0, 2, 4, 5, 7, 9, 10],
  locrian: [0, 1, 3, 5, 6, 8, 10],
  "harmonic minor": [0, 2, 3, 5, 7, 8, 11],
  "major pentatonic": [0, 2, 4, 7, 9],
  "minor pentatonic": [0, 3, 5, 7, 10],
};

/** The heptatonic scale the harmony lives in (pentatonic modes harmonise with their parent major/minor). */
export const HARMONY_MODE: Record<Mode, Mode> = {
  major: "major",
  minor: "minor",
  dorian: "dorian",
  phrygian: "phrygian",
  lydian: "lydian",
  mixolydian: "mixolydian",
  locrian: "locrian",
  "harmonic minor": "harmonic minor",
  "major pentatonic": "major",
  "minor pentatonic": "minor",
};

/** Interval from the parent major scale's tonic up to the mode's tonic (for key signatures). */
const PARENT_MAJOR_DOWN: Record<Mode, string> = {
  major: "1P",
  "major pentatonic": "1P",
  lydian: "-4P",
  mixolydian: "-5P",
  dorian: "-2M",
  minor: "-6M",
  "harmonic minor": "-6M",
  "minor pentatonic": "-6M",
  phrygian: "-3M",
  locrian: "-7M",
};

const MINOR_MODES: ReadonlySet<Mode> = new Set<Mode>([
  "minor",
  "dorian",
  "phrygian",
  "locrian",
  "harmonic minor",
  "minor pentatonic",
]);

export function isMinorMode(mode: Mode): boolean {
  return MINOR_MODES.has(mode);
}

export function isPentatonic(mode: Mode): boolean {
  return mode === "major pentatonic" || mode === "minor pentatonic";
}

/** Pitch class 0..11 of a note name ("Eb" → 3); undefined for an unknown name. */
export function pitchClassOf(name: string): number | undefined {
  const chroma = Note.chroma(name);
  return Number.isFinite(chroma) ? chroma : undefined;
}

export function mod12(n: number): number {
  return ((n % 12) + 12) % 12;
}

/** Pitch classes of the key's scale, tonic first. */
export function scalePitchClasses(key: Key, mode: Mode = key.mode): number[] {
  const tonic = pitchClassOf(key.tonic) ?? 0;
  return MODE_INTERVALS[mode].map((i) => mod12(tonic + i));
}

/** Key signature as a count of fifths (-7 flats .. +7 sharps) plus the MIDI major/minor flag. */
export function keySignature(key: Key): { fifths: number; minor: boolean } {
  const minor = isMinorMode(key.mode);
  const parent = Note.transpose(key.tonic, PARENT_MAJOR_DOWN[key.mode]);
  let fifths = parent ? TonalKey.majorKey(Note.simplify(parent)).alteration : 0;
  if (!Number.isFinite(fifths)) fifths = 0;
  // Spellings beyond 7 accidentals (G# major) become their enharmonic twin (Ab major).
  if (fifths > 7) fifths -= 12;
  if (fifths < -7) fifths += 12;
  return { fifths, minor };
}

/** The nearest MIDI note at or above `low` with pitch class `pc`. */
export function nextWithPitchClass(pc: number, low: MidiNote): MidiNote {
  return low + mod12(pc - low);
}

/** Diatonic step: the scale note `steps` scale degrees away from `pitch` (which is snapped into the scale first). */
export function stepInScale(pitch: MidiNote, steps: number, scale: readonly number[]): MidiNote {
  const sorted = [...scale].sort((a, b) => a - b);
  let p = snapToScale(pitch, sorted);
  const dir = Math.sign(steps);
  for (let i = 0; i < Math.abs(steps); i++) {
    do p += dir;
    while (!sorted.includes(mod12(p)));
  }
  return p;
}

/** The closest scale note (ties go down). */
export function snapToScale(pitch: MidiNote, scale: readonly number[]): MidiNote {
  for (let d = 0; d < 12; d++) {
    if (scale.includes(mod12(pitch - d))) return pitch - d;
    if (scale.includes(mod12(pitch + d))) return pitch + d;
  }
  return pitch;
}
