/**
 * How each style is written: groove, bass line, comping, melody rhythm, form family. Data only.
 * Progression pools live in theory/progressions.ts; voices and ranges in theory/voices.ts.
 */
import type { GrooveId } from "./grooves.js";

export type BassPattern =
  | "whole"
  | "half"
  | "root_fifth"
  | "eighths"
  | "offbeat"
  | "walking"
  | "octaves"
  | "reggae"
  | "slide808"
  | "sub"
  | "bossa"
  | "tumbao"
  | "boogie"
  | "waltz"
  | "jig"
  | "pulse";

export type CompPattern =
  | "block"
  | "pulse8"
  | "offbeat"
  | "strum"
  | "ballad"
  | "waltz"
  | "jig"
  | "bossa"
  | "charleston"
  | "stabs"
  | "gospel";

/** How busy the lead is: notes per beat on average, and whether it syncopates. */
export type MelodyRhythm = "sparse" | "flowing" | "busy" | "syncopated";

/** Section vocabulary: song (verse/chorus), edm (build/drop), score (A/B themes), jam (head/solo). */
export type FormFamily = "song" | "edm" | "score" | "jam";

export interface StyleProfile {
  groove: GrooveId;
  bass: BassPattern;
  comp: CompPattern;
  melody: MelodyRhythm;
  form: FormFamily;
  /** Risers, reverse cymbals and impacts at transitions. */
  transitions: boolean;
  /** Melody restricted to the pentatonic subset of the key. */
  pentatonic: boolean;
}

const base: StyleProfile = {
  groove: "pop_rock",
  bass: "eighths",
  comp: "pulse8",
  melody: "flowing",
  form: "song",
  transitions: true,
  pentatonic: false,
};

function style(over: Partial<StyleProfile>): StyleProfile {
  return { ...base, ...over };
}

export const STYLE_PROFILES: Record<string, StyleProfile> = {
  pop: style({ bass: "eighths", comp: "pulse8" }),
  rock: style({ bass: "eighths", comp: "strum" }),
  electronic: style({ groove: "four_floor", bass: "offbeat", comp: "stabs", form: "edm", melody: "syncopated" }),
  house: style({ groove: "four_floor", bass: "offbeat", comp: "offbeat", form: "edm", melody: "syncopated" }),
  techno: style({ groove: "techno", bass: "pulse", comp: "stabs", form: "edm", melody: "sparse" }),
  trance: style({ groove: "trance", bass: "offbeat", comp: "pulse8", form: "edm", melody: "flowing" }),
  drum_and_bass: style({ groove: "dnb", bass: "sub", comp: "block", form: "edm", melody: "flowing" }),
  dubstep: style({ groove: "dubstep", bass: "sub", comp: "block", form: "edm", melody: "syncopated" }),
  synthwave: style({ groove: "synthwave", bass: "eighths", comp: "pulse8", form: "song" }),
  lofi: style({ groove: "lofi", bass: "half", comp: "block", melody: "sparse", transitions: false }),
  boom_bap: style({ groove: "boom_bap", bass: "half", comp: "stabs", melody: "syncopated", transitions: false }),
  trap: style({ groove: "trap", bass: "slide808", comp: "block", form: "edm", melody: "syncopated" }),
  jazz: style({ groove: "jazz", bass: "walking", comp: "charleston", form: "jam", transitions: false }),
  bossa_nova: style({ groove: "bossa", bass: "bossa", comp: "bossa", transitions: false }),
  blues: style({ groove: "shuffle", bass: "boogie", comp: "charleston", form: "jam", transitions: false }),
  funk: style({ groove: "funk", bass: "octaves", comp: "offbeat", melody: "syncopated" }),
  disco: style({ groove: "disco", bass: "octaves", comp: "offbeat", melody: "syncopated" }),
  reggae: style({ groove: "reggae", bass: "reggae", comp: "offbeat", melody: "sparse", transitions: false }),
  latin: style({ groove: "latin", bass: "tumbao", comp: "bossa", melody: "syncopated" }),
  afrobeat: style({ groove: "afrobeat", bass: "octaves", comp: "offbeat", melody: "syncopated" }),
  country: style({ groove: "country", bass: "root_fifth", comp: "strum", transitions: false }),
  folk: style({ groove: "ballad", bass: "root_fifth", comp: "strum", transitions: false }),
  acoustic: style({ groove: "ballad", bass: "root_fifth", comp: "strum", transitions: false }),
  piano_solo: style({
    groove: "ballad",
    bass: "half",
    comp: "ballad",
    form: "score",
    melody: "flowing",
    transitions: false,
  }),
  ambient: style({
    groove: "ballad",
    bass: "whole",
    comp: "block",
    form: "score",
    melody: "sparse",
    transitions: false,
  }),
  cinematic: style({ groove: "orchestral", bass: "half", comp: "block", form: "score" }),
  orchestral: style({ groove: "orchestral", bass: "half", comp: "block", form: "score" }),
  trailer: style({ groove: "taiko", bass: "pulse", comp: "block", form: "score", melody: "sparse" }),
  chiptune: style({ groove: "chiptune", bass: "octaves", comp: "pulse8", melody: "busy" }),
  chinese_traditional: style({
    groove: "hand",
    bass: "half",
    comp: "ballad",
    form: "score",
    melody: "flowing",
    transitions: false,
    pentatonic: true,
  }),
  celtic: style({ groove: "jig", bass: "root_fifth", comp: "strum", melody: "busy", transitions: false }),
  gospel: style({ groove: "ballad", bass: "half", comp: "gospel", transitions: false }),
  childrens: style({ groove: "country", bass: "root_fifth", comp: "pulse8", melody: "flowing", transitions: false }),
  corporate: style({ groove: "pop_rock", bass: "eighths", comp: "pulse8" }),
  waltz: style({ groove: "waltz", bass: "waltz", comp: "waltz", form: "score", transitions: false }),
};

export function styleProfile(style: string): StyleProfile {
  return STYLE_PROFILES[style] ?? base;
}

/** Meter-specific grooves and patterns override the style's when the meter is not 4/4. */
export function meterOverrides(beatsPerBar: number, beatUnit: number): Partial<StyleProfile> {
  if (beatsPerBar === 3 && beatUnit === 4) return { groove: "waltz", bass: "waltz", comp: "waltz" };
  if (beatsPerBar === 6 && beatUnit === 8) return { groove: "jig", bass: "jig", comp: "jig" };
  if (beatsPerBar === 12 && beatUnit === 8) return { groove: "twelve_eight", bass: "jig", comp: "jig" };
  if (beatsPerBar === 5) return { groove: "five_four", bass: "half", comp: "block" };
  return {};
}
