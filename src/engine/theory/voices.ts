/**
 * The instrument voices the engine knows: one table shared by planning (what to pick), composition
 * (ranges), the sound stage (how it sounds) and MIDI export (GM program). Data only.
 * Ranges are MIDI notes, comfortable playing range (not the absolute extremes).
 */
import type { Family, MidiNote, Role } from "../types.js";

export interface VoiceInfo {
  family: Family;
  /** The role it usually plays. */
  role: Role;
  /** General MIDI program 0..127 (drum kits use channel 10; program is the GM kit number). */
  program: number;
  range: [low: MidiNote, high: MidiNote];
  /** Sustains while held (pads, strings, organ) or decays by itself (piano, plucks, mallets). */
  sustained: boolean;
  label: string;
}

export const VOICES = {
  // keys
  piano: { family: "piano", role: "harmony", program: 0, range: [36, 96], sustained: false, label: "piano" },
  bright_piano: {
    family: "piano",
    role: "harmony",
    program: 1,
    range: [36, 96],
    sustained: false,
    label: "bright piano",
  },
  fm_epiano: {
    family: "epiano",
    role: "harmony",
    program: 4,
    range: [40, 88],
    sustained: false,
    label: "electric piano",
  },
  organ: { family: "organ", role: "harmony", program: 16, range: [36, 88], sustained: true, label: "drawbar organ" },
  church_organ: {
    family: "organ",
    role: "harmony",
    program: 19,
    range: [36, 88],
    sustained: true,
    label: "church organ",
  },
  // mallets and bells
  celesta: { family: "mallets", role: "melody", program: 8, range: [60, 96], sustained: false, label: "celesta" },
  glockenspiel: {
    family: "mallets",
    role: "melody",
    program: 9,
    range: [72, 100],
    sustained: false,
    label: "glockenspiel",
  },
  music_box: { family: "mallets", role: "melody", program: 10, range: [60, 96], sustained: false, label: "music box" },
  vibraphone: {
    family: "mallets",
    role: "harmony",
    program: 11,
    range: [53, 89],
    sustained: false,
    label: "vibraphone",
  },
  marimba: { family: "mallets", role: "melody", program: 12, range: [45, 84], sustained: false, label: "marimba" },
  bells: { family: "mallets", role: "melody", program: 14, range: [60, 96], sustained: false, label: "tubular bells" },
  // guitars and plucked strings
  nylon_guitar: {
    family: "guitar_family",
    role: "harmony",
    program: 24,
    range: [40, 81],
    sustained: false,
    label: "nylon guitar",
  },
  steel_guitar: {
    family: "guitar_family",
    role: "harmony",
    program: 25,
    range: [40, 84],
    sustained: false,
    label: "acoustic guitar",
  },
  clean_guitar: {
    family: "guitar_family",
    role: "harmony",
    program: 27,
    range: [40, 86],
    sustained: false,
    label: "clean electric guitar",
  },
  muted_guitar: {
    family: "guitar_family",
    role: "harmony",
    program: 28,
    range: [40, 76],
    sustained: false,
    label: "muted guitar",
  },
  distorted_guitar: {
    family: "guitar_family",
    role: "harmony",
    program: 30,
    range: [40, 84],
    sustained: true,
    label: "distorted guitar",
  },
  banjo: { family: "guitar_family", role: "harmony", program: 25, range: [48, 84], sustained: false, label: "banjo" },
  ukulele: {
    family: "guitar_family",
    role: "harmony",
    program: 24,
    range: [60, 84],
    sustained: false,
    label: "ukulele",
  },
  harp: { family: "strings", role: "harmony", program: 46, range: [36, 96], sustained: false, label: "harp" },
  guzheng: { family: "ethnic", role: "melody", program: 107, range: [50, 88], sustained: false, label: "guzheng" },
  pipa: { family: "ethnic", role: "melody", program: 107, range: [50, 86], sustained: false, label: "pipa" },
  // basses
  acoustic_bass: {
    family: "bass",
    role: "bass",
    program: 32,
    range: [28, 55],
    sustained: false,
    label: "upright bass",
  },
  finger_bass: { family: "bass", role: "bass", program: 33, range: [28, 55], sustained: false, label: "electric bass" },
  synth_bass: { family: "bass", role: "bass", program: 38, range: [28, 55], sustained: true, label: "synth bass" },
  sub_bass: { family: "bass", role: "bass", program: 38, range: [24, 48], sustained: true, label: "sub bass" },
  bass_808: { family: "bass", role: "bass", program: 38, range: [24, 48], sustained: false, label: "808 bass" },
  wobble_bass: { family: "bass", role: "bass", program: 39, range: [24, 52], sustained: true, label: "wobble bass" },
  // bowed strings
  strings: {
    family: "strings",
    role: "harmony",
    program: 48,
    range: [36, 96],
    sustained: true,
    label: "string ensemble",
  },
  staccato_strings: {
    family: "strings",
    role: "harmony",
    program: 48,
    range: [36, 91],
    sustained: false,
    label: "staccato strings",
  },
  pizzicato_strings: {
    family: "strings",
    role: "harmony",
    program: 45,
    range: [36, 84],
    sustained: false,
    label: "pizzicato strings",
  },
  violin: { family: "strings", role: "melody", program: 40, range: [55, 96], sustained: true, label: "violin" },
  fiddle: { family: "strings", role: "melody", program: 40, range: [55, 93], sustained: true, label: "fiddle" },
  cello: { family: "strings", role: "harmony", program: 42, range: [36, 72], sustained: true, label: "cello" },
  low_strings: { family: "strings", role: "bass", program: 48, range: [28, 60], sustained: true, label: "low strings" },
  erhu: { family: "strings", role: "melody", program: 40, range: [62, 93], sustained: true, label: "erhu" },
  // voices
  choir: { family: "choir", role: "harmony", program: 52, range: [48, 81], sustained: true, label: "choir" },
  // brass
  brass: { family: "brass", role: "harmony", program: 61, range: [40, 82], sustained: true, label: "brass section" },
  trumpet: { family: "brass", role: "melody", program: 56, range: [55, 84], sustained: true, label: "trumpet" },
  trombone: { family: "brass", role: "harmony", program: 57, range: [40, 72], sustained: true, label: "trombone" },
  french_horn: {
    family: "brass",
    role: "harmony",
    program: 60,
    range: [41, 77],
    sustained: true,
    label: "french horns",
  },
  // woodwinds
  saxophone: { family: "woodwind", role: "melody", program: 65, range: [49, 81], sustained: true, label: "alto sax" },
  clarinet: { family: "woodwind", role: "melody", program: 71, range: [50, 89], sustained: true, label: "clarinet" },
  flute: { family: "woodwind", role: "melody", program: 73, range: [60, 96], sustained: true, label: "flute" },
  bamboo_flute: {
    family: "woodwind",
    role: "melody",
    program: 77,
    range: [62, 93],
    sustained: true,
    label: "bamboo flute (dizi)",
  },
  tin_whistle: {
    family: "woodwind",
    role: "melody",
    program: 78,
    range: [62, 93],
    sustained: true,
    label: "tin whistle",
  },
  oboe: { family: "woodwind", role: "melody", program: 68, range: [58, 89], sustained: true, label: "oboe" },
  // synths
  square_lead: { family: "synth", role: "melody", program: 80, range: [55, 91], sustained: true, label: "square lead" },
  saw_lead: { family: "synth", role: "melody", program: 81, range: [55, 91], sustained: true, label: "saw lead" },
  supersaw: { family: "synth", role: "harmony", program: 81, range: [48, 88], sustained: true, label: "supersaw" },
  pluck: { family: "synth", role: "melody", program: 84, range: [55, 91], sustained: false, label: "synth pluck" },
  arp: { family: "synth", role: "harmony", program: 87, range: [48, 91], sustained: false, label: "arpeggiator synth" },
  warm_pad: { family: "synth", role: "harmony", program: 89, range: [43, 84], sustained: true, label: "warm pad" },
  dark_pad: { family: "synth", role: "harmony", program: 95, range: [36, 79], sustained: true, label: "dark pad" },
  choir_pad: { family: "synth", role: "harmony", program: 91, range: [48, 84], sustained: true, label: "choir pad" },
  chip_pulse: {
    family: "synth",
    role: "melody",
    program: 80,
    range: [48, 96],
    sustained: true,
    label: "pulse wave (8-bit)",
  },
  chip_triangle: {
    family: "synth",
    role: "bass",
    program: 80,
    range: [28, 67],
    sustained: true,
    label: "triangle bass (8-bit)",
  },
  // drum kits (role drums, channel 10; program = GM kit)
  kit_acoustic: {
    family: "drums",
    role: "drums",
    program: 0,
    range: [35, 81],
    sustained: false,
    label: "acoustic drums",
  },
  kit_brushes: {
    family: "drums",
    role: "drums",
    program: 40,
    range: [35, 81],
    sustained: false,
    label: "brushed drums",
  },
  kit_808: { family: "drums", role: "drums", program: 25, range: [35, 81], sustained: false, label: "808 drums" },
  kit_909: { family: "drums", role: "drums", program: 25, range: [35, 81], sustained: false, label: "909 drums" },
  kit_lofi: { family: "drums", role: "drums", program: 0, range: [35, 81], sustained: false, label: "dusty drums" },
  kit_orchestral: {
    family: "drums",
    role: "drums",
    program: 48,
    range: [35, 81],
    sustained: false,
    label: "orchestral percussion",
  },
  kit_taiko: { family: "drums", role: "drums", program: 48, range: [35, 81], sustained: false, label: "taiko drums" },
  kit_hand: { family: "drums", role: "drums", program: 0, range: [35, 81], sustained: false, label: "hand percussion" },
  kit_chiptune: {
    family: "drums",
    role: "drums",
    program: 0,
    range: [35, 81],
    sustained: false,
    label: "8-bit noise drums",
  },
  kit_bodhran: { family: "drums", role: "drums", program: 0, range: [35, 81], sustained: false, label: "bodhran" },
  // effects (role fx); one note per event, pitch 60, duration = length
  riser: { family: "fx", role: "fx", program: 122, range: [60, 60], sustained: true, label: "riser" },
  impact: { family: "fx", role: "fx", program: 127, range: [60, 60], sustained: false, label: "impact" },
  reverse_cymbal: { family: "fx", role: "fx", program: 119, range: [60, 60], sustained: true, label: "reverse cymbal" },
  vinyl: { family: "fx", role: "fx", program: 122, range: [60, 60], sustained: true, label: "vinyl crackle" },
  rain: { family: "fx", role: "fx", program: 122, range: [60, 60], sustained: true, label: "rain" },
} as const satisfies Record<string, VoiceInfo>;

export type VoiceId = keyof typeof VOICES;

export function isVoiceId(id: string): id is VoiceId {
  return Object.hasOwn(VOICES, id);
}

/** Info for a voice id; undefined for an unknown id (a sentinel, not a throw). */
export function voiceInfo(id: string): VoiceInfo | undefined {
  return isVoiceId(id) ? VOICES[id] : undefined;
}

/** General MIDI percussion key map (channel 10). */
export const GM_DRUMS = {
  kickAcoustic: 35,
  kick: 36,
  sideStick: 37,
  snare: 38,
  clap: 39,
  snareElectric: 40,
  tomLowFloor: 41,
  hatClosed: 42,
  tomHighFloor: 43,
  hatPedal: 44,
  tomLow: 45,
  hatOpen: 46,
  tomLowMid: 47,
  tomHiMid: 48,
  crash: 49,
  tomHigh: 50,
  ride: 51,
  china: 52,
  rideBell: 53,
  tambourine: 54,
  splash: 55,
  cowbell: 56,
  crash2: 57,
  bongoHigh: 60,
  bongoLow: 61,
  congaMuteHigh: 62,
  congaOpenHigh: 63,
  congaLow: 64,
  timbaleHigh: 65,
  timbaleLow: 66,
  agogoHigh: 67,
  agogoLow: 68,
  cabasa: 69,
  shaker: 70,
  claves: 75,
  woodblockHigh: 76,
  woodblockLow: 77,
  triangleMute: 80,
  triangleOpen: 81,
  shakerAlt: 82,
  sleighBells: 83,
} as const;

/** The stable style ids the planner chooses from and composition keys its grooves and progressions by. */
export const STYLE_IDS = [
  "pop",
  "rock",
  "electronic",
  "house",
  "techno",
  "trance",
  "drum_and_bass",
  "dubstep",
  "synthwave",
  "lofi",
  "boom_bap",
  "trap",
  "jazz",
  "bossa_nova",
  "blues",
  "funk",
  "disco",
  "reggae",
  "latin",
  "afrobeat",
  "country",
  "folk",
  "acoustic",
  "piano_solo",
  "ambient",
  "cinematic",
  "orchestral",
  "trailer",
  "chiptune",
  "chinese_traditional",
  "celtic",
  "gospel",
  "childrens",
  "corporate",
  "waltz",
] as const;
export type StyleId = (typeof STYLE_IDS)[number];
