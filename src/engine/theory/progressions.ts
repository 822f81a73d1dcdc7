/**
 * Progression pools per style family and mode, as roman numerals against the tonic (b/# for borrowed roots).
 * Data only: harmony.ts picks from these with the seeded generator.
 */
import type { Mode } from "../types.js";

export interface HarmonyStyle {
  /** Progressions for major-quality keys (major, lydian, mixolydian, major pentatonic). */
  major: readonly (readonly string[])[];
  /** Progressions for minor-quality keys. */
  minor: readonly (readonly string[])[];
  /** Harmonic rhythm: bars each chord lasts (0.5 = two chords a bar). */
  barsPerChord: number;
  /** The chord before a tonic section, the loop turnaround and (unless `final` says more) the last tonic. */
  cadence: { major: string; minor: string };
  /** The piece's closing approach to the final tonic, when it takes more than one chord. */
  final?: { major: readonly string[]; minor: readonly string[] };
  /** The colour chord over the tonic pedal in intros and outros (default IV / iv). */
  pedal?: { major: string; minor: string };
  /** The bass holds the tonic under every chord but the cadence (pipes, open strings, drones). */
  drone?: boolean;
}

export const HARMONY_STYLES = {
  pop: {
    major: [
      ["I", "V", "vi", "IV"],
      ["vi", "IV", "I", "V"],
      ["I", "vi", "IV", "V"],
      ["IV", "I", "V", "vi"],
      ["I", "IV", "vi", "V"],
    ],
    minor: [
      ["i", "bVI", "bIII", "bVII"],
      ["i", "iv", "bVI", "V"],
      ["i", "bVII", "bVI", "bVII"],
    ],
    barsPerChord: 1,
    cadence: { major: "V", minor: "V" },
    final: { major: ["IV", "V"], minor: ["iv", "V"] },
  },
  rock: {
    major: [
      ["I", "bVII", "IV", "I"],
      ["I", "IV", "V", "IV"],
      ["I", "V", "vi", "IV"],
    ],
    minor: [
      ["i", "bVII", "bVI", "bVII"],
      ["i", "bIII", "bVII", "iv"],
      ["i", "bVI", "bIII", "bVII"],
      ["i", "bVII", "bVI", "V"],
    ],
    barsPerChord: 1,
    cadence: { major: "V", minor: "V" },
    final: { major: ["IV", "V"], minor: ["bVI", "V"] },
  },
  edm: {
    major: [
      ["vi", "IV", "I", "V"],
      ["I", "V", "vi", "IV"],
      ["IV", "I", "V", "vi"],
    ],
    minor: [
      ["i", "bVI", "bIII", "bVII"],
      ["i", "bVII", "bVI", "bVII"],
      ["i", "bVI", "bVII", "i"],
      ["i", "iv", "bVI", "bVII"],
    ],
    barsPerChord: 1,
    cadence: { major: "V", minor: "V" },
    final: { major: ["IV", "V"], minor: ["bVI", "bVII"] },
  },
  house: {
    major: [
      ["Imaj7", "IVmaj7"],
      ["ii7", "V7sus4"],
      ["vi7", "IVmaj7"],
    ],
    minor: [
      ["i9", "iv9"],
      ["i7", "bVIImaj7"],
      ["i9", "bVImaj7"],
    ],
    barsPerChord: 2,
    cadence: { major: "V7sus4", minor: "iv9" },
  },
  techno: {
    major: [["I", "bVII"], ["Isus2"]],
    minor: [["i", "bII"], ["i7"], ["i", "bVII"]],
    barsPerChord: 4,
    cadence: { major: "bVII", minor: "bVII" },
  },
  jazz: {
    major: [
      ["ii7", "V7", "Imaj7", "Imaj7"],
      ["Imaj7", "vi7", "ii7", "V7"],
      ["iii7", "vi7", "ii7", "V7"],
      ["Imaj9", "vi9", "ii9", "V9"],
    ],
    minor: [
      ["iiø7", "V7", "i7", "i7"],
      ["i7", "iv7", "iiø7", "V7"],
      ["i9", "iv9", "bVIImaj7", "bIIImaj7"],
    ],
    barsPerChord: 1,
    cadence: { major: "V7", minor: "V7" },
    final: { major: ["ii7", "V7"], minor: ["iiø7", "V7"] },
  },
  lofi: {
    major: [
      ["ii9", "V9", "Imaj9", "vi9"],
      ["IVmaj7", "iii7", "ii9", "Imaj9"],
      ["Imaj9", "vi9", "ii9", "V9"],
    ],
    minor: [
      ["i9", "iv9", "bVIImaj7", "bIIImaj7"],
      ["iv9", "V7", "i9", "i9"],
      ["i9", "bVImaj7", "iv9", "V7"],
    ],
    barsPerChord: 1,
    cadence: { major: "V9", minor: "V7" },
    final: { major: ["ii9", "V9"], minor: ["iv9", "V7"] },
  },
  bossa: {
    major: [
      ["Imaj7", "II7", "ii7", "V7"],
      ["ii7", "V7", "Imaj7", "vi7"],
    ],
    minor: [
      ["i7", "iv7", "V7", "i7"],
      ["iiø7", "V7", "i7", "iv7"],
    ],
    barsPerChord: 1,
    cadence: { major: "V7", minor: "V7" },
    final: { major: ["ii7", "V7"], minor: ["iiø7", "V7"] },
  },
  blues: {
    major: [["I7", "IV7", "I7", "I7", "IV7", "IV7", "I7", "I7", "V7", "IV7", "I7", "V7"]],
    minor: [["i7", "iv7", "i7", "i7", "iv7", "iv7", "i7", "i7", "bVI7", "V7", "i7", "V7"]],
    barsPerChord: 1,
    cadence: { major: "V7", minor: "V7" },
  },
  gospel: {
    major: [
      ["I", "IV/I", "I", "V"],
      ["IVmaj7", "V7", "iii7", "vi7"],
      ["ii7", "V7", "I", "I7"],
      ["I", "iii7", "IV", "V"],
    ],
    minor: [
      ["i", "iv", "bVII", "bIII"],
      ["i", "iv7", "V7", "i"],
    ],
    barsPerChord: 1,
    cadence: { major: "IV", minor: "iv" },
    final: { major: ["V7", "IV"], minor: ["V7", "iv"] },
  },
  funk: {
    major: [["I7", "IV7"], ["ii7", "V7"], ["I7"]],
    minor: [
      ["i7", "IV7"],
      ["i7", "iv7"],
      ["i7", "bVII"],
    ],
    barsPerChord: 1,
    cadence: { major: "V7", minor: "bVII" },
  },
  reggae: {
    major: [
      ["I", "IV"],
      ["I", "V"],
      ["ii", "V"],
    ],
    minor: [
      ["i", "iv"],
      ["i", "bVII"],
    ],
    barsPerChord: 1,
    cadence: { major: "V", minor: "bVII" },
  },
  latin: {
    major: [
      ["I", "IV", "V7", "IV"],
      ["ii7", "V7", "I", "I"],
    ],
    minor: [
      // The Andalusian cadence.
      ["i", "bVII", "bVI", "V"],
      ["i", "iv", "V7", "i"],
    ],
    barsPerChord: 1,
    cadence: { major: "V7", minor: "V" },
    final: { major: ["IV", "V7"], minor: ["bVII", "bVI", "V"] },
  },
  folk: {
    major: [
      ["I", "IV", "V", "I"],
      ["I", "V", "vi", "IV"],
      ["I", "IV", "I", "V"],
      ["I", "vi", "IV", "V"],
    ],
    minor: [
      ["i", "bVII", "i", "bVII"],
      ["i", "bIII", "bVII", "i"],
      ["i", "iv", "bVII", "i"],
      ["i", "iv", "V", "i"],
    ],
    barsPerChord: 1,
    cadence: { major: "V", minor: "V" },
    final: { major: ["IV", "V"], minor: ["iv", "V"] },
  },
  celtic: {
    major: [
      ["I", "bVII", "IV", "I"],
      ["I", "IV", "I", "V"],
      ["I", "V", "IV", "I"],
    ],
    minor: [
      ["i", "bVII", "i", "bVII"],
      ["i", "bIII", "bVII", "i"],
    ],
    barsPerChord: 1,
    cadence: { major: "V", minor: "bVII" },
    drone: true,
  },
  cinematic: {
    major: [
      ["I", "V", "vi", "IV"],
      ["I", "iii", "IV", "V"],
      ["IV", "I", "V", "vi"],
    ],
    minor: [
      ["i", "bVI", "bIII", "bVII"],
      ["i", "iv", "bVI", "V"],
      ["i", "bVI", "iv", "V"],
      ["i", "bVII", "bVI", "V"],
    ],
    barsPerChord: 2,
    cadence: { major: "V", minor: "V" },
    final: { major: ["IV", "V"], minor: ["bVI", "bVII"] },
  },
  ambient: {
    major: [
      ["Imaj7", "IVmaj7"],
      ["Iadd9", "IV/I"],
      ["vi7", "IVmaj7", "Iadd9", "Iadd9"],
    ],
    minor: [
      ["i9", "bVImaj7"],
      ["i", "iv/i"],
      ["i9", "bVIImaj7", "bVImaj7", "i9"],
    ],
    barsPerChord: 2,
    cadence: { major: "IVmaj7", minor: "bVImaj7" },
  },
  piano: {
    major: [
      ["I", "V", "vi", "iii", "IV", "I", "IV", "V"],
      ["Imaj7", "vi7", "IVmaj7", "V"],
      ["I", "iii", "IV", "V"],
      ["vi", "IV", "I", "V"],
    ],
    minor: [
      ["i", "iv", "bVII", "bIII"],
      ["i", "bVI", "bIII", "bVII"],
      ["i", "iv", "V", "i"],
    ],
    barsPerChord: 1,
    cadence: { major: "V", minor: "V" },
    final: { major: ["IV", "V"], minor: ["iv", "V"] },
  },
  chinese: {
    major: [
      ["I", "vi7", "I6", "vi"],
      ["I6", "IIsus4", "vi7", "I"],
      ["vi7", "I", "Vsus2", "I6"],
    ],
    minor: [
      ["i7", "bIII6", "IVsus4", "i7"],
      ["i7", "bVIIsus2", "bIII6", "i7"],
    ],
    barsPerChord: 1,
    cadence: { major: "Vsus2", minor: "bVIIsus2" },
    pedal: { major: "vi7", minor: "bIII6" },
    drone: true,
  },
} as const satisfies Record<string, HarmonyStyle>;

export type HarmonyStyleId = keyof typeof HARMONY_STYLES;

/** Style id → progression pool. Unknown styles use "pop". */
export const STYLE_HARMONY: Record<string, HarmonyStyleId> = {
  pop: "pop",
  rock: "rock",
  electronic: "edm",
  house: "house",
  techno: "techno",
  trance: "edm",
  drum_and_bass: "edm",
  dubstep: "edm",
  synthwave: "edm",
  lofi: "lofi",
  boom_bap: "lofi",
  trap: "edm",
  jazz: "jazz",
  bossa_nova: "bossa",
  blues: "blues",
  funk: "funk",
  disco: "funk",
  reggae: "reggae",
  latin: "latin",
  afrobeat: "funk",
  country: "folk",
  folk: "folk",
  acoustic: "folk",
  piano_solo: "piano",
  ambient: "ambient",
  cinematic: "cinematic",
  orchestral: "cinematic",
  trailer: "cinematic",
  chiptune: "pop",
  chinese_traditional: "chinese",
  celtic: "celtic",
  gospel: "gospel",
  childrens: "folk",
  corporate: "pop",
  waltz: "piano",
};

/** Modal keys get vamps that keep the mode's colour note. */
export const MODAL_POOLS: Partial<Record<Mode, readonly (readonly string[])[]>> = {
  dorian: [
    ["i7", "IV7"],
    ["i", "bIII", "IV", "i"],
    ["i7", "ii7", "bIIImaj7", "IV7"],
  ],
  mixolydian: [
    ["I", "bVII", "IV", "I"],
    ["I", "bVII", "I", "bVII"],
  ],
  lydian: [
    ["Imaj7", "II7"],
    ["I", "II", "vii", "I"],
  ],
  phrygian: [
    ["i", "bII"],
    ["i", "bII", "bIII", "bII"],
  ],
  locrian: [["i°", "bII"]],
};

export const MODAL_CADENCE: Partial<Record<Mode, string>> = {
  dorian: "IV7",
  mixolydian: "bVII",
  lydian: "II",
  phrygian: "bII",
  locrian: "bII",
};
