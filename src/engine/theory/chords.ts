/**
 * Roman-numeral chords relative to a tonic ("bVImaj7", "ii7", "V7", "IV/I"), resolved to pitch classes.
 * Chord-quality intervals come from tonal's chord dictionary; unknown symbols give undefined.
 */
import { ChordType, Interval } from "tonal";
import { mod12 } from "./scales.js";

export interface ChordSpec {
  /** The numeral as written. */
  symbol: string;
  /** Semitones from the key's tonic to the chord root. */
  rootOffset: number;
  /** Semitones above the root, ascending (may exceed 12 for 9ths). */
  intervals: number[];
  /** Semitones from the key's tonic to the bass note (root unless a slash chord or pedal). */
  bassOffset: number;
}

const NUMERALS = ["I", "II", "III", "IV", "V", "VI", "VII"];
/** Major-scale degrees: the numerals are spelled against the major scale, with b/# for borrowed roots. */
const MAJOR_DEGREES = [0, 2, 4, 5, 7, 9, 11];

const intervalCache = new Map<string, number[] | undefined>();

function qualityIntervals(quality: string): number[] | undefined {
  if (intervalCache.has(quality)) return intervalCache.get(quality);
  const type = ChordType.get(quality);
  const result = type.empty ? undefined : type.intervals.map((i) => Interval.semitones(i) ?? 0);
  intervalCache.set(quality, result);
  return result;
}

/** Suffix as written after a numeral → tonal chord-type name, given the numeral's case. */
function qualityName(suffix: string, minor: boolean): string {
  if (suffix === "°" || suffix === "dim") return "dim";
  if (suffix === "°7" || suffix === "dim7") return "dim7";
  if (suffix === "ø" || suffix === "ø7") return "m7b5";
  if (suffix === "+") return "aug";
  if (!minor) return suffix === "" ? "M" : suffix;
  if (suffix === "") return "m";
  if (["7", "9", "11", "6", "add9", "69"].includes(suffix)) return suffix === "add9" ? "madd9" : `m${suffix}`;
  return suffix;
}

function parseDegree(text: string): { offset: number; minor: boolean; rest: string } | undefined {
  const match = /^([b#]?)(VII|VI|V|IV|III|II|I|vii|vi|v|iv|iii|ii|i)(.*)$/.exec(text);
  if (!match) return undefined;
  const [, accidental = "", numeral = "I", rest = ""] = match;
  const index = NUMERALS.indexOf(numeral.toUpperCase());
  const degree = MAJOR_DEGREES[index];
  if (degree === undefined) return undefined;
  const shift = accidental === "b" ? -1 : accidental === "#" ? 1 : 0;
  return { offset: mod12(degree + shift), minor: numeral === numeral.toLowerCase(), rest };
}

/** "bVImaj7" → root offset 8, intervals [0,4,7,11]; "IV/I" → bass on the tonic. Undefined when unparseable. */
export function parseNumeral(symbol: string): ChordSpec | undefined {
  const [head = "", bassPart] = symbol.split("/");
  const degree = parseDegree(head);
  if (!degree) return undefined;
  const intervals = qualityIntervals(qualityName(degree.rest, degree.minor));
  if (!intervals) return undefined;
  let bassOffset = degree.offset;
  if (bassPart !== undefined) {
    const bass = parseDegree(bassPart);
    if (!bass) return undefined;
    bassOffset = bass.offset;
  }
  return { symbol, rootOffset: degree.offset, intervals, bassOffset };
}

/** Pitch classes of a chord in a key whose tonic has pitch class `tonicPc`. */
export function chordPitchClasses(chord: ChordSpec, tonicPc: number): number[] {
  return [...new Set(chord.intervals.map((i) => mod12(tonicPc + chord.rootOffset + i)))];
}

/** Root, third (or sus), fifth and seventh only: the tones a voicing must not lose. */
export function coreIntervals(chord: ChordSpec): number[] {
  return chord.intervals.filter((i) => i < 12);
}
