/**
 * Every built-in voice: how it is synthesised and how its part is treated in the mix (EQ, width).
 * Ids match theory/voices.ts; `voiceFor` falls back by family for ids it does not know.
 */
import type { Family } from "../../types.js";
import { type AnalogPreset, analogVoice } from "./analog.js";
import { fmVoice, modalVoice } from "./modal.js";
import { organVoice } from "./organ.js";
import { pianoVoice } from "./piano.js";
import { pluckVoice } from "./pluck.js";
import type { VoiceFactory } from "./voice.js";

export interface PartEq {
  kind: "peaking" | "lowshelf" | "highshelf" | "highpass" | "lowpass";
  hz: number;
  gainDb?: number;
  q?: number;
}

export interface VoiceDefinition {
  create: VoiceFactory;
  /** Extra part EQ (body resonances, cabinet, air). */
  eq?: PartEq[];
  /** 0..1 stereo spread by a short modulated delay (ensembles, pads, supersaws). */
  width?: number;
  /** Lowest content worth keeping; the part's high-pass sits below it. */
  highpassHz?: number;
}

const pad = (p: Partial<AnalogPreset> & Pick<AnalogPreset, "oscs" | "filter">): AnalogPreset => ({
  amp: { attack: 0.6, decay: 1, sustain: 0.85, release: 1.6 },
  level: 0.5,
  ...p,
});

const stringsEnsemble: AnalogPreset = {
  oscs: [
    { wave: "saw", cents: -9 },
    { wave: "saw", cents: 0 },
    { wave: "saw", cents: 8 },
    { wave: "pulse", cents: 4, width: 0.3, level: 0.5 },
  ],
  filter: { cutoffHz: 1700, keyTrack: 0.6, resonance: 0.05, velocityOctaves: 0.8 },
  filterEnv: { attack: 0.3, decay: 1, sustain: 0.6, release: 0.5 },
  amp: { attack: 0.22, decay: 0.6, sustain: 0.92, release: 0.5 },
  vibrato: { hz: 5.2, cents: 9, delaySeconds: 0.25 },
  breath: { level: 0.035, hz: 3200, resonance: 0.3 },
  level: 0.55,
};

const soloString = (cents: number, cutoffHz: number, vibratoCents: number, glide = 0): AnalogPreset => ({
  oscs: [
    { wave: "saw", level: 1 },
    { wave: "pulse", width: 0.22, cents, level: 0.45 },
  ],
  filter: { cutoffHz, keyTrack: 0.7, resonance: 0.12, velocityOctaves: 0.9, envOctaves: 0.6 },
  filterEnv: { attack: 0.12, decay: 0.6, sustain: 0.5, release: 0.3 },
  amp: { attack: 0.09, decay: 0.4, sustain: 0.9, release: 0.22 },
  vibrato: { hz: 5.7, cents: vibratoCents, delaySeconds: 0.18 },
  breath: { level: 0.05, hz: 2800, resonance: 0.4 },
  ...(glide ? { pitchGlide: { semitones: glide, seconds: 0.12 } } : {}),
  level: 0.5,
});

const brassPreset = (cutoffHz: number, attack: number, oscs = 2): AnalogPreset => ({
  oscs:
    oscs === 1
      ? [{ wave: "saw" }]
      : [
          { wave: "saw", cents: -5 },
          { wave: "saw", cents: 6 },
        ],
  filter: { cutoffHz, keyTrack: 0.7, resonance: 0.1, envOctaves: 1.6, velocityOctaves: 1.4 },
  filterEnv: { attack: attack * 1.4, decay: 0.5, sustain: 0.55, release: 0.2 },
  amp: { attack, decay: 0.35, sustain: 0.85, release: 0.18 },
  vibrato: { hz: 5.3, cents: 8, delaySeconds: 0.35 },
  pitchGlide: { semitones: -0.35, seconds: 0.06 },
  breath: { level: 0.02, hz: 1800, resonance: 0.2 },
  drive: 1.3,
  level: 0.55,
});

const wind = (
  oscs: AnalogPreset["oscs"],
  cutoffHz: number,
  breath: number,
  vibratoCents: number,
  extra: Partial<AnalogPreset> = {},
): AnalogPreset => ({
  oscs,
  filter: { cutoffHz, keyTrack: 0.8, resonance: 0.05, velocityOctaves: 0.7, envOctaves: 0.5 },
  filterEnv: { attack: 0.06, decay: 0.3, sustain: 0.6, release: 0.15 },
  amp: { attack: 0.045, decay: 0.3, sustain: 0.88, release: 0.12 },
  vibrato: { hz: 5.1, cents: vibratoCents, delaySeconds: 0.22 },
  breath: { level: breath, hz: 2600, resonance: 0.35 },
  level: 0.55,
  ...extra,
});

const choirPreset = (attack: number): AnalogPreset => ({
  oscs: [
    { wave: "saw", cents: -7 },
    { wave: "saw", cents: 6 },
    { wave: "pulse", width: 0.4, cents: 1, level: 0.6 },
  ],
  filter: { cutoffHz: 3800, keyTrack: 0.2, resonance: 0 },
  formants: [
    [730, 0.82, 1.0],
    [1090, 0.85, 0.55],
    [2440, 0.88, 0.28],
    [300, 0.5, 0.3],
  ],
  amp: { attack, decay: 0.8, sustain: 0.9, release: 0.9 },
  vibrato: { hz: 5, cents: 11, delaySeconds: 0.3 },
  breath: { level: 0.05, hz: 4000, resonance: 0.1 },
  level: 1.5,
});

export const VOICE_DEFINITIONS: Record<string, VoiceDefinition> = {
  // keys
  piano: {
    create: pianoVoice({ rolloff: 1.15, decaySeconds: 9, detuneCents: 0.9, thump: 0.05, level: 0.55 }),
    highpassHz: 35,
  },
  bright_piano: {
    create: pianoVoice({ rolloff: 0.85, decaySeconds: 7, detuneCents: 1.4, thump: 0.06, level: 0.5 }),
    eq: [{ kind: "highshelf", hz: 3500, gainDb: 3 }],
    highpassHz: 40,
  },
  fm_epiano: {
    create: fmVoice({
      pairs: [
        { carrier: 1, modulator: 1, index: 2.2, indexDecay: 1.2, level: 1 },
        { carrier: 1, modulator: 14, index: 1.1, indexDecay: 0.08, level: 0.25 },
      ],
      decaySeconds: 4.5,
      releaseSeconds: 0.3,
      tremolo: { hz: 4.6, depth: 0.12 },
      level: 0.5,
    }),
    width: 0.35,
    highpassHz: 50,
  },
  organ: {
    create: organVoice({
      drawbars: [8, 8, 8, 0, 0, 0, 0, 0, 3],
      attackSeconds: 0.004,
      releaseSeconds: 0.05,
      click: 0.25,
      percussion: 0.4,
      rotaryHz: 6.5,
      level: 0.45,
    }),
    width: 0.4,
    highpassHz: 45,
  },
  church_organ: {
    create: organVoice({
      drawbars: [6, 2, 8, 7, 4, 6, 2, 3, 5],
      attackSeconds: 0.07,
      releaseSeconds: 0.35,
      click: 0,
      percussion: 0,
      rotaryHz: 0,
      level: 0.4,
    }),
    width: 0.5,
    highpassHz: 30,
  },
  // mallets and bells
  celesta: {
    create: fmVoice({
      pairs: [
        { carrier: 1, modulator: 4, index: 0.9, indexDecay: 0.25, level: 1 },
        { carrier: 2, modulator: 1, index: 0.3, indexDecay: 0.4, level: 0.18 },
      ],
      decaySeconds: 1.6,
      releaseSeconds: 0.5,
      level: 0.45,
    }),
    highpassHz: 150,
  },
  glockenspiel: {
    create: modalVoice({
      modes: [
        [1, 1, 2.6],
        [2.71, 0.55, 1.2],
        [5.15, 0.3, 0.6],
        [8.23, 0.15, 0.3],
      ],
      releaseSeconds: 1.5,
      clickLevel: 0.12,
      level: 0.35,
    }),
    highpassHz: 300,
  },
  music_box: {
    create: modalVoice({
      modes: [
        [1, 1, 1.6],
        [3.01, 0.45, 0.9],
        [5.93, 0.3, 0.45],
        [9.7, 0.15, 0.2],
      ],
      releaseSeconds: 1.2,
      clickLevel: 0.2,
      level: 0.4,
    }),
    highpassHz: 250,
  },
  vibraphone: {
    create: modalVoice({
      modes: [
        [1, 1, 3.5],
        [4, 0.4, 1.5],
        [10, 0.14, 0.45],
      ],
      releaseSeconds: 0.35,
      clickLevel: 0.08,
      tremolo: { hz: 5.2, depth: 0.35 },
      level: 0.45,
    }),
    width: 0.3,
    highpassHz: 120,
  },
  marimba: {
    create: modalVoice({
      modes: [
        [1, 1, 0.9],
        [3.93, 0.6, 0.45],
        [9.2, 0.25, 0.16],
      ],
      releaseSeconds: 0.4,
      clickLevel: 0.18,
      level: 0.55,
    }),
    highpassHz: 90,
  },
  bells: {
    create: fmVoice({
      pairs: [
        { carrier: 1, modulator: 3.5, index: 3.2, indexDecay: 2.5, level: 1 },
        { carrier: 2.76, modulator: 1.41, index: 1.2, indexDecay: 1, level: 0.3 },
      ],
      decaySeconds: 5,
      releaseSeconds: 2.5,
      level: 0.35,
    }),
    highpassHz: 150,
  },
  // guitars and plucked strings
  nylon_guitar: {
    create: pluckVoice({
      decaySeconds: 3,
      brightness: 0.45,
      pluckPosition: 0.2,
      damping: 0.5,
      releaseSeconds: 0.35,
      level: 0.55,
    }),
    eq: [
      { kind: "peaking", hz: 110, gainDb: 3, q: 1.2 },
      { kind: "peaking", hz: 2400, gainDb: -2, q: 1 },
    ],
    highpassHz: 70,
  },
  steel_guitar: {
    create: pluckVoice({
      decaySeconds: 3.5,
      brightness: 0.8,
      pluckPosition: 0.13,
      damping: 0.42,
      releaseSeconds: 0.3,
      level: 0.5,
    }),
    eq: [
      { kind: "peaking", hz: 120, gainDb: 2.5, q: 1.2 },
      { kind: "highshelf", hz: 5000, gainDb: 2 },
    ],
    highpassHz: 80,
  },
  clean_guitar: {
    create: pluckVoice({
      decaySeconds: 3.5,
      brightness: 0.65,
      pluckPosition: 0.17,
      damping: 0.47,
      releaseSeconds: 0.2,
      drive: 1.2,
      level: 0.5,
    }),
    eq: [
      { kind: "peaking", hz: 800, gainDb: 2, q: 0.8 },
      { kind: "lowpass", hz: 6500 },
    ],
    width: 0.25,
    highpassHz: 90,
  },
  muted_guitar: {
    create: pluckVoice({
      decaySeconds: 0.35,
      brightness: 0.5,
      pluckPosition: 0.2,
      damping: 0.55,
      releaseSeconds: 0.08,
      level: 0.6,
    }),
    eq: [{ kind: "peaking", hz: 700, gainDb: 2, q: 1 }],
    highpassHz: 90,
  },
  distorted_guitar: {
    create: pluckVoice({
      decaySeconds: 6,
      brightness: 0.7,
      pluckPosition: 0.15,
      damping: 0.45,
      releaseSeconds: 0.12,
      sustain: true,
      drive: 9,
      level: 0.45,
    }),
    // a 4×12 cabinet: no fizz above 5 kHz, a mid bump
    eq: [
      { kind: "lowpass", hz: 4800, q: 0.8 },
      { kind: "peaking", hz: 1500, gainDb: 3, q: 0.9 },
      { kind: "peaking", hz: 350, gainDb: -2, q: 1 },
    ],
    width: 0.35,
    highpassHz: 90,
  },
  banjo: {
    create: pluckVoice({
      decaySeconds: 1.1,
      brightness: 0.95,
      pluckPosition: 0.08,
      damping: 0.35,
      releaseSeconds: 0.2,
      level: 0.45,
    }),
    eq: [{ kind: "peaking", hz: 2500, gainDb: 4, q: 1.4 }],
    highpassHz: 150,
  },
  ukulele: {
    create: pluckVoice({
      decaySeconds: 1.2,
      brightness: 0.6,
      pluckPosition: 0.22,
      damping: 0.48,
      releaseSeconds: 0.25,
      level: 0.55,
    }),
    eq: [{ kind: "peaking", hz: 400, gainDb: 3, q: 1.1 }],
    highpassHz: 180,
  },
  harp: {
    create: pluckVoice({
      decaySeconds: 5,
      brightness: 0.4,
      pluckPosition: 0.45,
      damping: 0.5,
      releaseSeconds: 2.5,
      level: 0.5,
    }),
    width: 0.3,
    highpassHz: 50,
  },
  guzheng: {
    create: pluckVoice({
      decaySeconds: 3.5,
      brightness: 0.85,
      pluckPosition: 0.1,
      damping: 0.4,
      releaseSeconds: 1.5,
      level: 0.5,
    }),
    eq: [{ kind: "peaking", hz: 1800, gainDb: 3, q: 1.2 }],
    highpassHz: 100,
  },
  pipa: {
    create: pluckVoice({
      decaySeconds: 1.4,
      brightness: 0.9,
      pluckPosition: 0.09,
      damping: 0.4,
      releaseSeconds: 0.3,
      tremoloHz: 13,
      level: 0.45,
    }),
    eq: [{ kind: "peaking", hz: 2200, gainDb: 3, q: 1.2 }],
    highpassHz: 120,
  },
  // basses
  acoustic_bass: {
    create: pluckVoice({
      decaySeconds: 2.2,
      brightness: 0.25,
      pluckPosition: 0.25,
      damping: 0.55,
      releaseSeconds: 0.15,
      level: 0.8,
    }),
    eq: [{ kind: "peaking", hz: 90, gainDb: 3, q: 1 }],
  },
  finger_bass: {
    create: pluckVoice({
      decaySeconds: 3,
      brightness: 0.35,
      pluckPosition: 0.2,
      damping: 0.52,
      releaseSeconds: 0.08,
      level: 0.8,
    }),
    eq: [{ kind: "peaking", hz: 700, gainDb: 1.5, q: 1 }],
  },
  synth_bass: {
    create: analogVoice({
      oscs: [{ wave: "saw" }, { wave: "square", semitones: -12, level: 0.7 }],
      filter: { cutoffHz: 260, keyTrack: 0.5, resonance: 0.35, envOctaves: 2.6, velocityOctaves: 0.6 },
      filterEnv: { attack: 0.002, decay: 0.28, sustain: 0.15, release: 0.1 },
      amp: { attack: 0.003, decay: 0.4, sustain: 0.85, release: 0.07 },
      drive: 1.6,
      level: 0.75,
    }),
  },
  sub_bass: {
    create: analogVoice({
      // mostly sine, with enough 2nd/3rd harmonic from the drive to be heard on small speakers
      oscs: [{ wave: "sine" }, { wave: "triangle", level: 0.5 }],
      filter: { cutoffHz: 260, keyTrack: 0.4, resonance: 0 },
      amp: { attack: 0.006, decay: 0.5, sustain: 1, release: 0.09 },
      drive: 2.4,
      level: 0.85,
    }),
  },
  bass_808: {
    create: analogVoice({
      oscs: [{ wave: "sine" }],
      filter: { cutoffHz: 900, keyTrack: 0, resonance: 0 },
      amp: { attack: 0.002, decay: 2.4, sustain: 0, release: 0.12 },
      pitchGlide: { semitones: 7, seconds: 0.06 },
      drive: 4,
      level: 0.85,
    }),
  },
  wobble_bass: {
    create: analogVoice({
      oscs: [
        { wave: "saw", cents: -8 },
        { wave: "saw", cents: 8 },
        { wave: "square", semitones: -12, level: 0.8 },
      ],
      filter: { cutoffHz: 180, keyTrack: 0.3, resonance: 0.55, lfoBeats: 0.5, lfoOctaves: 4 },
      amp: { attack: 0.004, decay: 0.3, sustain: 0.9, release: 0.08 },
      drive: 2.4,
      level: 0.65,
    }),
  },
  // bowed strings
  strings: { create: analogVoice(stringsEnsemble), width: 0.8, highpassHz: 60 },
  staccato_strings: {
    create: analogVoice({
      ...stringsEnsemble,
      amp: { attack: 0.012, decay: 0.22, sustain: 0.25, release: 0.12 },
      filterEnv: { attack: 0.01, decay: 0.2, sustain: 0.3, release: 0.1 },
      filter: { ...stringsEnsemble.filter, envOctaves: 1 },
      vibrato: { hz: 5.5, cents: 4, delaySeconds: 0.1 },
    }),
    width: 0.7,
    highpassHz: 60,
  },
  pizzicato_strings: {
    create: pluckVoice({
      decaySeconds: 0.6,
      brightness: 0.35,
      pluckPosition: 0.3,
      damping: 0.55,
      releaseSeconds: 0.3,
      level: 0.6,
    }),
    eq: [{ kind: "peaking", hz: 300, gainDb: 2, q: 1 }],
    width: 0.5,
    highpassHz: 60,
  },
  violin: {
    create: analogVoice(soloString(3, 2600, 22)),
    eq: [
      { kind: "peaking", hz: 480, gainDb: 3, q: 1.4 },
      { kind: "peaking", hz: 2900, gainDb: 4, q: 1.2 },
    ],
    highpassHz: 180,
  },
  fiddle: {
    create: analogVoice({
      ...soloString(5, 3200, 12),
      amp: { attack: 0.03, decay: 0.3, sustain: 0.85, release: 0.12 },
    }),
    eq: [
      { kind: "peaking", hz: 520, gainDb: 2, q: 1.4 },
      { kind: "peaking", hz: 3000, gainDb: 5, q: 1.1 },
    ],
    highpassHz: 180,
  },
  cello: {
    create: analogVoice(soloString(2, 1400, 16)),
    eq: [{ kind: "peaking", hz: 220, gainDb: 3, q: 1.2 }],
    width: 0.3,
    highpassHz: 55,
  },
  low_strings: {
    create: analogVoice({ ...stringsEnsemble, filter: { ...stringsEnsemble.filter, cutoffHz: 1100 } }),
    width: 0.4,
  },
  erhu: {
    create: analogVoice({ ...soloString(4, 2400, 38, -0.6), breath: { level: 0.08, hz: 2200, resonance: 0.5 } }),
    eq: [
      { kind: "peaking", hz: 900, gainDb: 4, q: 1.5 },
      { kind: "peaking", hz: 2500, gainDb: 2, q: 1.5 },
    ],
    highpassHz: 250,
  },
  // voices
  choir: { create: analogVoice(choirPreset(0.35)), width: 0.7, highpassHz: 100 },
  // brass
  brass: { create: analogVoice(brassPreset(650, 0.04)), width: 0.5, highpassHz: 60 },
  trumpet: {
    create: analogVoice(brassPreset(950, 0.03, 1)),
    eq: [{ kind: "peaking", hz: 1300, gainDb: 3, q: 1 }],
    highpassHz: 150,
  },
  trombone: { create: analogVoice(brassPreset(480, 0.05)), highpassHz: 60 },
  french_horn: {
    create: analogVoice({ ...brassPreset(340, 0.08), drive: 0 }),
    eq: [{ kind: "lowpass", hz: 3000 }],
    width: 0.4,
    highpassHz: 60,
  },
  // woodwinds
  saxophone: {
    create: analogVoice(
      wind([{ wave: "saw" }, { wave: "pulse", width: 0.35, level: 0.5 }], 1700, 0.06, 14, { drive: 1.8 }),
    ),
    eq: [{ kind: "peaking", hz: 1200, gainDb: 3, q: 1.2 }],
    highpassHz: 120,
  },
  clarinet: {
    create: analogVoice(wind([{ wave: "square" }, { wave: "sine", level: 0.4 }], 1500, 0.03, 6)),
    highpassHz: 130,
  },
  flute: {
    create: analogVoice(wind([{ wave: "triangle" }, { wave: "sine", semitones: 12, level: 0.25 }], 2600, 0.1, 16)),
    highpassHz: 220,
  },
  bamboo_flute: {
    // the dizi's membrane adds a buzzy upper edge
    create: analogVoice(
      wind([{ wave: "triangle" }, { wave: "pulse", width: 0.15, level: 0.18 }], 3200, 0.13, 24, {
        pitchGlide: { semitones: -0.5, seconds: 0.08 },
      }),
    ),
    eq: [{ kind: "peaking", hz: 3500, gainDb: 3, q: 1.5 }],
    highpassHz: 250,
  },
  tin_whistle: {
    create: analogVoice(wind([{ wave: "triangle" }, { wave: "pulse", width: 0.3, level: 0.12 }], 3600, 0.07, 18)),
    highpassHz: 300,
  },
  oboe: {
    create: analogVoice(
      wind(
        [
          { wave: "pulse", width: 0.18 },
          { wave: "saw", level: 0.3 },
        ],
        2200,
        0.03,
        10,
      ),
    ),
    eq: [{ kind: "peaking", hz: 1400, gainDb: 4, q: 1.3 }],
    highpassHz: 200,
  },
  // synths
  square_lead: {
    create: analogVoice({
      oscs: [{ wave: "square" }, { wave: "pulse", width: 0.25, cents: 6, level: 0.6 }],
      filter: { cutoffHz: 2400, keyTrack: 0.5, resonance: 0.2, envOctaves: 1, velocityOctaves: 0.5 },
      filterEnv: { attack: 0.005, decay: 0.25, sustain: 0.4, release: 0.1 },
      amp: { attack: 0.005, decay: 0.2, sustain: 0.85, release: 0.12 },
      vibrato: { hz: 5.6, cents: 14, delaySeconds: 0.25 },
      level: 0.45,
    }),
    highpassHz: 150,
  },
  saw_lead: {
    create: analogVoice({
      oscs: [
        { wave: "saw", cents: -6 },
        { wave: "saw", cents: 6 },
        { wave: "square", semitones: -12, level: 0.3 },
      ],
      filter: { cutoffHz: 2200, keyTrack: 0.5, resonance: 0.28, envOctaves: 1.5, velocityOctaves: 0.6 },
      filterEnv: { attack: 0.004, decay: 0.3, sustain: 0.5, release: 0.15 },
      amp: { attack: 0.006, decay: 0.25, sustain: 0.85, release: 0.15 },
      vibrato: { hz: 5.5, cents: 12, delaySeconds: 0.3 },
      level: 0.42,
    }),
    width: 0.2,
    highpassHz: 150,
  },
  supersaw: {
    create: analogVoice({
      oscs: [-24, -15, -7, 0, 7, 15, 24].map((cents) => ({
        wave: "saw" as const,
        cents,
        level: cents === 0 ? 1 : 0.75,
      })),
      filter: { cutoffHz: 3800, keyTrack: 0.3, resonance: 0.1, velocityOctaves: 0.6 },
      amp: { attack: 0.015, decay: 0.5, sustain: 0.9, release: 0.35 },
      level: 0.6,
    }),
    width: 1,
    highpassHz: 150,
  },
  pluck: {
    create: analogVoice({
      oscs: [
        { wave: "saw", cents: -5 },
        { wave: "square", cents: 5, level: 0.6 },
      ],
      filter: { cutoffHz: 350, keyTrack: 0.7, resonance: 0.3, envOctaves: 4, velocityOctaves: 1 },
      filterEnv: { attack: 0.001, decay: 0.18, sustain: 0, release: 0.1 },
      amp: { attack: 0.002, decay: 0.45, sustain: 0, release: 0.18 },
      level: 0.6,
    }),
    width: 0.4,
    highpassHz: 150,
  },
  arp: {
    create: analogVoice({
      oscs: [
        { wave: "pulse", width: 0.3 },
        { wave: "saw", cents: 7, level: 0.6 },
      ],
      filter: { cutoffHz: 600, keyTrack: 0.6, resonance: 0.35, envOctaves: 3, velocityOctaves: 0.8 },
      filterEnv: { attack: 0.001, decay: 0.15, sustain: 0.1, release: 0.08 },
      amp: { attack: 0.002, decay: 0.3, sustain: 0.25, release: 0.1 },
      level: 0.55,
    }),
    width: 0.5,
    highpassHz: 150,
  },
  warm_pad: {
    create: analogVoice(
      pad({
        oscs: [
          { wave: "saw", cents: -12 },
          { wave: "saw", cents: 11 },
          { wave: "saw", cents: -3, level: 0.8 },
          { wave: "triangle", semitones: -12, level: 0.6 },
        ],
        filter: { cutoffHz: 900, keyTrack: 0.35, resonance: 0.12, lfoHz: 0.13, lfoOctaves: 0.9, envOctaves: 0.6 },
        filterEnv: { attack: 1.2, decay: 2, sustain: 0.6, release: 1.5 },
      }),
    ),
    width: 0.9,
    highpassHz: 90,
  },
  dark_pad: {
    create: analogVoice(
      pad({
        oscs: [
          { wave: "saw", cents: -9 },
          { wave: "square", cents: 9, level: 0.7 },
          { wave: "saw", semitones: -12, cents: 3, level: 0.6 },
        ],
        filter: { cutoffHz: 480, keyTrack: 0.3, resonance: 0.22, lfoHz: 0.08, lfoOctaves: 1.2 },
        amp: { attack: 1.3, decay: 1.5, sustain: 0.9, release: 2.2 },
        level: 0.55,
      }),
    ),
    width: 0.9,
    highpassHz: 70,
  },
  choir_pad: { create: analogVoice({ ...choirPreset(0.9), level: 1.3 }), width: 0.9, highpassHz: 100 },
  chip_pulse: {
    create: analogVoice({
      oscs: [{ wave: "pulse", width: 0.25 }],
      filter: { cutoffHz: 14000, keyTrack: 0, resonance: 0 },
      amp: { attack: 0.001, decay: 0.15, sustain: 0.7, release: 0.03 },
      vibrato: { hz: 6, cents: 10, delaySeconds: 0.3 },
      bits: 15,
      level: 0.35,
    }),
    highpassHz: 120,
  },
  chip_triangle: {
    create: analogVoice({
      oscs: [{ wave: "triangle" }],
      filter: { cutoffHz: 12000, keyTrack: 0, resonance: 0 },
      amp: { attack: 0.001, decay: 0.1, sustain: 1, release: 0.02 },
      bits: 8,
      level: 0.7,
    }),
  },
};

/** When an id is unknown (voices appended later), pick a definition that sounds like its family. */
const FAMILY_FALLBACK: Record<Family, string> = {
  piano: "piano",
  epiano: "fm_epiano",
  organ: "organ",
  guitar_family: "steel_guitar",
  bass: "finger_bass",
  strings: "strings",
  brass: "brass",
  woodwind: "flute",
  synth: "warm_pad",
  mallets: "marimba",
  drums: "kit_acoustic",
  choir: "choir",
  ethnic: "guzheng",
  fx: "riser",
};

export function voiceFor(id: string, family: Family): VoiceDefinition {
  return VOICE_DEFINITIONS[id] ?? VOICE_DEFINITIONS[FAMILY_FALLBACK[family]] ?? VOICE_DEFINITIONS.piano!;
}
